// Login and password change: the checks of SPEC.md §1.2–1.5 in the order a user meets them.
#include "identity/identity.hpp"
#include "messages.hpp"
#include "oqs/kinds.hpp"

namespace oqs::host {

oqs::Result<Identity::LoginOk> Identity::login(Connection& c, const std::string& code, const std::string& userId,
                                               const std::string& password, Use use) {
    auto inst = institutionByCode(c, code);
    auto account = inst ? findAccount(c, inst->id, userId) : std::nullopt;
    if (!account) {
        m_crypto.verifyDummy(password);  // an unknown user answers as slowly as a known one
        return hostError(401, "session.invalid_credentials");
    }
    // The attempt is counted before its verdict, in one statement, so parallel guesses cannot all read the same
    // count: at most lockThreshold passwords are ever tried before the lock, however many arrive at once. An
    // attempt that finds every slot taken (the count at the threshold, the last guesses still being verified) is
    // refused as locked without trying its password, and locks the account: that is the order in which N
    // sequential wrong guesses would have ended too.
    auto attempt = c.prepare(
        "UPDATE accounts SET failed_count = failed_count + 1 "
        "WHERE id = ? AND locked = 0 AND failed_count < ? RETURNING failed_count");
    attempt.bindAll(account->id, m_config.lockThreshold);
    if (!attempt.step()) {
        attempt.reset();
        lock(c, account->id);
        m_crypto.verifyDummy(password);
        return hostError(423, "session.locked");
    }
    int failures = static_cast<int>(attempt.i64(0));
    attempt.reset();
    if (!m_crypto.verifyPassword(password, account->passwordHash)) {
        if (failures < m_config.lockThreshold) return hostError(401, "session.invalid_credentials");
        lock(c, account->id);
        return hostError(423, "session.locked");
    }
    // The right password: this attempt was no failure, and the count starts again — unless parallel wrong
    // guesses locked the account meanwhile, in which case the lock stands.
    if (c.exec("UPDATE accounts SET failed_count = 0 WHERE id = ? AND locked = 0", account->id) == 0)
        return hostError(423, "session.locked");
    account->failedCount = 0;
    // The password is right from here on, so the answers may say more.
    const bool system = isSystemKind(account->kind);
    if (system && use == Use::Console) return hostError(403, "session.system_account");
    int64_t now = m_clock.nowMs();
    std::string today = jstDate(now);
    if (!account->valid || today < account->startDate || (account->endDate && today > *account->endDate))
        return hostError(403, "session.account_unusable");
    if (system) return LoginOk{*account, *inst, false};  // a system account's password never expires
    if (account->initial && now >= initialExpiresMs(*account))
        return hostError(403, "session.expired_initial_password");
    bool tooOld = !account->initial && now >= account->passwordSetMs + int64_t(m_config.passwordMaxAgeDays) * 86400000;
    if (use == Use::Api && (account->initial || tooOld)) return hostError(403, "session.password_change_required");
    return LoginOk{*account, *inst, account->initial || tooOld};
}

// The two Argon2id computations (verify the current password, hash the new one) cost most of a second of CPU under
// load; they run before the write transaction, so colleagues changing their passwords at the same moment do not
// queue behind each other's hashing for the one write lock (the soak benchmark saw 503 host.busy from that).
oqs::Result<std::string> Identity::newPasswordHash(const Account& a, const std::string& current,
                                                   const std::string& next) {
    if (!m_crypto.verifyPassword(current, a.passwordHash))
        return hostError(400, "password.current_wrong", {{"current_password", bilingual("password.current_wrong")}});
    if (auto policy = checkPasswordPolicy(a.userId, current, next); !policy) return policy.error();
    return m_crypto.hashPassword(next);
}

// Only if the password is still the one verified: a change made meanwhile by another session wins, and this one
// is told its current password is wrong.
oqs::Status Identity::storePasswordHash(Connection& c, const Account& a, const std::string& hash) {
    int64_t now = m_clock.nowMs();
    if (c.exec("UPDATE accounts SET password_hash = ?, password_initial = 0, password_set_ms = ?, updated_ms = ? "
               "WHERE id = ? AND password_hash = ?",
               hash, now, now, a.id, a.passwordHash) == 0)
        return hostError(400, "password.current_wrong", {{"current_password", bilingual("password.current_wrong")}});
    return oqs::Ok{};
}

}  // namespace oqs::host
