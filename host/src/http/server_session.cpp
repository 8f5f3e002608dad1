// POST /api/session (login) and the session object the client keeps.
#include "audit/audit.hpp"
#include "messages.hpp"
#include "http/server.hpp"

namespace oqs::host {

Json Server::sessionJson(Connection&, const Session& s, const Account& a, const Institution& i) {
    return {{"account", {{"kind", a.kind}, {"user_id", a.userId}, {"name", a.name}}},
            {"institution", {{"code", i.code}, {"name", i.name}, {"kind", i.kind}}},
            {"password_change_required", s.passwordChangeRequired},
            {"csrf_token", s.csrf},
            {"environment", m_host.config().environment},
            {"idle_timeout_seconds", m_host.sessions().config().idleMs / 1000}};
}

void Server::login(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang) {
    int64_t now = m_host.clock().nowMs();
    if (m_loginThrottle.blocked(req.remote_addr, now)) return sendError(res, hostError(429, "session.throttled"), lang);
    auto body = Json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) return sendError(res, hostError(400, "request.json"), lang);
    auto str = [&](const char* k) {
        auto it = body.find(k);
        return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    std::string code = str("institution"), userId = str("user_id"), password = str("password");
    Json fields = Json::object();
    if (code.size() != 10 || code.find_first_not_of("0123456789") != std::string::npos)
        fields["institution"] = bilingual("login.institution");
    if (userId.empty() || userId.size() > 64) fields["user_id"] = bilingual("login.user_id");
    if (password.empty() || password.size() > 256) fields["password"] = bilingual("login.password");
    if (!fields.empty()) return sendError(res, hostError(400, "request.invalid", fields), lang);

    // The attempt takes its place in the address's count before the password is judged (login_throttle.hpp).
    auto slot = m_loginThrottle.take(req.remote_addr, now);
    if (!slot) return sendError(res, hostError(429, "session.throttled"), lang);
    auto r = m_host.identity().login(conn, code, userId, password);
    if (!r) {
        if (r.error().status == 401 || r.error().status == 423) slot.keep();  // a failure: it counts
        return sendError(res, r.error(), lang);
    }
    Transaction tx(conn);
    auto created =
        m_host.sessions().create(conn, r->account.id, r->institution.id, m_host.settingsValues(conn, r->institution),
                                 req.remote_addr, r->passwordChangeRequired);
    AuditEntry e{r->institution.code,
                 r->account.userId,
                 r->account.kind,
                 req.remote_addr,
                 "host",
                 "session.login",
                 {{"password_change_required", r->passwordChangeRequired}}};
    appendAudit(conn, now, e);
    tx.commit();
    t_actorSet(r->institution.code + "/" + r->account.userId);
    res.set_header("Set-Cookie", "oqs_session=" + created.token + "; Path=/; HttpOnly; SameSite=Strict" +
                                     std::string(tls() ? "; Secure" : ""));
    sendJson(res, sessionJson(conn, created.session, r->account, r->institution));
}

}  // namespace oqs::host
