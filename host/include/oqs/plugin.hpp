// oqs/plugin.hpp — the C++ face of the plugin contract: declare a plugin as a table of contents.
//
//   static void declare(oqs::Plugin& p) {
//       p.id("activation").name(oqs::panel::L("アクティベーションコード管理", "Activation codes")).version("1.0.0");
//       registerMigrations(p); registerRoutes(p); registerPanels(p); registerMenu(p);
//   }
//   OQS_PLUGIN(activation, declare)
//
// Index
//   [SECTION] Request and Response
//   [SECTION] Manifest pieces: MenuEntry, route kinds
//   [SECTION] Plugin (the builder)
//   [SECTION] The C adapter and OQS_PLUGIN
//
// The builder turns everything into the manifest JSON the loader validates (oqs/manifest.hpp documents it) and
// into C callbacks that catch every exception, so nothing C++ crosses the boundary. Build a plugin with the
// CMake helper oqs_add_plugin(): one static library (linked into tests) and a shared library around it that
// exports `oqs_plugin_entry` (what ships).
#pragma once

#include "oqs/api_schema.hpp"
#include "oqs/ctx.hpp"
#include "oqs/form.hpp"
#include "oqs/json_limits.hpp"
#include "oqs/kinds.hpp"
#include "oqs/oqs_plugin.h"
#include "oqs/panel.hpp"
#include "oqs/result.hpp"

#include <cctype>
#include <cstddef>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace oqs {

// [SECTION] Request and Response
struct Request {
    std::string method;
    std::string path;
    std::string lang = "ja";
    std::string remote;
    std::string panel;             // set for panel requests
    Json params = Json::object();  // {name} parts of the route path
    Json query = Json::object();   // query string (all values strings)
    std::string_view body;
    std::string contentType;

    // The body as a JSON object, or a 400 request.json (request.json_depth past kMaxJsonDepth) error.
    Result<Json> json() const {
        if (!jsonDepthWithin(body)) return badRequest("request.json_depth", "送信されたデータの入れ子が深すぎます。");
        auto j = Json::parse(body.begin(), body.end(), nullptr, false);
        if (j.is_discarded() || !j.is_object())
            return badRequest("request.json", "リクエストの形式が正しくありません（JSONオブジェクトが必要です）。");
        return j;
    }
    std::string param(const std::string& name) const { return params.value(name, ""); }
    std::string queryValue(const std::string& name, std::string fallback = {}) const {
        auto it = query.find(name);
        return it != query.end() && it->is_string() ? it->get<std::string>() : fallback;
    }
};

// A body made piece by piece (ABI 1.2): appends the next piece to `out` and answers true while more follows,
// false at the end, or an Error (the host then cuts the connection: the client sees an incomplete answer, never a
// short file that looks whole). Called on the request's thread with a fresh ctx of the same caller.
using StreamFn = std::function<Result<bool>(Ctx& ctx, std::string& out)>;

struct Response {
    int status = 200;
    std::string contentType = "application/json; charset=utf-8";
    Json headers = Json::object();
    std::string body;
    StreamFn stream;  // when set, the body is streamed and `body` is ignored

    Response() = default;
    Response(const Error& e)  // NOLINT(google-explicit-constructor): `return badRequest(…)` from a handler
        : status(e.status) {
        // Both languages and the parameters travel to the host, which writes the envelope in the caller's language
        // (an error without them is already the envelope: code, message, fields).
        Json err = e.toJson();
        err.erase("status");
        body = Json{{"error", err}}.dump();
        if (e.status == 503) headers["Retry-After"] = "2";  // host.busy: the write lock is held only briefly
    }
    static Response json(const Json& j, int status = 200) {
        Response r;
        r.status = status;
        r.body = j.dump(-1, ' ', false, Json::error_handler_t::replace);
        return r;
    }
    // A file to download; the file name may be Japanese (sent as RFC 5987 filename*).
    static Response file(std::string bytes, std::string contentType, const std::string& filename) {
        Response r;
        r.contentType = std::move(contentType);
        r.body = std::move(bytes);
        r.headers["Content-Disposition"] = disposition(filename);
        return r;
    }
    // A file to download whose bytes `next` produces piece by piece, so memory does not grow with the file.
    static Response fileStream(StreamFn next, std::string contentType, const std::string& filename) {
        Response r;
        r.contentType = std::move(contentType);
        r.stream = std::move(next);
        r.headers["Content-Disposition"] = disposition(filename);
        return r;
    }
    // RFC 6266: an ASCII fallback name, and the real (UTF-8) name as RFC 5987 filename*.
    static std::string disposition(const std::string& filename) {
        return "attachment; filename=\"" + asciiFallback(filename) + "\"; filename*=UTF-8''" + percentEncode(filename);
    }

