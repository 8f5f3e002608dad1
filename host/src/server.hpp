// server.hpp — the HTTP front: fixed host endpoints, plugin routes and panels, the web client's files.
//
// Every /api request goes through one pipeline (server.cpp): parse → authenticate → password-change gate →
// CSRF → account kind → body checks → handler → error envelope, with one access-log line per request.
#pragma once

#include "host.hpp"
#include "host_api.hpp"
#include "login_throttle.hpp"

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace oqs::host {

struct ServerConfig {
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port
    std::filesystem::path webRoot;  // the web client's files; empty: none
    size_t maxBodyBytes = 64ULL * 1024 * 1024;
    int readTimeoutSeconds = 30;
    int writeTimeoutSeconds = 60;
    std::string certFile, keyFile;  // TLS when both are set
    bool accessLog = true;
};

// What a request handler sees once the pipeline let the request through.
struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    Caller caller;
    std::optional<Session> session;
    Connection& conn;
};

class Server {
  public:
    Server(Host& host, ServerConfig config);
    ~Server();
    // Binds and serves on a background thread; returns false when the address is taken.
    bool start();
    void stop();
    int port() const { return m_port; }
    bool tls() const { return !m_config.certFile.empty(); }

  private:
    void routes();
    void api(const httplib::Request& req, httplib::Response& res);
    void pluginRoute(Call& call, const RouteMatch& m);
    void panel(Call& call, const std::string& plugin, const std::string& panel);
    void serveFile(const httplib::Request& req, httplib::Response& res);
    void login(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang);
    Json sessionJson(Connection& conn, const Session& s, const Account& a, const Institution& i);
    Json menu(Call& call);
    Json openapi();
    std::optional<std::string> hostPanel(Call& call, const std::string& id);
    // server_callers.cpp: credential routes (HTTP Basic), the viewing terminals' route, public routes.
    std::optional<Caller> authenticateBasic(const httplib::Request& req, httplib::Response& res, Connection& conn,
                                            const std::string& lang, const std::vector<std::string>& kinds);
    void credentialRoute(const httplib::Request& req, httplib::Response& res, Connection& conn,
                         const std::string& lang, const RouteMatch& m);
    void viewingEvents(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang);
    void publicRoute(const httplib::Request& req, httplib::Response& res);

    Host& m_host;
    ServerConfig m_config;
    std::unique_ptr<httplib::Server> m_http;
    std::thread m_thread;
    int m_port = 0;
    LoginThrottle m_loginThrottle;  // per server, so hosts in one process (tests) do not share counts
    // Public routes: at most kPublicPerMinute requests a minute from one address (docs/api.md).
    static constexpr size_t kPublicPerMinute = 120;
    LoginThrottle m_publicLimiter{10000, kPublicPerMinute};
};

// Writes the error envelope {"error":{"code","message","fields"}} with the error's status.
void sendError(httplib::Response& res, oqs::Error e, const std::string& lang);
void sendJson(httplib::Response& res, const Json& j, int status = 200);
// Names the acting account in this request's access-log line.
void t_actorSet(const std::string& actor);

}  // namespace oqs::host
