// sessions.hpp — console sessions: an opaque random token in an HttpOnly cookie, stored only as its hash, with
// idle and absolute timeouts and a per-session CSRF token.
#pragma once

#include "clock.hpp"
#include "storage/sql.hpp"

#include "oqs/result.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace oqs::host {

struct SessionConfig {
    int64_t idleMs = 30LL * 60 * 1000;        // OQ-58
    int64_t absoluteMs = 12LL * 3600 * 1000;  // a working day, whatever the activity
};

struct Session {
    int64_t id = 0, accountId = 0, institutionId = 0;
    std::string csrf;
    int64_t createdMs = 0, lastSeenMs = 0;
    nlohmann::json settings;  // the institution's settings as taken at login (HOST-SES-02)
    bool passwordChangeRequired = false;
};

class Sessions {
  public:
    Sessions(const Clock& clock, SessionConfig config) : m_clock(clock), m_config(config) {}

    struct Created {
        std::string token;  // goes to the cookie, never stored
        Session session;
    };
    Created create(Connection& c, int64_t accountId, int64_t institutionId, const nlohmann::json& settings,
                   const std::string& remote, bool passwordChangeRequired);
    // 401 session.required (no such session) or session.expired (idle or absolute timeout: the row is removed).
    oqs::Result<Session> authenticate(Connection& c, const std::string& token);
    void end(Connection& c, int64_t sessionId);
    int64_t endInstitution(Connection& c, int64_t institutionId, std::optional<int64_t> keepSessionId);
    // The account of this session chose a new password in it: the forced change is over, and the account's other
    // sessions end (whoever knew the old password is logged out; OWASP ASVS session termination).
    void passwordChanged(Connection& c, int64_t sessionId);
    const SessionConfig& config() const { return m_config; }

  private:
    const Clock& m_clock;
    SessionConfig m_config;
};

// Ends every session of an account but `keep`: the identity operations call it whenever the account stops being
// usable (無効, locked, deleted, out of its dates) or its password changes. Returns how many ended.
int64_t endAccountSessions(Connection& c, int64_t accountId, std::optional<int64_t> keepSessionId = std::nullopt);

}  // namespace oqs::host