  private:
    static std::string asciiFallback(const std::string& s) {
        std::string out;
        for (unsigned char c : s) out += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? char(c) : '_';
        return out;
    }
    static std::string percentEncode(const std::string& s) {
        static const char* hex = "0123456789ABCDEF";
        std::string out;
        for (unsigned char c : s) {
            if (std::isalnum(c) || std::strchr("-._~", c)) out += char(c);
            else {
                out += '%';
                out += hex[c >> 4];
                out += hex[c & 15];
            }
        }
        return out;
    }
};

// 400 form.invalid from oqs::form::checkForm()'s problems ({"<field>": {"ja","en"}}); the host shows each text in
// the caller's language. (req is kept for source compatibility; the language is the host's business.)
inline Error formError(const Request& /*req*/, const Json& problems) {
    return badRequest("form.invalid", "入力内容に誤りがあります。", problems).english("Some entries are not valid.");
}

// The request's JSON body checked against the form spec its panel shows (a form widget or its "fields"), by the
// same code the client runs (oqs/form.hpp): the body, or formError().
inline Result<Json> checkedBody(const Request& req, const Json& form) {
    auto body = req.json();
    if (!body) return body.error();
    const Json& fields = form.is_object() && form.contains("fields") ? form["fields"] : form;
    Json problems = form::checkForm(fields, *body);
    if (problems.empty()) return body;
    return formError(req, problems);
}

// [SECTION] Manifest pieces
// A menu item the plugin adds (SPEC.md §1.7). Items of the same group id from any plugin are merged.
struct MenuEntry {
    std::string groupId;   // e.g. "accounts"
    Json groupLabel;       // L("アカウント情報管理", "Account management")
    int groupOrder = 100;  // position of the group in the menu (the manual's ①–⑬ → 10, 20, …)
    std::string id;        // unique within the plugin
    Json label;
    int order = 0;                        // position inside the group
    std::string panel = {};               // the plugin's panel it opens
    std::vector<std::string_view> kinds;  // account kinds that see it
    bool verificationOnly = false;        // shown only in the verification environment
    bool beforeUsageStart = false;        // also shown before the institution's usage start date (§1.7.4)
    Json visibleWhen = nullptr;           // rule over the session's settings snapshot
    std::string builtin = {};  // instead of a panel, a screen the client has built in: "password" (added 2026-11-28)

    Json toJson() const {
        Json j{{"group", {{"id", groupId}, {"label", groupLabel}, {"order", groupOrder}}},
               {"id", id},
               {"label", label},
               {"order", order},
               {"kinds", Json::array()},
               {"verificationOnly", verificationOnly},
               {"beforeUsageStart", beforeUsageStart}};
        for (auto k : kinds) j["kinds"].push_back(std::string(k));
        if (builtin.empty()) j["panel"] = panel;
        else j["builtin"] = builtin;
        if (!visibleWhen.is_null()) j["visibleWhen"] = visibleWhen;
        return j;
    }
};

using Kinds = std::vector<std::string_view>;
using Handler = std::function<Response(Ctx&, const Request&)>;
using PanelFn = std::function<Result<Json>(Ctx&, const Request&)>;
using JobFn = std::function<Result<Json>(Ctx&, const Json& payload)>;
using InitFn = std::function<Status(Ctx&)>;
using ShutdownFn = std::function<void()>;

// Who opens a job's transactions. HostTransaction (the default): the host runs the job inside one transaction and
// commits it with the job's outcome — simple, and right for short jobs, but the job holds the database's write
// lock all along. OwnTransactions: the job runs outside any transaction, does its slow part (reading, checking,
// preparing) without the lock, writes in short transactions of its own, and records its outcome with
// ctx.call("job.complete", {{"result", …}}) in its last one, so effects and outcome still commit together.
enum class JobMode { HostTransaction, OwnTransactions };

// How a route reads its body: JSON (the default for POST/PATCH/PUT), raw bytes (file uploads) or none.
enum class Body { Json, Raw, None };

