// server.hpp — the HTTP front: fixed host endpoints, plugin routes and panels, the web client's files.
//
// Every request first meets the request checks (server_request.cpp: encoding, framing, who may send a body);
// every /api request then goes through one pipeline (server.cpp): authenticate → password-change gate → CSRF →
// account kind → body read within the route's limit and checked → handler → error envelope, with one access-log
// line per request. Under it, server_transport.cpp owns the connections (budgets, keep-alive, TLS).
#pragma once

#include "host.hpp"
#include "plugins/host_api.hpp"
#include "http/login_throttle.hpp"
#include "http/server_transport.hpp"

#include <httplib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace oqs::host {

struct ServerConfig {
    std::string bind = "127.0.0.1";
    int port = 8080;                            // 0: any free port
    std::filesystem::path webRoot;              // the web client's files; empty: none
    size_t maxBodyBytes = 64ULL * 1024 * 1024;  // any body; a raw route's default (its maxBytes if smaller)
    size_t maxJsonBytes = 1024 * 1024;          // a JSON route's default (its maxBytes if given)
    size_t threads = 128;                       // connections served at once (--http-threads)
    int readTimeoutSeconds = 30;
    int writeTimeoutSeconds = 60;
    std::string certFile, keyFile;  // TLS when both are set
    bool accessLog = true;
    size_t publicPerMinute = 120;  // requests a minute one address may make to public routes (--public-rate)
};

// Bodies the pipeline reads before a session is known, or for routes that take (almost) nothing.
inline constexpr size_t kLoginBodyBytes = 4 * 1024;  // {"institution","user_id","password"}
inline constexpr size_t kSmallBodyBytes = 4 * 1024;  // the password change; a body sent to a route taking none

class WebFiles;

// What a request handler sees once the pipeline let the request through.
struct Call {
    const httplib::Request& req;
    httplib::Response& res;
    Caller caller;
    std::optional<Session> session;
    Connection& conn;
    const httplib::ContentReader* reader;  // the body, still unread; null for GET
};

class Server {
  public:
    Server(Host& host, ServerConfig config);
    ~Server();
    // Binds the port (0: a free one; port() then tells which) without answering yet; false (error() says why)
    // when it cannot. Between bind() and serve() the caller may finish its configuration (the public URL needs the
    // port) before any request or job thread can read it.
    bool bind();
    // After bind(): serves on a background thread.
    void serve();
    // bind() then serve().
    bool start() {
        if (!bind()) return false;
        serve();
        return true;
    }
    void stop();
    int port() const { return m_port; }
    bool tls() const { return !m_config.certFile.empty(); }
    const std::string& error() const { return m_error; }
    // After start(): serves one connected socket on the calling thread as if the listener had accepted it, then
    // closes it (http::Transport::serveConnection; the HTTP fuzzer's way in, without the accept loop).
    void serveConnection(int fd) { m_transport->serveConnection(fd); }

  private:
    void routes();
    void api(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader);
    size_t bodyLimit(const RouteSpec& route) const;
    void pluginRoute(Call& call, const RouteMatch& m);
    void panel(Call& call, const std::string& plugin, const std::string& panel);
    void serveFile(const httplib::Request& req, httplib::Response& res);
    void login(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang);
    Json sessionJson(Connection& conn, const Session& s, const Account& a, const Institution& i);
    Json menu(Call& call);
    Json openapi();
    // server_callers.cpp: credential routes (HTTP Basic), the viewing terminals' route, public routes.
    std::optional<Caller> authenticateBasic(const httplib::Request& req, httplib::Response& res, Connection& conn,
                                            const std::string& lang, const std::vector<std::string>& kinds);
    void credentialRoute(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang,
                         const RouteMatch& m, const httplib::ContentReader* reader);
    void viewingEvents(const httplib::Request& req, httplib::Response& res, Connection& conn, const std::string& lang,
                       const httplib::ContentReader* reader);
    void publicRoute(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader* reader);

    Host& m_host;
    ServerConfig m_config;
    std::unique_ptr<http::Transport> m_transport;
    std::unique_ptr<WebFiles> m_files;
    std::thread m_thread;
    int m_port = 0;
    LoginThrottle m_loginThrottle;  // per server, so hosts in one process (tests) do not share counts
    LoginThrottle m_publicLimiter{10000, m_config.publicPerMinute};  // public routes, per address (docs/api.md)
    std::string m_error;
};

// Writes the error envelope {"error":{"code","message","fields"}} with the error's status.
void sendError(httplib::Response& res, oqs::Error e, const std::string& lang);
void sendJson(httplib::Response& res, const Json& j, int status = 200);
// Names the acting account in this request's access-log line.
void t_actorSet(const std::string& actor);

// [Request checks] (server_request.cpp)
// The first rule the request breaks before routing, if any: invalid UTF-8 in path, query or headers (400
// request.encoding), ambiguous framing (400 request.invalid), a body where none is taken (400), a method the host
// does not serve (405), multipart (415). Records the body's framing for the connection.
std::optional<oqs::Error> screenRequest(const httplib::Request& req);
// Reads the body, keeping at most `limit` bytes: 413 request.too_large past it (checked as the bytes arrive,
// whatever the framing), 400 request.invalid when the framing breaks. No body, or no reader: "".
oqs::Result<std::string> readBody(const httplib::Request& req, const httplib::ContentReader* reader, size_t limit);
// readBody, then the JSON checks: UTF-8 (request.encoding), nesting (request.json_depth), an object
// (request.json); an empty body is {}. The text is then the request's body for the code that reads req.body.
oqs::Result<Json> readJsonBody(const httplib::Request& req, const httplib::ContentReader* reader, size_t limit);
// Makes `body` the request's body, as httplib's own (unbounded) reader would have.
void keepBody(const httplib::Request& req, std::string body);

}  // namespace oqs::host
