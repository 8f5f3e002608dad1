// What the authorization matrix reads and compares: the route table as the host publishes it (GET
// /api/openapi.json), plausible bodies from the forms the panels publish, the sample data file, a digest of every
// table of the real SQLite file, and raw HTTP calls with any header (HTTP Basic, a stranger's CSRF token).
#pragma once

#include "test_host.hpp"

#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace authz {

using oqs::test::Json;
using oqs::test::Reply;

// One row of the route table: what the host declares about a route, nothing the test adds.
struct Route {
    std::string method;              // upper case
    std::string path;                // as declared, with {param} segments
    std::string plugin;              // the OpenAPI tag
    std::string kind;                // session | credential | public
    std::string body;                // json | raw | none
    std::vector<std::string> kinds;  // account kinds allowed (empty for public routes)
    bool panel = false;
    bool writes() const { return method != "GET"; }
    std::string name() const { return method + " " + path; }
    bool allows(const std::string& k) const { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); }
    std::vector<std::string> params() const {
        std::vector<std::string> out;
        for (size_t i = path.find('{'); i != std::string::npos; i = path.find('{', i + 1))
            out.push_back(path.substr(i + 1, path.find('}', i) - i - 1));
        return out;
    }
};

// What OpenAPI's own words say when x-route-kind is absent: no security entry → the document's default (the
// session), an empty one → anyone, HTTP Basic → credential.
inline std::string kindFromSecurity(const Json& op) {
    if (!op.contains("security")) return "session";
    if (op["security"].empty()) return "public";
    return op["security"][0].contains("credentials") ? "credential" : "session";
}

// Every route that names who may call it: the plugins' routes and panels, and the host's own credential route.
// The host's session routes that any logged-in account may call (menu, session, password) declare no kinds and
// are tested by tests/host; they are not part of the kind matrix.
inline std::vector<Route> routeTable(const Json& openapi) {
    std::vector<Route> out;
    for (const auto& [path, ops] : openapi["paths"].items())
        for (const auto& [method, op] : ops.items()) {
            Route r;
            r.method = method;
            std::transform(r.method.begin(), r.method.end(), r.method.begin(), ::toupper);
            r.path = path;
            r.plugin = op["tags"][0].get<std::string>();
            r.kind = op.value("x-route-kind", kindFromSecurity(op));
            const Json content =
                op.contains("requestBody") ? op["requestBody"].value("content", Json::object()) : Json();
            r.body = op.value("x-body", content.is_null()                      ? "none"
                                        : content.contains("application/json") ? "json"
                                                                               : "raw");
            r.kinds = op.value("x-account-kinds", std::vector<std::string>{});
            r.panel = op.value("x-panel", false);
            if (r.plugin == "host" && r.kinds.empty()) continue;  // the host's any-account and anonymous routes
            if (r.kind != "public" && r.kinds.empty()) continue;
            out.push_back(std::move(r));
        }
    // Reads first, deletions last: a write that succeeds then cannot take away what a later cell needs.
    auto rank = [](const Route& r) {
        return r.method == "GET" ? 0 : r.method == "DELETE" ? 3 : r.method == "POST" ? 1 : 2;
    };
    std::stable_sort(out.begin(), out.end(), [&](const Route& a, const Route& b) { return rank(a) < rank(b); });
    return out;
}

// {param} → value.
inline std::string fillPath(const std::string& path, const Json& values) {
    std::string out;
    for (size_t i = 0; i < path.size();) {
        if (path[i] == '{') {
            size_t end = path.find('}', i);
            std::string name = path.substr(i + 1, end - i - 1);
            out += values.contains(name) ? values[name].get<std::string>() : "x";
            i = end + 1;
        } else {
            out += path[i++];
        }
    }
    return out;
}

// The body a user would send from a panel: each field's initial value, else a select's first choice.
inline Json formBody(const Json& form) {
    Json body = Json::object();
    if (!form.contains("fields") || !form["fields"].is_array()) return body;
    for (const auto& f : form["fields"]) {
        if (!f.contains("id")) continue;
        if (f.contains("value") && !f["value"].is_null() && f["value"] != "")
            body[f["id"].get<std::string>()] = f["value"];
        else if (f.value("type", "") == "select" && !f.value("options", Json::array()).empty())
            body[f["id"].get<std::string>()] = f["options"][0]["value"];
    }
    return body;
}

