#include "http/server.hpp"

#include "audit/audit.hpp"
#include "messages.hpp"
#include "http/server_files.hpp"

#include <chrono>
#include <cstdlib>

namespace oqs::host {

namespace {
thread_local std::chrono::steady_clock::time_point t_started;
thread_local std::string t_actor;  // for the access log: "institution/user_id", never a secret

std::string langOf(const httplib::Request& req) {
    auto al = req.get_header_value("Accept-Language");
    return al.rfind("en", 0) == 0 ? "en" : "ja";
}
std::string cookieValue(const httplib::Request& req, const std::string& name) {
    auto all = req.get_header_value("Cookie");
    size_t pos = 0;
    while (pos < all.size()) {
        size_t end = all.find(';', pos);
        if (end == std::string::npos) end = all.size();
        auto part = all.substr(pos, end - pos);
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
        pos = end + 1;
    }
    return "";
}
bool changesState(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }
// Answers that are not the console page load nothing and may not be framed.
constexpr const char* kApiPolicy = "default-src 'none'; frame-ancestors 'none'";
}  // namespace

void t_actorSet(const std::string& actor) { t_actor = actor; }

void sendJson(httplib::Response& res, const Json& j, int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(j.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json; charset=utf-8");
}

void sendError(httplib::Response& res, oqs::Error e, const std::string& lang) {
    localize(e, lang);
    if (e.status == 503) res.set_header("Retry-After", "2");  // host.busy: the write lock is held only briefly
    sendJson(res, {{"error", e.envelope(lang)}}, e.status);
}

Server::Server(Host& host, ServerConfig config) : m_host(host), m_config(std::move(config)) {}

Server::~Server() { stop(); }

bool Server::bind() {
    http::TransportConfig tc;
    tc.readTimeoutSeconds = m_config.readTimeoutSeconds;
    tc.writeTimeoutSeconds = m_config.writeTimeoutSeconds;
    tc.discardBytes = m_config.maxBodyBytes;
    tc.threads = m_config.threads;
    m_transport = http::makeTransport(tc, m_config.certFile, m_config.keyFile);
    if (!m_transport->valid()) {
        m_error = "cannot start TLS (certificate or key unreadable?)";
        logLine("server: " + m_error);
        return false;
    }
    if (!m_config.webRoot.empty()) m_files = std::make_unique<WebFiles>(m_config.webRoot);
    routes();
    m_port = m_transport->bind(m_config.bind, m_config.port, m_error);
    return m_port > 0;
}

void Server::serve() {
    m_thread = std::thread([this] { m_transport->http().listen_after_bind(); });
    // httplib's stop() is a no-op until the accept loop runs, so a quick start-stop would hang in join().
    while (!m_transport->http().is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void Server::stop() {
    if (m_transport) m_transport->http().stop();
    if (m_thread.joinable()) m_thread.join();
}

void Server::routes() {
    auto& h = m_transport->http();
    // On every answer, httplib's own errors included. HTML answers (the console page) replace the policy.
    httplib::Headers security{{"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Content-Security-Policy", kApiPolicy}};
    if (tls()) security.emplace("Strict-Transport-Security", "max-age=31536000");
    h.set_default_headers(security);
    h.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        t_started = std::chrono::steady_clock::now();
        t_actor.clear();
        if (auto refused = screenRequest(req)) {
            sendError(res, *refused, langOf(req));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    h.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { sendJson(res, {{"status", "ok"}}); });
    // Routes that may carry a body get it unread, so the pipeline reads it only once it knows who asks and
    // what the route allows.
    auto get = [this](const httplib::Request& req, httplib::Response& res) { api(req, res, nullptr); };
    auto withBody = [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& body) {
        api(req, res, &body);
    };
    h.Get(R"(/api/.*)", get)
        .Post(R"(/api/.*)", withBody)
        .Patch(R"(/api/.*)", withBody)
        .Put(R"(/api/.*)", withBody)
        .Delete(R"(/api/.*)", withBody);
    auto pubGet = [this](const httplib::Request& req, httplib::Response& res) { publicRoute(req, res, nullptr); };
    auto pubPost = [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& body) {
        publicRoute(req, res, &body);
    };
    h.Get(R"(/p/.*)", pubGet).Post(R"(/p/.*)", pubPost);
    h.Get(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) { serveFile(req, res); });
    // Errors httplib produces itself (unknown route, 413, bad request line) still answer with the envelope.
    h.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        std::string code = res.status == 413   ? "request.too_large"
                           : res.status == 404 ? "request.not_found"
                           : res.status == 405 ? "request.method"
                                               : "request.invalid";
        sendError(res, hostError(res.status, code), langOf(req));
    });
    h.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        try {
            if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        logLine("error: " + req.method + " " + req.path + ": " + what);
        sendError(res, hostError(500, "host.internal"), langOf(req));
    });
    if (m_config.accessLog)
        h.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            // Logging never ends a request, let alone the process: bytes that are not UTF-8 are replaced (the
            // request checks refuse them, but httplib's own errors are logged before any check ran).
            try {
                auto us =
                    std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t_started)
                        .count();
                Json line{{"method", req.method},      {"path", req.path},   {"status", res.status},
                          {"ms", double(us) / 1000.0}, {"account", t_actor}, {"remote", req.remote_addr}};
                logLine("access " + line.dump(-1, ' ', false, Json::error_handler_t::replace));
            } catch (...) {
            }
        });
}

