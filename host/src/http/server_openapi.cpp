// GET /api/openapi.json: OpenAPI 3.0.3 for the host's routes and every loaded plugin's, with request, query and
// answer schemas where the route declares them (oqs/plugin.hpp accepts/query/answers) and the error envelope once.
// A client generator reads it; tests/api checks it with a standard validator and calls routes from its schemas.
#include "oqs/api_schema.hpp"
#include "oqs/kinds.hpp"
#include "oqs/panel.hpp"
#include "http/server.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace oqs::host {

namespace {

namespace S = oqs::schema;
using P = oqs::panel::Field;
using oqs::panel::L;

const Json kErrorRef = {{"$ref", "#/components/responses/Error"}};

// The envelope every 4xx and 5xx carries (server.cpp sendError, oqs::Response(Error)).
Json errorSchema() {
    Json fields = S::anyObject("per-field messages in the caller's language, keyed by the request's field names");
    fields["additionalProperties"] = S::string();
    // The values a message was built from ({"action","actor","kind"} of a hierarchy refusal), for programs.
    Json params = S::anyObject("the values the message names, e.g. a refused action and account kinds");
    params["additionalProperties"] = S::string();
    return S::object({{"error", S::object({{"code", S::string("stable dotted code, e.g. accounts.user_id.taken")},
                                           {"message", S::string("for people, in the caller's language (ja or en)")},
                                           {"fields", fields},
                                           {"params", params}},
                                          {"fields", "params"})}});
}

Json jsonContent(Json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

// "accounts", "PATCH", "/api/accounts/accounts/{user_id}" → "accounts_patch_accounts_by_user_id": unique (a
// manifest may not declare one method and path twice) and stable, so generated method names do not churn.
std::string operationId(const std::string& tag, std::string method, const std::string& path) {
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    std::string id = tag + "_" + method;
    auto segs = splitPath(path);
    size_t skip = segs.size() >= 2 && (segs[0] == "api" || segs[0] == "p") && segs[1] == tag ? 2 : 1;
    for (size_t i = skip; i < segs.size(); ++i) {
        std::string s = segs[i];
        if (s.size() > 2 && s.front() == '{') s = "by_" + s.substr(1, s.size() - 2);
        for (char& c : s)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        id += "_" + s;
    }
    return id;
}

Json operation(const std::string& summary, const std::string& tag, const std::string& method, const std::string& path,
               Json kinds, const Json& answers = Json::object()) {
    Json responses = Json::object();
    for (const auto& [status, schema] : answers.items())
        responses[status] = {{"description", status == "201" ? "Created" : "OK"}, {"content", jsonContent(schema)}};
    if (responses.empty()) responses["200"] = {{"description", "OK"}};
    responses["4XX"] = kErrorRef;
    responses["5XX"] = kErrorRef;
    return {{"summary", summary},
            {"operationId", operationId(tag, method, path)},
            {"tags", {tag}},
            {"x-account-kinds", std::move(kinds)},
            {"responses", responses}};
}

Json jsonBody(Json schema) { return {{"required", true}, {"content", jsonContent(std::move(schema))}}; }

Json sessionSchema() {
    return S::object(
        {{"account", S::object({{"kind", S::string()}, {"user_id", S::string()}, {"name", S::string()}})},
         {"institution", S::object({{"code", S::string()}, {"name", S::string()}, {"kind", S::oneOf({"MED", "PHA"})}})},
         {"password_change_required", S::boolean("true until the initial password is changed")},
         {"csrf_token", S::string("send as X-CSRF-Token on every POST, PATCH, PUT and DELETE")},
         {"environment", S::string()},
         {"idle_timeout_seconds", S::integer()}});
}

Json menuSchema() {
    Json item = S::object({{"id", S::string()},
                           {"label", S::label()},
                           {"panel", S::string("<plugin>/<panel>")},
                           {"builtin", S::string()}},
                          {"panel", "builtin"});
    Json group =
        S::object({{"id", S::string()}, {"label", S::label()}, {"order", S::integer()}, {"items", S::array(item)}});
    return S::object(
        {{"institution", S::object({{"code", S::string()}, {"name", S::string()}, {"kind", S::string()}})},
         {"account", S::object({{"user_id", S::string()}, {"kind", S::string()}, {"name", S::string()}})},
         {"environment", S::string()},
         {"before_usage_start", S::boolean()},
         {"groups", S::array(group)},
         {"header", S::array(S::object({{"id", S::string()}, {"label", S::label()}, {"panel", S::string()}}))}});
}

// The host's own routes, described by the same builders a plugin uses; the login form is the login screen's.
void hostPaths(Json& paths) {
    Json any = Json::array();
    auto add = [&](const std::string& method, const std::string& path, const std::string& summary, Json answers,
                   Json kinds = Json::array()) {
        std::string m = method;
        std::transform(m.begin(), m.end(), m.begin(), ::tolower);
        paths[path][m] = operation(summary, "host", method, path, std::move(kinds), answers);
        return &paths[path][m];
    };
    Json message = S::object({{"message", S::message()}});
    add("GET", "/healthz", "Liveness", {{"200", S::object({{"status", S::oneOf({"ok"})}})}})->operator[]("security") =
        Json::array();
    Json* login = add("POST", "/api/session", "Log in (institution, user_id, password)", {{"200", sessionSchema()}});
    (*login)["security"] = Json::array();
    (*login)["requestBody"] = jsonBody(S::fromFields(Json::array({
        P("institution", "text", L("機関コード", "Institution code")).required().pattern("^[0-9]{10}$"),
        P("user_id", "text", L("ユーザID", "User ID")).required().max(64),
        P("password", "password", L("パスワード", "Password")).required().max(256),
    })));
    add("GET", "/api/session", "The current session", {{"200", sessionSchema()}});
    Json* logout = add("DELETE", "/api/session", "Log out", Json::object());
    (*logout)["responses"].erase("200");
    (*logout)["responses"]["204"] = {{"description", "Logged out; the cookie is cleared"}};
    Json* password = add("POST", "/api/session/password", "Change one's password", {{"200", message}});
    (*password)["requestBody"] = jsonBody(S::fromFields(Json::array({
        P("current_password", "password", L("現在のパスワード", "Current password")).required(),
        P("new_password", "password", L("新しいパスワード", "New password")).required(),
    })));
    add("GET", "/api/menu", "The caller's menu", {{"200", menuSchema()}});
    add("GET", "/api/plugins", "Loaded and refused plugins", {{"200", S::anyObject()}});
    Json* panel = add("GET", "/api/panels/{plugin}/{panel}", "A panel (screen) as JSON (docs/panels.md)",
                      {{"200", S::object({{"schema", S::integer()},
                                          {"id", S::string()},
                                          {"title", S::label()},
                                          {"body", S::array(S::anyObject("a widget"))}})}});
    (*panel)["parameters"] = {{{"name", "plugin"}, {"in", "path"}, {"required", true}, {"schema", S::string()}},
                              {{"name", "panel"}, {"in", "path"}, {"required", true}, {"schema", S::string()}}};
    add("GET", "/api/openapi.json", "This document", {{"200", S::anyObject()}})->operator[]("security") = Json::array();
    Json* viewing =
        add("POST", "/api/viewing/events", "Record up to 1,000 medical-information viewings (viewing terminals)",
            {{"201", S::anyObject()}}, {kMedinfo, kWebapi, kLinkapp});
    (*viewing)["security"] = {{{"credentials", Json::array()}}};
    (*viewing)["x-route-kind"] = "credential";
    (*viewing)["x-body"] = "json";
    (*viewing)["requestBody"] = jsonBody(S::anyObject("docs/api.md: {\"events\":[…]}"));
}

}  // namespace

Json Server::openapi() {
    Json paths = Json::object();
    hostPaths(paths);
    std::set<std::string> operationIds;
    for (const auto& [path, ops] : paths.items())
        for (const auto& [method, op] : ops.items()) operationIds.insert(op["operationId"].get<std::string>());
    for (const auto& p : m_host.registry().plugins()) {
        for (const auto& r : p->routes) {
            std::string method = r.method;
            const std::string& path = r.path;
            Json o = operation(r.summary, p->id, method, path, r.kinds, r.answers);
            Json params = Json::array();
            for (const auto& seg : splitPath(path))
                if (seg.size() > 2 && seg.front() == '{')
                    params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", {{"type", "string"}}}});
            for (const auto& q : r.query) params.push_back(q);
            if (!params.empty()) o["parameters"] = params;
            const std::string& body = r.body;
            // Declared: required as declared. Undeclared: an empty body counts as {} (docs/api.md), so optional.
            if (body == "json" && !r.request.is_null()) o["requestBody"] = jsonBody(r.request);
            else if (body == "json") o["requestBody"] = {{"content", jsonContent(S::anyObject())}};
            if (body == "raw") {
                const std::string type = r.requestType.empty() ? "application/octet-stream" : r.requestType;
                Json media = Json::object();
                if (!r.request.is_null()) media["schema"] = r.request;
                o["requestBody"] = {{"content", {{type, media}}}};
                if (!r.requestType.empty()) o["requestBody"]["required"] = true;  // declared: the route needs it
            }
            // Files (CSV, PDF, PNG) answered instead of JSON: their media type, the bytes as a binary string.
            for (const auto& [status, file] : r.files.items())
                o["responses"][status] = {
                    {"description", file.value("description", "").empty() ? "A file" : file.value("description", "")},
                    {"content",
                     {{file["type"].get<std::string>(), {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
            // Who may call: the console session (the document's default), HTTP Basic per request, or anyone.
            const std::string& auth = r.auth;
            if (auth == "credential") o["security"] = {{{"credentials", Json::array()}}};
            if (auth == "public") o["security"] = Json::array();
            // Said plainly as well, for tools that enumerate the routes (tests/authz derives its matrix from them).
            o["x-route-kind"] = auth;
            o["x-body"] = body;
            // Two paths may differ only in punctuation the id flattens ("/a_b", "/a/b"): ids stay unique.
            for (int n = 2; !operationIds.insert(o["operationId"].get<std::string>()).second; ++n)
                o["operationId"] = operationId(p->id, method, path) + "_" + std::to_string(n);
            std::transform(method.begin(), method.end(), method.begin(), ::tolower);
            paths[path][method] = o;
        }
        // Each panel is a route too (GET /api/panels/<plugin>/<panel>, session only), with its own kinds.
        for (const auto& [panelId, kinds] : p->panelKinds) {
            std::string path = "/api/panels/" + p->id + "/" + panelId;
            Json o = operation("Panel " + p->id + "." + panelId, p->id, "GET", path, kinds,
                               {{"200", S::anyObject("a panel")}});
            o["x-route-kind"] = "session";
            o["x-body"] = "none";
            o["x-panel"] = true;
            for (int n = 2; !operationIds.insert(o["operationId"].get<std::string>()).second; ++n)
                o["operationId"] = operationId(p->id, "GET", path) + "_" + std::to_string(n);
            paths[path]["get"] = o;
        }
    }
    Json components{
        {"schemas", {{"Error", errorSchema()}}},
        {"responses",
         {{"Error",
           {{"description", "The error envelope (docs/api.md)"},
            {"content", jsonContent({{"$ref", "#/components/schemas/Error"}})}}}}},
        {"securitySchemes",
         {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "oqs_session"}}},
          {"credentials",
           {{"type", "http"}, {"scheme", "basic"}, {"description", "user name: <institution code>/<user ID>"}}}}}};
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "OQS admin console API"}, {"version", "1.1.0"}}},
            {"components", components},
            {"security", {{{"session", Json::array()}}}},
            {"paths", paths}};
}

}  // namespace oqs::host