// [SECTION] Plugin
class Plugin {
  public:
    Plugin& id(std::string v) {
        m_id = std::move(v);
        return *this;
    }
    Plugin& name(Json label) {
        m_name = std::move(label);
        return *this;
    }
    Plugin& version(std::string v) {
        m_version = std::move(v);
        return *this;
    }
    // The host environments ("production", "verification") the plugin exists in; by default all. Elsewhere the
    // host does not load it: no menu item, and every route and panel answers 404.
    Plugin& environments(std::vector<std::string> envs) {
        m_environments = std::move(envs);
        return *this;
    }

    Plugin& menu(const MenuEntry& e) {
        m_menu.push_back(e.toJson());
        return *this;
    }
    // A link in the header of every console screen (お知らせ一覧, お問い合わせ先), for every console account:
    // opens the plugin's panel. Links are ordered by `order` across plugins (addition 2026-11-28).
    Plugin& header(std::string id, Json label, std::string panel, int order = 100) {
        m_header.push_back(
            {{"id", std::move(id)}, {"label", std::move(label)}, {"panel", std::move(panel)}, {"order", order}});
        return *this;
    }

    // A JSON route at /api/<plugin id><path>, e.g. route("GET", "/accounts/{user_id}", {kAdmin}, …). The host
    // authenticates the console session, checks the account kind, CSRF and the body size before the handler runs.
    Plugin& route(std::string method, std::string path, Kinds kinds, Handler h, std::string summary = {},
                  Body body = Body::Json, long long maxBytes = 0) {
        return addRoute("session", std::move(method), "/api/" + m_id + path, kinds, std::move(h), std::move(summary),
                        body, maxBytes);
    }
    // A route at /api/<plugin id><path> for devices and systems (ABI 1.1): each request carries HTTP Basic
    // credentials "institution/user ID:password" of an account of one of `kinds` (system kinds such as kFace,
    // kWebapi). No cookie, no CSRF token; ctx has that account and its institution.
    Plugin& credentialRoute(std::string method, std::string path, Kinds kinds, Handler h, std::string summary = {},
                            Body body = Body::Json, long long maxBytes = 0) {
        return addRoute("credential", std::move(method), "/api/" + m_id + path, kinds, std::move(h), std::move(summary),
                        body, maxBytes);
    }
    // A route anyone may call, at /p/<plugin id><path> (ABI 1.1): GET or POST, answering HTML or JSON,
    // rate-limited per address by the host, bodies up to 16 KiB unless maxBytes says less. ctx has no account
    // and no institution: the handler finds its institution itself (e.g. by a token in its own table).
    Plugin& publicRoute(std::string method, std::string path, Handler h, std::string summary = {},
                        Body body = Body::None, long long maxBytes = 0) {
        return addRoute("public", std::move(method), "/p/" + m_id + path, {}, std::move(h), std::move(summary), body,
                        maxBytes);
    }
    // What the route declared just before takes and answers, for GET /api/openapi.json and the client generators
    // that read it (oqs/api_schema.hpp). Optional: a route without them is listed with an untyped body and answer.
    //   accepts(form)        its JSON body, as the form spec its panel sends (required, max, pattern, choices, dates)
    //   acceptsSchema(s)     its JSON body as a JSON Schema, where no form describes it
    //   query(form)          its query parameters, as a form spec (schema::paged() adds offset and limit)
    //   answers(s, status)   the JSON it answers with that status (schema::object(), schema::page() …)
    //   acceptsFile(type, d) a raw body's media type ("text/csv") and what it holds (manifest "request",
    //                        "requestType"; addition 2026-11-28: a host that does not know "requestType" lists the
    //                        body as application/octet-stream, as before)
    //   answersFile(type, status, d)  a file it answers with that status instead of JSON (manifest "files")
    // Errors need nothing: every route may answer the error envelope, listed once in the document.
    Plugin& accepts(const Json& form) { return acceptsSchema(schema::fromFields(form)); }
    Plugin& acceptsSchema(Json s) {
        lastRoute("accepts")["request"] = std::move(s);
        return *this;
    }
    Plugin& query(const Json& form) {
        lastRoute("query")["query"] = schema::queryParameters(form);
        return *this;
    }
    Plugin& answers(Json s, int status = 200) {
        lastRoute("answers")["answers"][std::to_string(status)] = std::move(s);
        return *this;
    }
    Plugin& acceptsFile(std::string mediaType, const std::string& description) {
        Json& r = lastRoute("acceptsFile");
        r["request"] = {{"type", "string"}, {"format", "binary"}, {"description", description}};
        r["requestType"] = std::move(mediaType);
        return *this;
    }
    Plugin& answersFile(std::string mediaType, int status = 200, const std::string& description = {}) {
        lastRoute("answersFile")["files"][std::to_string(status)] = {{"type", std::move(mediaType)},
                                                                     {"description", description}};
        return *this;
    }

