#include "audit/audit_anchor.hpp"

#include "identity/crypto.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace oqs::host {

namespace {

constexpr size_t kSlot = 256;

struct Slot {
    int64_t seq = 0;
    AuditHead head;
};

std::string checkOf(int64_t seq, const AuditHead& h) {
    return Crypto::sha256Hex(std::to_string(seq) + ":" + std::to_string(h.id) + ":" + h.hash + ":" +
                             std::to_string(h.keyedFrom))
        .substr(0, 16);
}

std::optional<Slot> parseSlot(const std::string& bytes) {
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    for (const char* k : {"seq", "id", "keyed_from"})
        if (!j.contains(k) || !j[k].is_number_integer()) return std::nullopt;
    if (!j.contains("hash") || !j["hash"].is_string() || !j.contains("check") || !j["check"].is_string())
        return std::nullopt;
    Slot s{j["seq"].get<int64_t>(),
           {j["id"].get<int64_t>(), j["hash"].get<std::string>(), j["keyed_from"].get<int64_t>()}};
    if (j["check"] != checkOf(s.seq, s.head)) return std::nullopt;  // torn, or edited by hand
    return s;
}

// Both slots as they are, or nothing for a slot that is empty or not whole.
std::pair<std::optional<Slot>, std::optional<Slot>> readSlots(int fd) {
    std::string bytes(2 * kSlot, ' ');
    ssize_t n = ::pread(fd, bytes.data(), bytes.size(), 0);
    if (n <= 0) return {};
    bytes.resize(size_t(n));
    auto slot = [&](size_t i) {
        return bytes.size() > i * kSlot ? parseSlot(bytes.substr(i * kSlot, kSlot)) : std::nullopt;
    };
    return {slot(0), slot(1)};
}

bool firstIsNewest(const std::pair<std::optional<Slot>, std::optional<Slot>>& s) {
    return s.first && (!s.second || s.first->seq > s.second->seq);
}
std::optional<Slot> newest(const std::pair<std::optional<Slot>, std::optional<Slot>>& s) {
    return firstIsNewest(s) ? s.first : s.second;
}

}  // namespace

std::optional<AuditHead> readAuditAnchor(const std::string& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    auto s = newest(readSlots(fd));
    ::close(fd);
    if (!s) return std::nullopt;
    return s->head;
}

void writeAuditAnchor(const std::string& file, const AuditHead& head) {
    // No fsync: after a power loss the anchor may lag the database (a truncation of the last rows then goes
    // unseen) or, with SQLite's synchronous=NORMAL, lead it by the last commits lost.
    int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write the audit anchor " + file + ": " + std::strerror(errno));
    auto slots = readSlots(fd);
    auto last = newest(slots);
    int64_t seq = last ? last->seq + 1 : 1;
    size_t index = firstIsNewest(slots) ? 1 : 0;  // never overwrite the newest whole slot
    std::string line = nlohmann::json{{"seq", seq},
                                      {"id", head.id},
                                      {"hash", head.hash},
                                      {"keyed_from", head.keyedFrom},
                                      {"check", checkOf(seq, head)}}
                           .dump();
    if (line.size() >= kSlot) {
        ::close(fd);
        throw std::runtime_error("the audit head does not fit its anchor slot");
    }
    line.resize(kSlot - 1, ' ');
    line += '\n';
    bool ok = ::pwrite(fd, line.data(), line.size(), off_t(index * kSlot)) == ssize_t(line.size());
    ok = ::close(fd) == 0 && ok;
    if (!ok) throw std::runtime_error("cannot write the audit anchor " + file + ": " + std::strerror(errno));
}

AuditAnchorLock::AuditAnchorLock(const std::string& file) {
    std::string lock = file + ".lock";
    m_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) throw std::runtime_error("cannot open " + lock + ": " + std::strerror(errno));
    while (::flock(m_fd, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        ::close(m_fd);
        throw std::runtime_error("cannot lock " + lock + ": " + std::strerror(errno));
    }
}

AuditAnchorLock::~AuditAnchorLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

}  // namespace oqs::host
