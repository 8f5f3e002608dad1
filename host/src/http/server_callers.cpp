// The two callers that are not a console session: devices and systems that authenticate per request with an
// account of their institution (credential routes, HTTP Basic), and anyone at all (public routes under /p/).
// Also the host's own credential route, POST /api/viewing/events (the viewing terminals).
#include "messages.hpp"
#include "http/server.hpp"

#include <sodium.h>

#include <algorithm>

namespace oqs::host {

namespace {

constexpr size_t kMaxViewingBody = 2 * 1024 * 1024;  // 1,000 events of about 1 KiB each, with room

// "Basic base64(institution/user:password)" → its three parts; nothing when malformed.
struct BasicCredentials {
    std::string institution, userId, password;
};
std::optional<BasicCredentials> parseBasic(const std::string& header) {
    if (header.size() < 7 || header.compare(0, 6, "Basic ") != 0 || header.size() > 1024) return std::nullopt;
    std::string b64 = header.substr(6);
    std::string raw(b64.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), b64.data(), b64.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    raw.resize(len);
    size_t colon = raw.find(':'), slash = raw.find('/');
    if (colon == std::string::npos || slash == std::string::npos || slash > colon) return std::nullopt;
    return BasicCredentials{raw.substr(0, slash), raw.substr(slash + 1, colon - slash - 1), raw.substr(colon + 1)};
}

void askForCredentials(httplib::Response& res) {
    res.set_header("WWW-Authenticate", "Basic realm=\"OQS\", charset=\"UTF-8\"");
}

// A public page may hold a secret in its URL (a reception token): never cached, never framed, no script.
// They replace the API policy every answer starts with: httplib adds a header beside one of the same name, and a
// browser applies every policy it gets, so the API's `default-src 'none'` would still forbid the inline style.
void publicHeaders(httplib::Response& res) {
    res.headers.erase("Content-Security-Policy");
    res.headers.erase("Cache-Control");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.set_header("Cache-Control", "no-store");
}

}  // namespace

std::optional<Caller> Server::authenticateBasic(const httplib::Request& req, httplib::Response& res, Connection& conn,
                                                const std::string& lang, const std::vector<std::string>& kinds) {
    const int64_t now = m_host.clock().nowMs();
    if (m_loginThrottle.blocked(req.remote_addr, now)) {
        res.set_header("Retry-After", std::to_string(m_loginThrottle.retryAfterSeconds(req.remote_addr, now)));
        sendError(res, hostError(429, "session.throttled"), lang);
        return std::nullopt;
    }
    auto creds = parseBasic(req.get_header_value("Authorization"));
    if (!creds) {
        askForCredentials(res);
        sendError(res, hostError(401, "session.credentials_required"), lang);
        return std::nullopt;
    }
    // The same checks, lock and timing as the console login: an unknown account answers like a wrong password.
    // The attempt takes its place in the address's count before the password is judged (login_throttle.hpp).
    auto slot = m_loginThrottle.take(req.remote_addr, now);
    if (!slot) {
        res.set_header("Retry-After", std::to_string(m_loginThrottle.retryAfterSeconds(req.remote_addr, now)));
        sendError(res, hostError(429, "session.throttled"), lang);
        return std::nullopt;
    }
    auto r = m_host.identity().login(conn, creds->institution, creds->userId, creds->password, Identity::Use::Api);
    if (!r) {
        if (r.error().status == 401 || r.error().status == 423) slot.keep();  // a failure: it counts
        if (r.error().status == 401) askForCredentials(res);
        sendError(res, r.error(), lang);
        return std::nullopt;
    }
    if (std::find(kinds.begin(), kinds.end(), r->account.kind) == kinds.end()) {
        sendError(res, hostError(403, "auth.forbidden"), lang);
        return std::nullopt;
    }
    t_actorSet(r->institution.code + "/" + r->account.userId);
    Caller who{r->institution,  r->account, std::nullopt, m_host.settingsValues(conn, r->institution),
               req.remote_addr, lang};
    who.auth = "credential";
    return who;
}

void Server::credentialRoute(const httplib::Request& req, httplib::Response& res, Connection& conn,
                             const std::string& lang, const RouteMatch& m, const httplib::ContentReader* reader) {
    auto who = authenticateBasic(req, res, conn, lang, m.route->kinds);
    if (!who) return;
    Call call{req, res, std::move(*who), std::nullopt, conn, reader};
    pluginRoute(call, m);
}

void Server::viewingEvents(const httplib::Request& req, httplib::Response& res, Connection& conn,
                           const std::string& lang, const httplib::ContentReader* reader) {
    // The accounts that view medical information: a viewing account records its own viewings; a receipt
    // computer or linked application records those made through it (docs/api.md).
    static const std::vector<std::string> kViewers = {"medinfo", "webapi", "linkapp"};
    auto who = authenticateBasic(req, res, conn, lang, kViewers);
    if (!who) return;
    auto body = readJsonBody(req, reader, std::min(kMaxViewingBody, m_config.maxBodyBytes));
    if (!body) return sendError(res, body.error(), lang);
    oqs_ctx ctx(m_host, conn, nullptr, std::move(*who));
    auto r = runOperation(ctx, "viewing.append", *body);
    if (!r) return sendError(res, r.error(), lang);
    sendJson(res, *r, 201);
}

void Server::publicRoute(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
    const std::string lang = req.get_header_value("Accept-Language").rfind("en", 0) == 0 ? "en" : "ja";
    publicHeaders(res);
    const int64_t now = m_host.clock().nowMs();
    // Every request counts, not only failures; taking the place and checking the limit are one step, so a burst
    // sent at once cannot all pass the check before any of it is counted.
    if (auto slot = m_publicLimiter.take(req.remote_addr, now); slot) {
        slot.keep();
    } else {
        res.set_header("Retry-After", std::to_string(m_publicLimiter.retryAfterSeconds(req.remote_addr, now)));
        return sendError(res, hostError(429, "request.rate_limited"), lang);
    }
    auto m = m_host.registry().match(req.method, req.path);
    if (!m.route || m.route->auth != "public")
        return sendError(res, hostError(m.pathKnown ? 405 : 404, m.pathKnown ? "request.method" : "request.not_found"),
                         lang);
    auto lease = m_host.pool().lease();
    Caller who;
    who.remote = req.remote_addr;
    who.lang = lang;
    who.auth = "public";
    Call call{req, res, std::move(who), std::nullopt, *lease, reader};
    pluginRoute(call, m);
    publicHeaders(res);  // after the plugin: it cannot loosen them
}

}  // namespace oqs::host
