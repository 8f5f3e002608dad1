// Plugin routes and panels: the host checks, then hands the request across the C boundary.
#include "messages.hpp"
#include "http/server.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>

namespace oqs::host {

namespace {
constexpr size_t kPublicBodyBytes = 16 * 1024;

bool allowed(const std::vector<std::string>& kinds, const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// A body the plugin streams (ABI 1.2): after the status and headers, httplib asks for the next piece each time the
// previous one has been written, on the request's thread. The request's own connection lease ended with the
// handler, so the stream leases one (and makes a ctx of the same caller) for as long as it runs.
struct PluginStream {
    Host& host;
    const LoadedPlugin& plugin;
    Caller caller;
    std::string what;  // method and path, for the log
    void* state;
    int (*next)(void*, oqs_ctx*, const oqs_host_api*, char**, size_t*);
    void (*release)(void*);
    std::optional<Pool::Lease> lease;
    std::unique_ptr<oqs_ctx> ctx;
    bool released = false;

    ~PluginStream() { finish(); }
    void finish() {
        if (released) return;
        released = true;
        try {
            release(state);
        } catch (...) {
            logLine("plugin " + plugin.id + " threw releasing a stream on " + what);
        }
        ctx.reset();
        if (lease && (*lease)->inTransaction()) (*lease)->rollbackAll();
        lease.reset();
    }
    // One piece onto the wire; false cuts the connection (a failure, or the client went away).
    bool write(httplib::DataSink& sink) {
        if (!ctx) {
            try {
                lease.emplace(host.pool().lease());
                ctx = std::make_unique<oqs_ctx>(host, **lease, &plugin, caller);
            } catch (const std::exception& e) {
                logLine("streaming " + what + ": no connection: " + e.what());
                finish();
                return false;
            }
        }
        char* chunk = nullptr;
        size_t size = 0;
        int rc = -1;
        try {
            rc = next(state, ctx.get(), hostApi(), &chunk, &size);
        } catch (...) {
            rc = -1;
        }
        bool ok = rc >= 0 && (size == 0 || (chunk && sink.is_writable() && sink.write(chunk, size)));
        std::free(chunk);
        if ((*lease)->depth() > 0) {
            logLine("plugin " + plugin.id + " left a transaction open streaming " + what + "; rolled back");
            (*lease)->rollbackAll();
        }
        if (!ok) {
            if (rc < 0) logLine("plugin " + plugin.id + " failed streaming " + what + "; connection cut");
            finish();
            return false;
        }
        if (rc == 0) {
            sink.done();
            finish();
        }
        return true;
    }
};

// A plugin's error answer in the caller's language: an SDK 1.1 plugin sends both texts (and parameters) and the
// envelope is written here, as for the host's own errors. Other bodies, ABI-1.0 envelopes included, pass as sent.
std::string localizedErrorBody(std::string body, int status, const std::string& lang) {
    if (body.size() > 256 * 1024 ||
        (body.find("\"message_en\"") == std::string::npos && body.find("\"params\"") == std::string::npos &&
         body.find("\"ja\"") == std::string::npos))
        return body;
    auto j = Json::parse(body, nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object()) return body;
    Json err = j["error"];
    err["status"] = status;
    oqs::Error e = oqs::Error::fromJson(err);
    if (!e.bilingual()) return body;
    j["error"] = e.envelope(lang);
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Calls the plugin and copies its answer into `res`; plugin-allocated memory is freed here.
void callPlugin(Host& host, Call& call, const LoadedPlugin& p, int routeIndex, const Json& requestJson) {
    oqs_ctx ctx(host, call.conn, &p, call.caller);
    std::string rj = requestJson.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::string ct = call.req.get_header_value("Content-Type");
    oqs_request rq{sizeof(oqs_request), routeIndex, rj.c_str(), call.req.body.data(), call.req.body.size(), ct.c_str()};
    oqs_response rs{sizeof(oqs_response), 500, nullptr, nullptr, nullptr, 0, nullptr, nullptr, nullptr};
    bool threw = false;
    try {
        p.descriptor->handle(&ctx, hostApi(), &rq, &rs);
    } catch (...) {
        threw = true;  // only a plugin that lets an exception through the C boundary gets here
    }
    if (call.conn.depth() > 0) {
        logLine("plugin " + p.id + " left a transaction open on " + call.req.method + " " + call.req.path +
                "; rolled back");
        call.conn.rollbackAll();
    }
    std::string body = rs.body ? std::string(rs.body, rs.body_size) : std::string();
    std::string contentType = rs.content_type ? rs.content_type : "application/json; charset=utf-8";
    Json headers = rs.headers_json ? Json::parse(rs.headers_json, nullptr, false) : Json::object();
    std::free(rs.body);
    std::free(rs.content_type);
    std::free(rs.headers_json);
    std::shared_ptr<PluginStream> stream;
    if (rs.stream_next && !rs.stream_release) {  // a stream nobody could release: refused, never run
        logLine("plugin " + p.id + " answered a stream without stream_release on " + call.req.path);
        return sendError(call.res, hostError(500, "host.internal"), call.caller.lang);
    }
    if (rs.stream_next && rs.stream_release)
        stream = std::shared_ptr<PluginStream>(new PluginStream{host,
                                                                p,
                                                                call.caller,
                                                                call.req.method + " " + call.req.path,
                                                                rs.stream_state,
                                                                rs.stream_next,
                                                                rs.stream_release,
                                                                {},
                                                                {},
                                                                false});
    if (threw || rs.status < 100 || rs.status > 599) {
        logLine("plugin " + p.id + (threw ? " threw on " : " answered an invalid status on ") + call.req.path);
        return sendError(call.res, hostError(500, "host.internal"), call.caller.lang);
    }
    if (rs.status >= 500)
        logLine("plugin " + p.id + " answered " + std::to_string(rs.status) + " on " + call.req.path + ": " +
                body.substr(0, 300));
    // Only headers a plugin has reason to set; it never overrides cookies or security headers.
    if (headers.is_object())
        for (const char* h : {"Content-Disposition", "Cache-Control", "X-OQS-Filename", "Retry-After"})
            if (auto it = headers.find(h); it != headers.end() && it->is_string())
                call.res.set_header(h, it->get<std::string>());
    if (!call.res.has_header("Cache-Control")) call.res.set_header("Cache-Control", "no-store");
    call.res.status = rs.status;
    if (rs.status >= 400 && !stream) body = localizedErrorBody(std::move(body), rs.status, call.caller.lang);
    if (stream) {
        // Sent as chunks; the stream holds what it needs, so it outlives this handler.
        call.res.set_chunked_content_provider(
            contentType, [stream](size_t, httplib::DataSink& sink) { return stream->write(sink); },
            [stream](bool) { stream->finish(); });
        return;
    }
    call.res.set_content(body, contentType.c_str());  // httplib 0.11 copies (no rvalue overload)
}

Json queryOf(const httplib::Request& req) {
    Json q = Json::object();
    for (const auto& [k, v] : req.params) q[k] = v;
    return q;
}
}  // namespace

size_t Server::bodyLimit(const RouteSpec& route) const {
    if (route.body == "none") return kSmallBodyBytes;  // read and dropped, so the connection stays usable
    // An anonymous caller may make the host keep only a small body.
    if (route.auth == "public")
        return std::min(route.maxBytes > 0 ? size_t(route.maxBytes) : kPublicBodyBytes, m_config.maxBodyBytes);
    size_t declared = route.maxBytes > 0     ? static_cast<size_t>(route.maxBytes)
                      : route.body == "json" ? m_config.maxJsonBytes
                                             : m_config.maxBodyBytes;
    return std::min(declared, m_config.maxBodyBytes);
}

void Server::pluginRoute(Call& call, const RouteMatch& m) {
    const auto& lang = call.caller.lang;
    if (m.route->auth != "public" && (!call.caller.account || !allowed(m.route->kinds, call.caller.account->kind)))
        return sendError(call.res, hostError(403, "auth.forbidden"), lang);
    // The body is read only now, within the route's limit, and a JSON body is checked before the plugin sees it.
    if (m.route->body == "json") {
        auto j = readJsonBody(call.req, call.reader, bodyLimit(*m.route));
        if (!j) return sendError(call.res, j.error(), lang);
    } else {
        auto b = readBody(call.req, call.reader, bodyLimit(*m.route));
        if (!b) return sendError(call.res, b.error(), lang);
        keepBody(call.req, m.route->body == "raw" ? std::move(*b) : std::string());
    }
    Json rq{{"method", call.req.method},  {"path", call.req.path}, {"params", m.params},
            {"query", queryOf(call.req)}, {"lang", lang},          {"remote", call.caller.remote}};
    callPlugin(m_host, call, *m.plugin, m.route->index, rq);
}

void Server::panel(Call& call, const std::string& pluginId, const std::string& panelId) {
    const auto& lang = call.caller.lang;
    const LoadedPlugin* p = m_host.registry().find(pluginId);
    auto it = p ? p->panelKinds.find(panelId) : decltype(p->panelKinds.end()){};
    if (!p || it == p->panelKinds.end())
        return sendError(call.res,
                         oqs::notFound("panel.not_found", "指定された画面は存在しません。").english("No such screen."),
                         lang);
    if (!allowed(it->second, call.caller.account->kind))
        return sendError(call.res, hostError(403, "auth.forbidden"), lang);
    Json rq{{"method", "GET"}, {"path", call.req.path},        {"params", Json::object()}, {"query", queryOf(call.req)},
            {"lang", lang},    {"remote", call.caller.remote}, {"panel", panelId}};
    callPlugin(m_host, call, *p, -1, rq);
}

}  // namespace oqs::host
