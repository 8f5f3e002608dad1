#include "audit.hpp"

#include "crypto.hpp"

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
}  // namespace

void appendAudit(Connection& c, int64_t nowMs, const AuditEntry& e) {
    Transaction tx(c);
    std::string prev = kGenesis;
    int64_t id = 1;
    auto last = c.prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
    if (last.step()) {
        id = last.i64(0) + 1;
        prev = last.text(1);
    }
    std::string detail = e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string hash = Crypto::sha256Hex(
        canonical(id, nowMs, e.institution, e.userId, e.accountKind, e.remote, e.source, e.action, detail, prev));
    c.exec("INSERT INTO audit(id, at_ms, institution, user_id, account_kind, remote, source, action, detail, "
           "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
           id, nowMs, e.institution, e.userId, e.accountKind, e.remote, e.source, e.action, detail, prev, hash);
    tx.commit();
}

AuditVerdict verifyAudit(Connection& c) {
    AuditVerdict v;
    std::string prev = kGenesis;
    int64_t expectId = 0;
    auto s = c.prepare("SELECT id, at_ms, institution, user_id, account_kind, remote, source, action, detail, "
                       "prev_hash, hash FROM audit ORDER BY id");
    while (s.step()) {
        ++v.rows;
        int64_t id = s.i64(0);
        auto fail = [&](std::string why) {
            v.ok = false;
            v.brokenId = id;
            v.reason = std::move(why);
        };
        if (expectId && id != expectId + 1) fail("row(s) before " + std::to_string(id) + " were removed");
        else if (s.text(9) != prev) fail("prev_hash does not match the previous row");
        else if (Crypto::sha256Hex(canonical(id, s.i64(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6),
                                             s.text(7), s.text(8), s.text(9))) != s.text(10))
            fail("the row's content does not match its hash (edited)");
        if (!v.ok) return v;
        prev = s.text(10);
        expectId = id;
    }
    return v;
}

}  // namespace oqs::host
