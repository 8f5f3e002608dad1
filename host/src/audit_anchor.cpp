#include "audit_anchor.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace oqs::host {

std::optional<AuditHead> readAuditAnchor(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j["id"].is_number_integer() || !j["hash"].is_string() ||
        !j["keyed_from"].is_number_integer())
        return std::nullopt;
    return AuditHead{j["id"].get<int64_t>(), j["hash"].get<std::string>(), j["keyed_from"].get<int64_t>()};
}

void writeAuditAnchor(const std::string& file, const AuditHead& head) {
    // No fsync: the rename is atomic for every reader; after a power loss the anchor may lag the database (a
    // truncation of the last rows then goes unseen) or, with synchronous=NORMAL, lead it by the last commits lost.
    std::string text = nlohmann::json{{"id", head.id}, {"hash", head.hash}, {"keyed_from", head.keyedFrom}}.dump() + "\n";
    std::string tmp = file + ".tmp";  // one writer at a time (the lock), so one temporary name is enough
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot write the audit anchor " + tmp + ": " + std::strerror(errno));
    bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ok = ::close(fd) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0)
        throw std::runtime_error("cannot write the audit anchor " + file + ": " + std::strerror(errno));
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