    // A panel at GET /api/panels/<plugin id>/<id>; query parameters reach the builder as req.query.
    Plugin& panel(std::string id, Kinds kinds, PanelFn fn) {
        Json p{{"id", id}, {"kinds", Json::array()}};
        for (auto k : kinds) p["kinds"].push_back(std::string(k));
        m_panels.push_back(std::move(p));
        m_panelFns[std::move(id)] = std::move(fn);
        return *this;
    }
    // A settings field contributed to the institution's settings (schema in oqs/manifest.hpp).
    Plugin& setting(Json field) {
        m_settings.push_back(std::move(field));
        return *this;
    }
    // Numbered migrations run in order, once each, in a transaction; tables must be named "<id>_…".
    Plugin& migration(int number, std::string sql) {
        m_migrations.push_back({{"version", number}, {"sql", std::move(sql)}});
        return *this;
    }
    Plugin& job(std::string kind, JobFn fn, JobMode mode = JobMode::HostTransaction) {
        if (mode == JobMode::OwnTransactions) m_jobModes[kind] = "own";
        m_jobs[std::move(kind)] = std::move(fn);
        return *this;
    }
    Plugin& onInit(InitFn fn) {
        m_init = std::move(fn);
        return *this;
    }
    // Runs once when the host stops (after its job workers), newest plugin first; no ctx, no database.
    Plugin& onShutdown(ShutdownFn fn) {
        m_shutdown = std::move(fn);
        return *this;
    }
    // An item for an extension point another plugin reads with "contributions.list" (e.g. "history.categories").
    Plugin& contribute(const std::string& point, Json item) {
        m_contributes[point].push_back(std::move(item));
        return *this;
    }

    const std::string& idValue() const { return m_id; }

    Json manifest() const {
        Json jobs = Json::array();
        for (const auto& [k, _] : m_jobs) jobs.push_back(k);
        Json panels = m_panels.is_null() ? Json::array() : m_panels;
        Json m{{"id", m_id},
               {"version", m_version},
               {"name", m_name},
               {"menu", m_menu.is_null() ? Json::array() : m_menu},
               {"routes", m_routes.is_null() ? Json::array() : m_routes},
               {"panels", panels},
               {"settings", m_settings.is_null() ? Json::array() : m_settings},
               {"jobs", jobs},
               {"migrations", m_migrations.is_null() ? Json::array() : m_migrations},
               {"contributes", m_contributes.is_null() ? Json::object() : m_contributes}};
        if (!m_jobModes.empty()) m["jobModes"] = m_jobModes;  // an older host ignores it and wraps the job
        if (!m_environments.empty()) m["environments"] = m_environments;
        if (!m_header.is_null()) m["header"] = m_header;  // an older host ignores it
        return m;
    }

    // Used by the C adapter below.
    Response dispatch(Ctx& ctx, int routeIndex, const Request& req) const {
        if (routeIndex >= 0 && size_t(routeIndex) < m_handlers.size()) {
            Response r = m_handlers[size_t(routeIndex)](ctx, req);
            // A JSON answer's follow-up actions and goto may name paths and panels relative to the plugin too.
            if (r.contentType.rfind("application/json", 0) == 0 &&
                (r.body.find("\"call\"") != std::string::npos || r.body.find("\"goto\"") != std::string::npos)) {
                auto j = parseJson(r.body);
                if (j.is_object()) {
                    resolveRelative(j);
                    r.body = j.dump(-1, ' ', false, Json::error_handler_t::replace);
                }
            }
            return r;
        }
        auto it = m_panelFns.find(req.panel);
        if (it == m_panelFns.end()) return notFound("panel.not_found", "指定された画面は存在しません。");
        auto p = it->second(ctx, req);
        if (!p) return p.error();
        if (auto id = p->find("id"); id != p->end() && id->is_string()) *id = qualified(id->get<std::string>());
        resolveRelative(*p);
        return Response::json(*p);
    }

