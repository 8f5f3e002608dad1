// Login and password change: the checks of SPEC.md §1.2–1.5 in the order a user meets them.
#include "identity.hpp"
#include "messages.hpp"
#include "oqs/kinds.hpp"

namespace oqs::host {

oqs::Result<Identity::LoginOk> Identity::login(Connection& c, const std::string& code, const std::string& userId,
                                               const std::string& password) {
    auto inst = institutionByCode(c, code);
    auto account = inst ? findAccount(c, inst->id, userId) : std::nullopt;
    if (!account) {
        m_crypto.verifyDummy(password);  // an unknown user answers as slowly as a known one
        return hostError(401, "session.invalid_credentials");
    }
    if (account->locked) {
        m_crypto.verifyDummy(password);
        return hostError(423, "session.locked");
    }
    if (!m_crypto.verifyPassword(password, account->passwordHash)) {
        int failures = account->failedCount + 1;
        bool lock = failures >= m_config.lockThreshold;
        c.exec("UPDATE accounts SET failed_count = ?, locked = ? WHERE id = ?", failures, lock ? 1 : 0, account->id);
        return hostError(lock ? 423 : 401, lock ? "session.locked" : "session.invalid_credentials");
    }
    // The password is right from here on, so the answers may say more.
    if (isSystemKind(account->kind)) return hostError(403, "session.system_account");
    int64_t now = m_clock.nowMs();
    std::string today = jstDate(now);
    if (!account->valid || today < account->startDate || (account->endDate && today > *account->endDate))
        return hostError(403, "session.account_unusable");
    if (account->initial && now >= initialExpiresMs(*account)) return hostError(403, "session.expired_initial_password");
    if (account->failedCount != 0) c.exec("UPDATE accounts SET failed_count = 0 WHERE id = ?", account->id);
    account->failedCount = 0;
    bool tooOld = !account->initial && now >= account->passwordSetMs + int64_t(m_config.passwordMaxAgeDays) * 86400000;
    return LoginOk{*account, *inst, account->initial || tooOld};
}

oqs::Status Identity::changePassword(Connection& c, const Account& a, const std::string& current,
                                     const std::string& next) {
    if (!m_crypto.verifyPassword(current, a.passwordHash))
        return hostError(400, "password.current_wrong", {{"current_password", messageText("password.current_wrong", "ja")}});
    if (auto code = checkPasswordPolicy(a.userId, current, next); !code.empty())
        return hostError(400, code, {{"new_password", messageText(code, "ja")}});
    int64_t now = m_clock.nowMs();
    c.exec("UPDATE accounts SET password_hash = ?, password_initial = 0, password_set_ms = ?, updated_ms = ? WHERE id = ?",
           m_crypto.hashPassword(next), now, now, a.id);
    return oqs::Ok{};
}

}  // namespace oqs::host