// Walks a panel: every action that calls a route with a form's body → "METHOD /path" → that body.
inline void collectFormBodies(const Json& node, std::map<std::string, Json>& forms, std::map<std::string, Json>& out) {
    if (node.is_object()) {
        if (node.value("type", "") == "form" && node.contains("id")) forms[node["id"].get<std::string>()] = node;
        if (node.contains("call") && node["call"].is_object() && node["call"].contains("body")) {
            const Json& c = node["call"];
            auto f = forms.find(c["body"].get<std::string>());
            if (f != forms.end()) out.emplace(c.value("method", "") + " " + c.value("path", ""), formBody(f->second));
        }
        for (const auto& [k, v] : node.items()) collectFormBodies(v, forms, out);
    } else if (node.is_array()) {
        for (const auto& v : node) collectFormBodies(v, forms, out);
    }
}

inline Json readJsonFile(const std::string& file) {
    std::ifstream in(file);
    std::stringstream ss;
    ss << in.rdbuf();
    return Json::parse(ss.str());
}

// Table → digest of its rows (order-independent), read from the real database file by a second connection.
using Digest = std::map<std::string, size_t>;
inline Digest digest(const std::string& dbPath) {
    Digest out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return {{"<cannot open database>", 0}};
    }
    sqlite3_busy_timeout(db, 10000);
    std::vector<std::string> tables;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    for (const auto& t : tables) {
        std::vector<std::string> rows;
        std::string sql = "SELECT * FROM \"" + t + "\"";
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) continue;
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const void* b = sqlite3_column_blob(st, i);
                row.append(b ? static_cast<const char*>(b) : "\x01NULL", b ? size_t(sqlite3_column_bytes(st, i)) : 5);
                row += '\x1f';
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(st);
        std::sort(rows.begin(), rows.end());
        size_t h = rows.size();
        for (const auto& r : rows) h = h * 1000003u ^ std::hash<std::string>{}(r);
        out[t] = h;
    }
    sqlite3_close(db);
    return out;
}

// Waits until no job is queued or running: a job an allowed request queued writes after its answer, and must not
// be taken for a change a refusal made.
inline void settleJobs(const std::string& dbPath) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(dbPath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_busy_timeout(db, 10000);
    for (int i = 0; i < 3000; ++i) {
        sqlite3_stmt* st = nullptr;
        int busy = 1;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')", -1, &st,
                               nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            busy = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (busy == 0) break;
        sqlite3_sleep(10);
    }
    sqlite3_close(db);
}

inline std::string changedTables(const Digest& before, const Digest& after) {
    std::string out;
    for (const auto& [t, h] : after)
        if (auto it = before.find(t); it == before.end() || it->second != h) out += (out.empty() ? "" : ", ") + t;
    for (const auto& [t, h] : before)
        if (!after.count(t)) out += (out.empty() ? "" : ", ") + t + " (dropped)";
    return out;
}

// One HTTP call with exactly these headers (cookie, CSRF token, Basic credentials or nothing).
inline Reply call(int port, const std::string& method, const std::string& path, const httplib::Headers& headers,
                  const std::string& body, const std::string& type) {
    httplib::Client cli("127.0.0.1", port);
    cli.set_read_timeout(60, 0);
    httplib::Result r = method == "GET"     ? cli.Get(path.c_str(), headers)
                        : method == "POST"  ? cli.Post(path.c_str(), headers, body, type.c_str())
                        : method == "PATCH" ? cli.Patch(path.c_str(), headers, body, type.c_str())
                        : method == "PUT"   ? cli.Put(path.c_str(), headers, body, type.c_str())
                                            : cli.Delete(path.c_str(), headers, body, type.c_str());
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    for (const auto& [k, v] : r->headers) out.headers.emplace(k, v);
    out.json = Json::parse(r->body, nullptr, false);
    if (out.json.is_discarded()) out.json = nullptr;
    return out;
}

}  // namespace authz