    // "items/{id}" → "/api/<plugin id>/items/{id}" and panel "main" → "<plugin id>.main" everywhere in a panel or
    // an answer (calls, table and image sources, goto, rowOpen), so a plugin never spells its own prefix.
    // Absolute paths ("/api/other/…") and qualified panels ("other.main") are left as they are.
    void resolveRelative(Json& j) const {
        if (j.is_array()) {
            for (auto& e : j) resolveRelative(e);
            return;
        }
        if (!j.is_object()) return;
        for (auto& [key, v] : j.items()) {
            if ((key == "call" || key == "source") && v.is_object()) {
                if (auto path = v.find("path");
                    path != v.end() && path->is_string() && !path->get_ref<const std::string&>().empty()) {
                    const std::string& s = path->get_ref<const std::string&>();
                    if (s[0] != '/') *path = "/api/" + m_id + "/" + s;
                }
            }
            if ((key == "goto" || key == "rowOpen") && v.is_object())
                if (auto panel = v.find("panel"); panel != v.end() && panel->is_string())
                    *panel = qualified(panel->get<std::string>());
            resolveRelative(v);
        }
    }
    std::string qualified(const std::string& panel) const {
        return panel.find('.') == std::string::npos && !m_id.empty() ? m_id + "." + panel : panel;
    }
    Result<Json> runJob(Ctx& ctx, const std::string& kind, const Json& payload) const {
        auto it = m_jobs.find(kind);
        if (it == m_jobs.end()) return Error{500, "job.unknown_kind", "unknown job kind: " + kind, {}};
        return it->second(ctx, payload);
    }
    Status init(Ctx& ctx) const { return m_init ? m_init(ctx) : Status(Ok{}); }
    void shutdown() const {
        if (m_shutdown) m_shutdown();
    }

  private:
    Plugin& addRoute(const char* auth, std::string method, std::string path, const Kinds& kinds, Handler h,
                     std::string summary, Body body, long long maxBytes) {
        Json r{
            {"method", method}, {"path", std::move(path)}, {"kinds", Json::array()}, {"summary", std::move(summary)}};
        if (std::string_view(auth) != "session") r["auth"] = auth;  // absent means session: ABI 1.0 manifests
        bool reads = method == "POST" || method == "PATCH" || method == "PUT";
        r["body"] = !reads || body == Body::None ? "none" : body == Body::Raw ? "raw" : "json";
        if (maxBytes > 0) r["maxBytes"] = maxBytes;
        for (auto k : kinds) r["kinds"].push_back(std::string(k));
        m_routes.push_back(std::move(r));
        m_handlers.push_back(std::move(h));
        return *this;
    }

    // A declaration error: thrown inside the declare function, where the adapter turns it into "no plugin".
    Json& lastRoute(const char* what) {
        if (!m_routes.is_array() || m_routes.empty())
            throw std::logic_error(std::string(what) + "() describes the route declared before it; there is none");
        return m_routes.back();
    }

    std::string m_id, m_version = "0.0.0";
    std::vector<std::string> m_environments;
    Json m_name = panel::L("");
    Json m_menu, m_header, m_routes, m_panels, m_settings, m_migrations, m_contributes;
    std::vector<Handler> m_handlers;
    std::map<std::string, PanelFn> m_panelFns;
    std::map<std::string, JobFn> m_jobs;
    Json m_jobModes = Json::object();
    InitFn m_init;
    ShutdownFn m_shutdown;
};

