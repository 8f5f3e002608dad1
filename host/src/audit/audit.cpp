#include "audit/audit.hpp"

#include "audit/audit_anchor.hpp"
#include "identity/crypto.hpp"
#include "host.hpp"

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

namespace oqs::host {

namespace {

// Length-prefixed fields: no separator inside a field can make two different rows hash alike.
std::string canonical(int64_t id, int64_t atMs, const std::string& inst, const std::string& user,
                      const std::string& kind, const std::string& remote, const std::string& source,
                      const std::string& action, const std::string& detail, const std::string& prev) {
    std::string out;
    auto put = [&](const std::string& s) { out += std::to_string(s.size()) + ":" + s + ";"; };
    put(std::to_string(id));
    put(std::to_string(atMs));
    for (const auto* s : {&inst, &user, &kind, &remote, &source, &action, &detail, &prev}) put(*s);
    return out;
}
const std::string kGenesis(64, '0');
// A keyed row's hash names its algorithm; a bare 64-digit hex hash is an unkeyed SHA-256 row from before.
const std::string kKeyedPrefix = "hmac-sha256:";
constexpr const char* kKdfContext = "oqsaudit";

bool isKeyed(const std::string& hash) { return hash.rfind(kKeyedPrefix, 0) == 0; }
std::string keyedHash(const std::string& key, const std::string& canon) {
    return kKeyedPrefix + Crypto::hmacSha256Hex(key, canon);
}

// [SECTION] The chains attached in this process, by database file
struct Attached {
    AuditChain chain;
    mutable std::atomic<bool> warned{false};  // a broken anchor is logged once per process, not on every commit
};
std::mutex g_mutex;
std::map<std::string, const Attached*> g_attached;  // the chain each database file uses now
// Every chain ever attached, kept for the process's life: a connection's WAL hook may still point at one that a
// newer key replaced (tests reuse a file name with a new key file), so none is freed.
std::deque<std::unique_ptr<Attached>> g_kept;

std::string fileOf(Connection& c) {
    const char* f = sqlite3_db_filename(c.raw(), "main");
    return f ? f : "";
}
const Attached* attachedTo(Connection& c) {
    std::lock_guard lock(g_mutex);
    auto it = g_attached.find(fileOf(c));
    return it == g_attached.end() ? nullptr : it->second;
}
void warnOnce(const Attached& a, const std::string& what) {
    if (!a.warned.exchange(true)) logLine("audit: " + what + " Run `oqs-host audit verify`.");
}

// [SECTION] The head, and keeping the anchor in step with it
AuditHead currentHead(sqlite3* db) {
    AuditHead h{0, kGenesis, 1};
    Statement s(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (s.step()) {
        h.id = s.i64(0);
        h.hash = s.text(1);
    }
    return h;
}
std::optional<int64_t> firstKeyedId(sqlite3* db) {
    Statement s(db, "SELECT min(id) FROM audit WHERE substr(hash, 1, " + std::to_string(kKeyedPrefix.size()) + ") = '" +
                        kKeyedPrefix + "'");
    if (s.step() && !s.isNull(0)) return s.i64(0);
    return std::nullopt;
}
std::optional<std::string> hashAt(sqlite3* db, int64_t id) {
    Statement s(db, "SELECT hash FROM audit WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

// Moves the anchor forward to the committed head, but only along the chain it names: when the anchored row is gone
// or changed, or the anchor itself is missing, the anchor is left as it is — that is the evidence verify reports.
void advanceAnchor(sqlite3* db, const Attached& a) {
    AuditAnchorLock lock(a.chain.anchorFile);
    auto old = readAuditAnchor(a.chain.anchorFile);
    if (!old) return warnOnce(a, "the head anchor " + a.chain.anchorFile + " is missing; it is not re-created.");
    AuditHead head = currentHead(db);
    if (head.id < old->id)
        return warnOnce(a, "the log ends before the anchored head (row " + std::to_string(old->id) + ").");
    if (head.id == old->id) return;
    if (old->id > 0 && hashAt(db, old->id) != old->hash)
        return warnOnce(a, "the anchored head (row " + std::to_string(old->id) + ") has changed.");
    head.keyedFrom = old->keyedFrom;
    writeAuditAnchor(a.chain.anchorFile, head);
}

// SQLite calls this after a commit on a connection that appended, with the write lock released, so the anchor
// never names a row that a rollback took back. It stands in for the default hook (a passive checkpoint every 1000
// WAL frames) and puts that hook back: nothing more to anchor until the next append.
int anchorAfterCommit(void* arg, sqlite3* db, const char* dbName, int frames) {
    if (frames >= 1000) sqlite3_wal_checkpoint_v2(db, dbName, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    sqlite3_wal_autocheckpoint(db, 1000);
    const auto& a = *static_cast<const Attached*>(arg);
    try {
        advanceAnchor(db, a);
    } catch (const std::exception& e) {
        logLine(std::string("audit: the head anchor was not written: ") + e.what());
    }
    return SQLITE_OK;
}

}  // namespace

AuditChain auditChainFor(const Crypto& crypto, const std::string& keyFile) {
    return {crypto.deriveKey(kKdfContext), keyFile + ".audit-head"};
}

AuditChain auditChainFor(const std::string& keyFile) {
    auto key = Crypto::readServerKey(keyFile);
    return {key ? Crypto::deriveKey(*key, kKdfContext) : std::string(), keyFile + ".audit-head"};
}

void attachAuditChain(Connection& c, const AuditChain& chain) {
    const Attached* a = nullptr;
    {
        std::lock_guard lock(g_mutex);
        auto& slot = g_attached[fileOf(c)];
        if (!slot || slot->chain.key != chain.key || slot->chain.anchorFile != chain.anchorFile)
            slot = g_kept.emplace_back(new Attached{chain, {}}).get();
        a = slot;
    }
    AuditAnchorLock lock(chain.anchorFile);
    if (readAuditAnchor(chain.anchorFile)) return;
    if (firstKeyedId(c.raw()))
        return warnOnce(*a,
                        "the head anchor " + chain.anchorFile + " is missing beside keyed rows; it is not re-created.");
    AuditHead head = currentHead(c.raw());
    head.keyedFrom = head.id + 1;  // every row from here on is keyed
    writeAuditAnchor(chain.anchorFile, head);
}

void appendAudit(Connection& c, int64_t nowMs, const AuditEntry& e) {
    const Attached* a = attachedTo(c);
    if (!a || a->chain.key.empty()) throw SqlError("no audit chain is attached to " + fileOf(c));
    Transaction tx(c);
    std::string prev = kGenesis;
    int64_t id = 1;
    auto last = c.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (last.step()) {
        id = last.i64(0) + 1;
        prev = last.text(1);
    }
    std::string detail = e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string hash = keyedHash(a->chain.key, canonical(id, nowMs, e.institution, e.userId, e.accountKind, e.remote,
                                                         e.source, e.action, detail, prev));
    c.exec(
        "INSERT INTO audit(id, at_ms, institution, user_id, account_kind, remote, source, action, detail, "
        "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        id, nowMs, e.institution, e.userId, e.accountKind, e.remote, e.source, e.action, detail, prev, hash);
    sqlite3_wal_hook(c.raw(), anchorAfterCommit, const_cast<Attached*>(a));
    tx.commit();
}

AuditVerdict verifyAudit(Connection& c, const AuditChain& chain) {
    AuditVerdict v;
    auto anchor = readAuditAnchor(chain.anchorFile);  // before the rows: it can only lag what they show
    if (anchor) v.anchoredId = anchor->id;
    std::string prev = kGenesis;
    int64_t lastId = 0;
    bool keyedSeen = false;
    auto s = c.prepare(
        "SELECT id, at_ms, institution, user_id, account_kind, remote, source, action, detail, "
        "prev_hash, hash FROM audit ORDER BY id");
    auto fail = [&](std::optional<int64_t> id, const char* problem, std::string why) {
        v.ok = false;
        v.brokenId = id;
        v.problem = problem;
        v.reason = std::move(why);
    };
    while (s.step()) {
        ++v.rows;
        int64_t id = s.i64(0);
        std::string hash = s.text(10);
        std::string canon = canonical(id, s.i64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7),
                                      s.text(8), s.text(9));
        bool keyed = isKeyed(hash);
        keyedSeen = keyedSeen || keyed;
        if (id != lastId + 1) fail(id, "removed", "row(s) before " + std::to_string(id) + " were removed");
        else if (s.text(9) != prev) fail(id, "relinked", "prev_hash does not match the previous row");
        else if (keyed && chain.key.empty()) fail(id, "no_key", "the row is keyed but the server key file is missing");
        else if (keyed && !Crypto::equalConstantTime(keyedHash(chain.key, canon), hash))
            fail(id, "edited", "the row's content does not match its keyed hash (edited, or written without the key)");
        else if (!keyed && (keyedSeen || (anchor && id >= anchor->keyedFrom)))
            fail(id, "unkeyed", "an unkeyed row where the chain is keyed: written without the key (forged)");
        else if (!keyed && Crypto::sha256Hex(canon) != hash)
            fail(id, "edited", "the row's content does not match its hash (edited)");
        else if (anchor && id == anchor->id && hash != anchor->hash)
            fail(id, "head_changed", "the row differs from the head anchored beside the server key");
        if (!v.ok) return v;
        prev = hash;
        lastId = id;
    }
    if (anchor && lastId < anchor->id)
        fail(lastId + 1, "truncated",
             "the log ends at row " + std::to_string(lastId) +
                 " but the head anchored "
                 "beside the server key is row " +
                 std::to_string(anchor->id) + ": rows were removed from the end");
    else if (!anchor && keyedSeen)
        fail(std::nullopt, "no_anchor",
             "the head anchor " + chain.anchorFile +
                 " is missing, so a removal of the last "
                 "rows cannot be ruled out (`oqs-host audit anchor` re-creates it)");
    return v;
}

int64_t reanchorAudit(Connection& c, const AuditChain& chain) {
    AuditAnchorLock lock(chain.anchorFile);
    AuditHead head = currentHead(c.raw());
    head.keyedFrom = firstKeyedId(c.raw()).value_or(head.id + 1);
    writeAuditAnchor(chain.anchorFile, head);
    return head.id;
}

}  // namespace oqs::host
