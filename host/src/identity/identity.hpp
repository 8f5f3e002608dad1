// identity.hpp — institutions, accounts, the kinds' hierarchy, login checks and password rules (SPEC.md §1–2).
#pragma once

#include "clock.hpp"
#include "identity/crypto.hpp"
#include "storage/sql.hpp"

#include "oqs/result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace oqs::host {

using Json = nlohmann::json;

struct Institution {
    int64_t id = 0;
    std::string code, name, kind, subkind, usageStart;  // kind: MED|PHA; subkind: medical|dental|nursing|pharmacy
    std::optional<std::string> ehrStart;
    bool pmhPilot = false;
    Json toJson(Connection& c) const;  // as institution.get answers (with related institutions)
};

struct Account {
    int64_t id = 0, institutionId = 0;
    std::string userId, kind, name, kana, startDate;
    std::optional<std::string> endDate;
    bool valid = true, locked = false, initial = true;
    int failedCount = 0;
    std::string passwordHash;
    int64_t passwordSetMs = 0, createdMs = 0, updatedMs = 0;
    std::optional<int64_t> deletedMs;
};

// An account of a bulk registration, checked and given its initial password's hash before the write transaction.
struct PendingAccount {
    std::string kind, userId, name, kana, startDate;
    std::optional<std::string> endDate;
    std::string passwordHash;
};

struct IdentityConfig {
    int lockThreshold = 5;        // consecutive wrong passwords that lock an account (OQ-06)
    int initialValidDays = 30;    // HOST-PW-01
    int passwordMaxAgeDays = 90;  // OQ-05: human accounts then must change at login
};

// The hierarchy of SPEC.md §2.2, one place for every check.
bool mayRegister(const std::string& actor, const std::string& target);
bool mayUpdate(const std::string& actor, const std::string& target);  // also delete
bool mayResetPassword(const std::string& actor, const std::string& target);
std::vector<std::string> searchScope(const std::string& actor);

// The host's own rules for a new account (kind, ID characters and length, dates): {} when it may be stored, else
// {field: reason}. Field rules of a product (prefixes, names) are the calling plugin's.
Json newAccountProblems(const std::string& kind, const std::string& userId, const std::string& startDate,
                        const std::optional<std::string>& endDate);
// Names and kana longer than the search's piece table covers (host schema step 6: 512 characters) are refused:
// adds {"name"|"kana": reason} to `fields`.
void addNameProblems(Json& fields, const std::string& name, const std::string& kana);

// Whether the password may be set for that user; the refusal names the rule (password.policy, …) on new_password.
oqs::Status checkPasswordPolicy(const std::string& userId, const std::string& current, const std::string& next);

class Identity {
  public:
    Identity(Crypto& crypto, const Clock& clock, IdentityConfig config)
        : m_crypto(crypto), m_clock(clock), m_config(config) {}

    // Operator: institution code rules (OQ-01) — 10 digits, prefecture 01–47, fee-table digit matching the kind.
    oqs::Result<Institution> addInstitution(Connection& c, const std::string& code, const std::string& name,
                                            const std::string& subkind, const std::string& usageStart,
                                            std::optional<std::string> ehrStart = std::nullopt, bool pmhPilot = false);
    std::optional<Institution> institutionByCode(Connection& c, const std::string& code);
    std::optional<Institution> institutionById(Connection& c, int64_t id);
    std::optional<Account> accountById(Connection& c, int64_t id);
    // Not deleted.
    std::optional<Account> findAccount(Connection& c, int64_t institutionId, const std::string& userId);

    // Creates an account with a generated initial password (returned) or, for test setup and the demo, a chosen
    // password that counts as already changed. No hierarchy check: callers are the CLI and the checked op.
    oqs::Result<std::pair<Account, std::string>> createAccount(Connection& c, const Institution& inst,
                                                               const std::string& kind, const std::string& userId,
                                                               const std::string& name, const std::string& kana,
                                                               const std::string& startDate,
                                                               const std::optional<std::string>& endDate,
                                                               const std::optional<std::string>& chosenPassword = {});
    // A new initial password (30 days, forced change), lock and failure counter cleared; the account's sessions end.
    std::string resetPassword(Connection& c, const Account& a);
    // Writes the editable fields of `after` (name, kana, valid, unlock, dates). When the account is no longer usable
    // today (無効, out of its dates), its sessions end.
    void saveAccount(Connection& c, const Account& before, const Account& after);
    // Marks the account deleted (its user ID stays taken for ever) and ends its sessions.
    void deleteAccount(Connection& c, const Account& a);
    // Whether the account may hold a console session today: not deleted, valid, not locked, within its dates.
    bool usableToday(const Account& a) const;

    struct LoginOk {
        Account account;
        Institution institution;
        bool passwordChangeRequired = false;
    };
    // Console: a session for a human account. Api: one request of a credential route (HTTP Basic), where system
    // accounts are the point, their initial password does not expire (パスワードに有効期限はありません), and a
    // human account must have chosen its password in the console first.
    enum class Use { Console, Api };
    // Every failure is one of the session.* errors of docs/api.md; wrong credentials are indistinguishable.
    oqs::Result<LoginOk> login(Connection& c, const std::string& code, const std::string& userId,
                               const std::string& password, Use use = Use::Console);
    // A password change in two steps: the hashing outside any transaction, the store inside one.
    oqs::Result<std::string> newPasswordHash(const Account& a, const std::string& current, const std::string& next);
    oqs::Status storePasswordHash(Connection& c, const Account& a, const std::string& hash);

    int64_t initialExpiresMs(const Account& a) const {
        return a.passwordSetMs + int64_t(m_config.initialValidDays) * 86400000;
    }
    Json accountJson(const Account& a) const;

    // [SECTION] Accounts of a bulk registration (identity_pending.cpp). A job writes them as pending — invisible,
    // their user IDs reserved — in short transactions, then registers or discards them (schema step 3).
    // Whether a user ID is taken in the institution: nullopt when free, else whether its account was deleted (a
    // deleted account's ID stays taken for ever; a pending one is about to be registered, not deleted).
    std::optional<bool> userIdTaken(Connection& c, int64_t institutionId, const std::string& userId);
    // Writes them as pending accounts of the job; a user ID taken since it was checked fails the whole call.
    oqs::Status stagePending(Connection& c, int64_t institutionId, int64_t jobId,
                             std::span<const PendingAccount> accounts, int64_t nowMs);
    // Registers up to `limit` of the job's pending accounts; answers their (user ID, kind).
    std::vector<std::pair<std::string, std::string>> activatePending(Connection& c, int64_t institutionId,
                                                                     int64_t jobId, int64_t limit);
    // Removes up to `limit` of the job's pending accounts (their user IDs are free again); answers how many.
    int64_t discardPending(Connection& c, int64_t jobId, int64_t limit);
    int64_t pendingCount(Connection& c, int64_t jobId);
    // What a failed or finished job left pending goes: one job's, or every finished job's (after a crash).
    void discardPendingOfJob(Connection& c, int64_t jobId);
    void discardPendingOfFinishedJobs(Connection& c);
    const IdentityConfig& config() const { return m_config; }
    Crypto& crypto() { return m_crypto; }
    const Clock& clock() const { return m_clock; }

  private:
    void lock(Connection& c, int64_t accountId);

    Crypto& m_crypto;
    const Clock& m_clock;
    IdentityConfig m_config;
};

Account readAccount(Statement& s);  // from SELECT kAccountColumns
extern const char* const kAccountColumns;

}  // namespace oqs::host