void Server::api(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader) {
    const std::string lang = langOf(req);
    auto lease = m_host.pool().lease();
    Connection& conn = *lease;
    const std::string& path = req.path;
    try {
        if (path == "/api/session" && req.method == "POST") {
            // The one body an anonymous caller may send: three short fields.
            auto body = readJsonBody(req, reader, kLoginBodyBytes);
            if (!body) return sendError(res, body.error(), lang);
            return login(req, res, conn, lang);
        }
        if (path == "/api/openapi.json" && req.method == "GET") return sendJson(res, openapi());

        // Devices and systems authenticate per request (HTTP Basic); a session cookie never stands in for that.
        auto token = cookieValue(req, "oqs_session");
        if (path == "/api/viewing/events" && req.method == "POST") return viewingEvents(req, res, conn, lang, reader);
        if (auto m = m_host.registry().match(req.method, path); m.route && m.route->auth == "credential") {
            return credentialRoute(req, res, conn, lang, m, reader);
        } else if (!m.route && !m.pathKnown && token.empty() && !req.get_header_value("Authorization").empty()) {
            // A device asking for a route no plugin has (say, a plugin of the verification environment on a
            // production host) is told so, not sent to log in: it holds no session and never will. The routes
            // are no secret (GET /api/openapi.json lists them to anyone).
            return sendError(res, hostError(404, "request.not_found"), lang);
        }

        // Authenticate.
        auto session = m_host.sessions().authenticate(conn, token);
        if (!session) return sendError(res, session.error(), lang);
        auto account = m_host.identity().accountById(conn, session->accountId);
        auto inst = m_host.identity().institutionById(conn, session->institutionId);
        if (!account || !inst || account->deletedMs) {
            m_host.sessions().end(conn, session->id);
            return sendError(res, hostError(401, "session.required"), lang);
        }
        t_actor = inst->code + "/" + account->userId;
        Call call{req,      res,  {inst, account, session->id, session->settings, req.remote_addr, lang},
                  *session, conn, reader};

        // CSRF on every state-changing request (SameSite=Strict already stops most; this stops the rest).
        if (changesState(req.method) && !Crypto::equalConstantTime(req.get_header_value("X-CSRF-Token"), session->csrf))
            return sendError(res, hostError(403, "session.csrf"), lang);

        if (path == "/api/session" && req.method == "GET")
            return sendJson(res, sessionJson(conn, *session, *account, *inst));
        if (path == "/api/session" && req.method == "DELETE") {
            m_host.sessions().end(conn, session->id);
            res.set_header("Set-Cookie", std::string("oqs_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0") +
                                             (tls() ? "; Secure" : ""));
            res.status = 204;
            return;
        }
        if (path == "/api/session/password" && req.method == "POST") {
            auto body = readJsonBody(req, reader, kSmallBodyBytes);
            if (!body) return sendError(res, body.error(), lang);
            Json fields = Json::object();
            for (const char* k : {"current_password", "new_password"})
                if (auto it = body->find(k); it == body->end() || !it->is_string())
                    fields[k] = messageText("request.field_text", lang);
            if (!fields.empty()) return sendError(res, hostError(400, "request.invalid", fields), lang);
            auto hash = m_host.identity().newPasswordHash(*account, (*body)["current_password"].get<std::string>(),
                                                          (*body)["new_password"].get<std::string>());
            if (!hash) return sendError(res, hash.error(), lang);
            Transaction tx(conn);
            auto st = m_host.identity().storePasswordHash(conn, *account, *hash);
            if (!st) return sendError(res, st.error(), lang);
            m_host.sessions().passwordChanged(conn, session->id);
            AuditEntry e{inst->code, account->userId,           account->kind, req.remote_addr,
                         "host",     "session.password_change", Json::object()};
            appendAudit(conn, m_host.clock().nowMs(), e);
            tx.commit();
            return sendJson(res, {{"message", messageText("password.changed", lang)}});
        }
        // Until the initial password is changed, nothing else is allowed (HOST-PW-02).
        if (session->passwordChangeRequired)
            return sendError(res, hostError(403, "session.password_change_required"), lang);

        if (path == "/api/menu" && req.method == "GET") return sendJson(res, menu(call));
        if (path == "/api/plugins" && req.method == "GET") return sendJson(res, m_host.registry().toJson());
        auto segs = splitPath(path);
        if (segs.size() == 4 && segs[1] == "panels" && req.method == "GET") return panel(call, segs[2], segs[3]);

        auto match = m_host.registry().match(req.method, path);
        if (match.route) return pluginRoute(call, match);
        sendError(res, hostError(match.pathKnown ? 405 : 404, match.pathKnown ? "request.method" : "request.not_found"),
                  lang);
    } catch (const BusyError&) {
        // Another writer kept the lock past the busy timeout; the failed statement's transaction was rolled back
        // (the lease hands the connection back clean), so nothing of this request happened.
        if (conn.inTransaction()) conn.rollbackAll();
        sendError(res, hostError(503, "host.busy"), lang);
    } catch (const std::exception& e) {
        logLine("error: " + req.method + " " + path + ": " + e.what());
        sendError(res, hostError(500, "host.internal"), lang);
    }
}

}  // namespace oqs::host