// [SECTION] The C adapter
namespace detail {

inline char* dupFor(const oqs_host_api* api, const std::string& s) {
    char* p = static_cast<char*>(api->alloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}
inline void setError(const oqs_host_api* api, char** out, const Error& e) {
    if (out) *out = dupFor(api, e.toJson().dump());
}

// One instantiation per declare function, so several plugins can be linked statically into one test binary.
template <void (*Declare)(Plugin&)>
struct Adapter {
    struct State {
        Plugin plugin;
        std::string id, version, manifest;
        oqs_plugin_descriptor descriptor{};
    };
    // Built on first use; owned by a static holder, so it is freed when the library is unloaded (or the program
    // ends) and never while a host may still call in. A declare function that throws leaves no plugin.
    // `name` (from OQS_PLUGIN) is the plugin's id, set before the declare function runs, so routes declared first
    // get the right prefix. Only the first call (the entry point's) passes it.
    static State* state(const char* name = nullptr) {
        struct Holder {
            std::unique_ptr<State> st;
            explicit Holder(const char* name) {
                try {
                    auto s = std::make_unique<State>();
                    if (name) s->plugin.id(name);
                    Declare(s->plugin);
                    s->id = s->plugin.idValue();
                    auto manifest = s->plugin.manifest();
                    s->manifest = manifest.dump();
                    s->version = manifest.value("version", "");
                    auto& d = s->descriptor;
                    d.struct_size = sizeof(oqs_plugin_descriptor);
                    d.abi_major = OQS_ABI_MAJOR;
                    d.abi_minor = OQS_ABI_MINOR;
                    d.id = s->id.c_str();
                    d.version = s->version.c_str();
                    d.manifest_json = s->manifest.c_str();
                    d.init = &init;
                    d.handle = &handle;
                    d.run_job = &runJob;
                    d.shutdown = &shutdown;
                    st = std::move(s);
                } catch (...) {
                    st.reset();
                }
            }
        };
        static Holder holder(name);
        return holder.st.get();
    }
    static const oqs_plugin_descriptor* entry(const char* name) {
        State* s = state(name);
        return s ? &s->descriptor : nullptr;
    }
    static oqs_status init(oqs_ctx* c, const oqs_host_api* api, char** error_json) {
        try {
            Ctx ctx(c, api);
            auto st = state()->plugin.init(ctx);
            if (!st) {
                setError(api, error_json, st.error());
                return OQS_ERR_INTERNAL;
            }
            return OQS_OK;
        } catch (const std::exception& e) {
            setError(api, error_json, {500, "plugin.init", std::string("init threw: ") + e.what(), {}});
        } catch (...) {
            setError(api, error_json, {500, "plugin.init", "init threw an unknown exception", {}});
        }
        return OQS_ERR_INTERNAL;
    }
    static oqs_status handle(oqs_ctx* c, const oqs_host_api* api, const oqs_request* rq, oqs_response* rs) {
        Response out;
        std::string where = "a request";  // method and path only: a query may carry a one-time token
        try {
            Ctx ctx(c, api);
            Request req;
            auto j = parseJson(rq->request_json ? rq->request_json : "{}");
            if (j.is_object()) {
                req.method = j.value("method", "");
                req.path = j.value("path", "");
                req.lang = j.value("lang", "ja");
                req.remote = j.value("remote", "");
                req.panel = j.value("panel", "");
                if (j.contains("params") && j["params"].is_object()) req.params = j["params"];
                if (j.contains("query") && j["query"].is_object()) req.query = j["query"];
            }
            req.body = std::string_view(rq->body ? rq->body : "", rq->body_size);
            req.contentType = rq->content_type ? rq->content_type : "";
            where = req.method + " " + req.path;
            out = state()->plugin.dispatch(ctx, rq->route_index, req);
        } catch (...) {
            // The cause goes to the log, never to the caller.
            logException(c, api, where);
            out = Response(Error{500, "plugin.exception", "内部エラーが発生しました。", {}});
        }
        if (out.stream && !streamInto(c, api, rs, out))
            out = Response(Error{500, "plugin.exception", "内部エラーが発生しました。", {}});
        rs->status = out.status;
        rs->content_type = dupFor(api, out.contentType);
        rs->headers_json = out.headers.empty() ? nullptr : dupFor(api, out.headers.dump());
        if (rs->struct_size < kStreamingResponseSize || !rs->stream_next) {
            rs->body = dupFor(api, out.body);
            rs->body_size = out.body.size();
        }
        return out.status >= 500 ? OQS_ERR_INTERNAL : OQS_OK;
    }
    // A streamed answer: handed to the host when it can stream (ABI 1.2), else produced whole into the body.
    static constexpr size_t kStreamingResponseSize = offsetof(oqs_response, stream_release) + sizeof(void (*)(void*));
    static bool streamInto(oqs_ctx* c, const oqs_host_api* api, oqs_response* rs, Response& out) {
        if (rs->struct_size >= kStreamingResponseSize) {
            rs->stream_state = new StreamFn(std::move(out.stream));
            rs->stream_next = &streamNext;
            rs->stream_release = &streamRelease;
            return true;
        }
        try {
            Ctx ctx(c, api);
            for (;;) {
                auto more = out.stream(ctx, out.body);
                if (!more) return false;
                if (!*more) return true;
            }
        } catch (...) {
            logException(c, api, "a streamed answer");
            return false;
        }
    }
    static int streamNext(void* state, oqs_ctx* c, const oqs_host_api* api, char** chunk, size_t* size) {
        *chunk = nullptr;
        *size = 0;
        try {
            Ctx ctx(c, api);
            std::string piece;
            auto more = (*static_cast<StreamFn*>(state))(ctx, piece);
            if (!more) {
                ctx.log(OQS_LOG_ERROR, "a streamed answer failed: " + more.error().code + " " + more.error().message);
                return -1;
            }
            if (!piece.empty()) {
                *chunk = dupFor(api, piece);
                if (!*chunk) return -1;
                *size = piece.size();
            }
            return *more ? 1 : 0;
        } catch (...) {
            logException(c, api, "a streamed answer");
            return -1;
        }
    }
    static void streamRelease(void* state) { delete static_cast<StreamFn*>(state); }
    static oqs_status runJob(oqs_ctx* c, const oqs_host_api* api, const char* kind, const char* payload,
                             char** result_json) {
        try {
            Ctx ctx(c, api);
            auto p = parseJson(payload ? payload : "{}");
            auto r = state()->plugin.runJob(ctx, kind ? kind : "", p.is_discarded() ? Json::object() : p);
            if (!r) {
                setError(api, result_json, r.error());
                return OQS_ERR_INTERNAL;
            }
            if (result_json) *result_json = dupFor(api, r->dump());
            return OQS_OK;
        } catch (...) {
            std::string why = logException(c, api, std::string("job ") + (kind ? kind : ""));
            setError(api, result_json, {500, "plugin.exception", why, {}});
        }
        return OQS_ERR_INTERNAL;
    }
    static void shutdown() {
        try {
            if (State* s = state()) s->plugin.shutdown();
        } catch (...) {
            // nothing may cross the boundary; the host is stopping anyway
        }
    }
    // Writes the exception being handled to the host's log (one line, tagged with the plugin by the host) and
    // answers its text. Call only inside a catch block.
    static std::string logException(oqs_ctx* c, const oqs_host_api* api, const std::string& where) {
        std::string why = "unknown exception";
        try {
            throw;
        } catch (const std::exception& e) {
            why = e.what();
        } catch (...) {
        }
        try {
            api->log(c, OQS_LOG_ERROR, (where.substr(0, 200) + " threw: " + why).c_str());
        } catch (...) {
        }
        return why;
    }
};

}  // namespace detail
}  // namespace oqs

