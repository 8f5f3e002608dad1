#include "identity/sessions.hpp"

#include "identity/crypto.hpp"
#include "messages.hpp"

namespace oqs::host {

Sessions::Created Sessions::create(Connection& c, int64_t accountId, int64_t institutionId,
                                   const nlohmann::json& settings, const std::string& remote, bool pwChange) {
    Created out;
    out.token = Crypto::randomToken();
    int64_t now = m_clock.nowMs();
    Session& s = out.session;
    s.accountId = accountId;
    s.institutionId = institutionId;
    s.csrf = Crypto::randomToken();
    s.createdMs = s.lastSeenMs = now;
    s.settings = settings;
    s.passwordChangeRequired = pwChange;
    c.exec(
        "INSERT INTO sessions(token_hash, account_id, institution_id, csrf, created_ms, last_seen_ms, settings, "
        "remote, password_change_required) VALUES(?,?,?,?,?,?,?,?,?)",
        Crypto::sha256Hex(out.token), accountId, institutionId, s.csrf, now, now, settings.dump(), remote,
        pwChange ? 1 : 0);
    s.id = c.lastInsertId();
    return out;
}

oqs::Result<Session> Sessions::authenticate(Connection& c, const std::string& token) {
    if (token.empty() || token.size() > 128) return hostError(401, "session.required");
    auto q = c.prepare(
        "SELECT id, account_id, institution_id, csrf, created_ms, last_seen_ms, settings, "
        "password_change_required FROM sessions WHERE token_hash = ?");
    q.bind(1, Crypto::sha256Hex(token));
    if (!q.step()) return hostError(401, "session.required");
    Session s;
    s.id = q.i64(0);
    s.accountId = q.i64(1);
    s.institutionId = q.i64(2);
    s.csrf = q.text(3);
    s.createdMs = q.i64(4);
    s.lastSeenMs = q.i64(5);
    s.settings = nlohmann::json::parse(q.text(6), nullptr, false);
    s.passwordChangeRequired = q.i64(7) != 0;
    q.reset();
    int64_t now = m_clock.nowMs();
    if (now - s.lastSeenMs >= m_config.idleMs || now - s.createdMs >= m_config.absoluteMs) {
        end(c, s.id);
        return hostError(401, "session.expired");
    }
    // Writing on every request would serialise all readers behind the write lock; a few seconds' slack is enough
    // for a 30-minute idle timeout.
    // A long job holding the write lock must not stall every reader, so the touch is skipped when the database
    // is busy (the next request retries it).
    if (now - s.lastSeenMs >= 5000 && c.depth() == 0) {
        sqlite3_busy_timeout(c.raw(), 0);
        try {
            c.exec("UPDATE sessions SET last_seen_ms = ? WHERE id = ?", now, s.id);
            s.lastSeenMs = now;
        } catch (const SqlError&) {
        }
        c.restoreBusyTimeout();  // the connection's own wait (tests of a busy database shorten it)
    }
    return s;
}

void Sessions::end(Connection& c, int64_t sessionId) { c.exec("DELETE FROM sessions WHERE id = ?", sessionId); }

int64_t Sessions::endInstitution(Connection& c, int64_t institutionId, std::optional<int64_t> keep) {
    return c.exec("DELETE FROM sessions WHERE institution_id = ? AND id != ?", institutionId, keep.value_or(-1));
}

void Sessions::passwordChanged(Connection& c, int64_t sessionId) {
    c.exec("UPDATE sessions SET password_change_required = 0 WHERE id = ?", sessionId);
    auto owner = c.prepare("SELECT account_id FROM sessions WHERE id = ?");
    owner.bind(1, sessionId);
    if (!owner.step()) return;
    int64_t accountId = owner.i64(0);
    owner.reset();  // done reading before the same table is written
    endAccountSessions(c, accountId, sessionId);
}

int64_t endAccountSessions(Connection& c, int64_t accountId, std::optional<int64_t> keep) {
    return c.exec("DELETE FROM sessions WHERE account_id = ? AND id != ?", accountId, keep.value_or(-1));
}

}  // namespace oqs::host
