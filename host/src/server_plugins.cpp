// Plugin routes and panels: the host checks, then hands the request across the C boundary.
#include "messages.hpp"
#include "server.hpp"

#include <algorithm>
#include <cstdlib>

namespace oqs::host {

namespace {
constexpr size_t kPublicBodyBytes = 16 * 1024;

bool allowed(const std::vector<std::string>& kinds, const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// Calls the plugin and copies its answer into `res`; plugin-allocated memory is freed here.
void callPlugin(Host& host, Call& call, const LoadedPlugin& p, int routeIndex, const Json& requestJson) {
    oqs_ctx ctx(host, call.conn, &p, call.caller);
    std::string rj = requestJson.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::string ct = call.req.get_header_value("Content-Type");
    oqs_request rq{sizeof(oqs_request), routeIndex, rj.c_str(), call.req.body.data(), call.req.body.size(), ct.c_str()};
    oqs_response rs{sizeof(oqs_response), 500, nullptr, nullptr, nullptr, 0};
    bool threw = false;
    try {
        p.descriptor->handle(&ctx, hostApi(), &rq, &rs);
    } catch (...) {
        threw = true;  // only a plugin that lets an exception through the C boundary gets here
    }
    if (call.conn.depth() > 0) {
        logLine("plugin " + p.id + " left a transaction open on " + call.req.method + " " + call.req.path + "; rolled back");
        call.conn.rollbackAll();
    }
    std::string body = rs.body ? std::string(rs.body, rs.body_size) : std::string();
    std::string contentType = rs.content_type ? rs.content_type : "application/json; charset=utf-8";
    Json headers = rs.headers_json ? Json::parse(rs.headers_json, nullptr, false) : Json::object();
    std::free(rs.body);
    std::free(rs.content_type);
    std::free(rs.headers_json);
    if (threw || rs.status < 100 || rs.status > 599) {
        logLine("plugin " + p.id + (threw ? " threw on " : " answered an invalid status on ") + call.req.path);
        return sendError(call.res, hostError(500, "host.internal"), call.caller.lang);
    }
    if (rs.status >= 500) logLine("plugin " + p.id + " answered " + std::to_string(rs.status) + " on " + call.req.path + ": " + body.substr(0, 300));
    // Only headers a plugin has reason to set; it never overrides cookies or security headers.
    if (headers.is_object())
        for (const char* h : {"Content-Disposition", "Cache-Control", "X-OQS-Filename", "Retry-After"})
            if (auto it = headers.find(h); it != headers.end() && it->is_string()) call.res.set_header(h, it->get<std::string>());
    if (!call.res.has_header("Cache-Control")) call.res.set_header("Cache-Control", "no-store");
    call.res.status = rs.status;
    call.res.set_content(std::move(body), contentType.c_str());
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
    if (route.auth == "public") return std::min(route.maxBytes > 0 ? size_t(route.maxBytes) : kPublicBodyBytes, m_config.maxBodyBytes);
    size_t declared = route.maxBytes > 0                ? static_cast<size_t>(route.maxBytes)
                      : route.body == "json"            ? m_config.maxJsonBytes
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
    Json rq{{"method", call.req.method}, {"path", call.req.path}, {"params", m.params}, {"query", queryOf(call.req)},
            {"lang", lang}, {"remote", call.caller.remote}};
    callPlugin(m_host, call, *m.plugin, m.route->index, rq);
}

void Server::panel(Call& call, const std::string& pluginId, const std::string& panelId) {
    const auto& lang = call.caller.lang;
    if (pluginId == "host") {
        auto p = hostPanel(call, panelId);
        if (!p) return sendError(call.res, {404, "panel.not_found", lang == "en" ? "No such screen." : "指定された画面は存在しません。", {}}, lang);
        call.res.set_header("Cache-Control", "no-store");
        call.res.set_content(*p, "application/json; charset=utf-8");
        return;
    }
    const LoadedPlugin* p = m_host.registry().find(pluginId);
    auto it = p ? p->panelKinds.find(panelId) : decltype(p->panelKinds.end()){};
    if (!p || it == p->panelKinds.end())
        return sendError(call.res, {404, "panel.not_found", lang == "en" ? "No such screen." : "指定された画面は存在しません。", {}}, lang);
    if (!allowed(it->second, call.caller.account->kind)) return sendError(call.res, hostError(403, "auth.forbidden"), lang);
    Json rq{{"method", "GET"}, {"path", call.req.path}, {"params", Json::object()}, {"query", queryOf(call.req)},
            {"lang", lang}, {"remote", call.caller.remote}, {"panel", panelId}};
    callPlugin(m_host, call, *p, -1, rq);
}

}  // namespace oqs::host