// OQS_PLUGIN(NAME) { … } declares the plugin NAME — its id, set before the body runs — with the body as its
// declare function (the builder is `p`), and exports both entry points: oqs_plugin_entry_NAME, which tests that
// link several plugins statically call, and the loader's oqs_plugin_entry, weak, so those tests link and a plugin
// built anywhere (in this tree or a vendor's, with any build system) needs no forwarder file.
//
//   OQS_PLUGIN(readers) {
//       p.name(oqs::panel::L("カードリーダー", "Card readers")).version("1.0.0");
//       p.route("GET", "/readers", {oqs::kAdmin}, listReaders);
//   }
//
// The older two-argument form OQS_PLUGIN(NAME, DECLARE) names a separate declare function; it does the same.
#define OQS_PLUGIN(...) OQS_PLUGIN_PICK_(__VA_ARGS__, OQS_PLUGIN_2_, OQS_PLUGIN_1_, unused)(__VA_ARGS__)
#define OQS_PLUGIN_PICK_(a, b, pick, ...) pick
#define OQS_PLUGIN_ENTRIES_(NAME, DECLARE)                                                            \
    extern "C" OQS_EXPORT const oqs_plugin_descriptor* oqs_plugin_entry_##NAME(void) {                \
        return ::oqs::detail::Adapter<&DECLARE>::entry(#NAME);                                        \
    }                                                                                                 \
    extern "C" OQS_EXPORT __attribute__((weak)) const oqs_plugin_descriptor* oqs_plugin_entry(void) { \
        return oqs_plugin_entry_##NAME();                                                             \
    }
#define OQS_PLUGIN_2_(NAME, DECLARE) OQS_PLUGIN_ENTRIES_(NAME, DECLARE)
#define OQS_PLUGIN_1_(NAME)                           \
    static void oqs_declare_##NAME(::oqs::Plugin& p); \
    OQS_PLUGIN_ENTRIES_(NAME, oqs_declare_##NAME)     \
    static void oqs_declare_##NAME([[maybe_unused]] ::oqs::Plugin& p)
