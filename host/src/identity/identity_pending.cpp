// The accounts of a bulk registration while its job runs (identity.hpp, [SECTION] Accounts of a bulk registration):
// rows of `accounts` with pending_job set, which log in, are found and count only once registered.
#include "identity/identity.hpp"
#include "messages.hpp"

namespace oqs::host {

std::optional<bool> Identity::userIdTaken(Connection& c, int64_t institutionId, const std::string& userId) {
    auto s = c.prepare(
        "SELECT deleted_ms IS NOT NULL AND pending_job IS NULL FROM accounts "
        "WHERE institution_id = ? AND user_id = ?");
    s.bindAll(institutionId, userId);
    if (!s.step()) return std::nullopt;
    return s.i64(0) != 0;
}

oqs::Status Identity::stagePending(Connection& c, int64_t institutionId, int64_t jobId,
                                   std::span<const PendingAccount> accounts, int64_t nowMs) {
    auto s = c.prepare(
        "INSERT INTO accounts(institution_id, user_id, kind, name, kana, start_date, end_date, "
        "password_hash, password_initial, password_set_ms, created_ms, updated_ms, deleted_ms, "
        "pending_job) VALUES(?,?,?,?,?,?,?,?,1,?,?,?,?,?)");
    for (const auto& a : accounts) {
        s.reset();
        s.bindAll(institutionId, a.userId, a.kind, a.name, a.kana, a.startDate, a.endDate, a.passwordHash, nowMs, nowMs,
                  nowMs, nowMs, jobId);
        try {
            s.step();
        } catch (const SqlError& e) {
            if (e.code != SQLITE_CONSTRAINT_UNIQUE && e.code != SQLITE_CONSTRAINT_PRIMARYKEY) throw;
            return hostError(409, "identity.user_id.taken", {{"user_id", a.userId}});
        }
    }
    return Ok{};
}

std::vector<std::pair<std::string, std::string>> Identity::activatePending(Connection& c, int64_t institutionId,
                                                                           int64_t jobId, int64_t limit) {
    auto s = c.prepare(
        "UPDATE accounts SET deleted_ms = NULL, pending_job = NULL WHERE id IN "
        "(SELECT id FROM accounts WHERE pending_job = ? AND institution_id = ? LIMIT ?) "
        "RETURNING user_id, kind");
    s.bindAll(jobId, institutionId, limit);
    std::vector<std::pair<std::string, std::string>> registered;
    while (s.step()) registered.emplace_back(s.text(0), s.text(1));
    return registered;
}

int64_t Identity::discardPending(Connection& c, int64_t jobId, int64_t limit) {
    return c.exec("DELETE FROM accounts WHERE id IN (SELECT id FROM accounts WHERE pending_job = ? LIMIT ?)", jobId,
                  limit);
}

int64_t Identity::pendingCount(Connection& c, int64_t jobId) {
    auto s = c.prepare("SELECT count(*) FROM accounts WHERE pending_job = ?");
    s.bind(1, jobId);
    s.step();
    return s.i64(0);
}

void Identity::discardPendingOfJob(Connection& c, int64_t jobId) {
    c.exec("DELETE FROM accounts WHERE pending_job = ?", jobId);
}

void Identity::discardPendingOfFinishedJobs(Connection& c) {
    c.exec("DELETE FROM accounts WHERE pending_job IN (SELECT id FROM jobs WHERE status IN ('failed', 'done'))");
}

}  // namespace oqs::host
