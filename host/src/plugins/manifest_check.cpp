#include "plugins/manifest_check.hpp"

#include "oqs/kinds.hpp"
#include "oqs/rules.hpp"

#include <regex>
#include <set>

namespace oqs::host {

namespace {

// A refusal says what is wrong in the vendor's words (route 3: "kinds" must be …); the loader logs and reports it.
oqs::Error invalid(std::string why) { return {400, "plugin.manifest", std::move(why), {}}; }

// Every element is type-checked before it is read: a manifest is a vendor's JSON, and nlohmann's value() throws
// on a wrong type. What passes here is what the host reads later (menus, OpenAPI, jobs) without checking again.
bool validId(const std::string& id) {
    static const std::regex re("^[a-z][a-z0-9_]{1,31}$");
    return std::regex_match(id, re);
}
bool isLabel(const Json& l) {
    return l.is_object() && l.contains("ja") && l["ja"].is_string() && (!l.contains("en") || l["en"].is_string());
}
// Ok when `o[key]` is absent (and not required) or has the type `ok` accepts, else why not.
template <class Accepts>
Status typed(const Json& o, const char* key, const std::string& where, const char* what, Accepts ok,
             bool required = false) {
    auto it = o.find(key);
    if (it == o.end()) return required ? invalid(where + ": \"" + key + "\" is required (" + what + ")") : Status(Ok{});
    return ok(*it) ? Status(Ok{}) : invalid(where + ": \"" + key + "\" must be " + what);
}
const auto kString = [](const Json& j) { return j.is_string(); };
const auto kBool = [](const Json& j) { return j.is_boolean(); };
const auto kInt = [](const Json& j) { return j.is_number_integer(); };
const auto kArray = [](const Json& j) { return j.is_array(); };
const auto kObject = [](const Json& j) { return j.is_object(); };
const auto kLabel = [](const Json& j) { return isLabel(j); };

Status checkKinds(const Json& o, const std::string& where) {
    auto it = o.find("kinds");
    if (it == o.end() || !it->is_array() || it->empty())
        return invalid(where + ": \"kinds\" must be a non-empty array");
    for (const auto& k : *it)
        if (!k.is_string() || !isAccountKind(k.get<std::string>()))
            return invalid(where + ": unknown account kind " + k.dump());
    return Ok{};
}
Status firstOf(std::initializer_list<Status> reasons) {
    for (const auto& r : reasons)
        if (!r) return r;
    return Ok{};
}

// The OpenAPI description of a route (oqs/plugin.hpp accepts/query/answers), copied into GET /api/openapi.json:
// shapes only, so a vendor's typo is named at load instead of breaking the document for every client.
Status checkDescription(const Json& r, const std::string& where) {
    if (auto why = firstOf({typed(r, "request", where, "a JSON Schema object", kObject),
                            typed(r, "query", where, "an array of query parameters", kArray),
                            typed(r, "answers", where, "an object {\"<status>\": schema}", kObject),
                            typed(r, "requestType", where, "a media type", kString),
                            typed(r, "files", where, "an object {\"<status>\": {\"type\": …}}", kObject)});
        !why)
        return why;
    // A media type as OpenAPI copies it into a content map: type/subtype, nothing a document could trip on.
    static const std::regex mediaType("^[a-z]+/[a-z0-9.+-]+$");
    if (r.contains("requestType") && !std::regex_match(r["requestType"].get<std::string>(), mediaType))
        return invalid(where + ": requestType must be a media type such as text/csv");
    for (const auto& q : r.value("query", Json::array()))
        if (!q.is_object() || !q.contains("name") || !q["name"].is_string() || q.value("in", Json()) != "query" ||
            !q.contains("schema") || !q["schema"].is_object())
            return invalid(where + ": a query parameter must be {\"name\",\"in\":\"query\",\"schema\":{…}}");
    static const std::regex status("^[1-5][0-9][0-9]$");
    const Json answers = r.value("answers", Json::object());
    for (const auto& [code, schema] : answers.items())
        if (!std::regex_match(code, status) || !schema.is_object())
            return invalid(where + ": answers must map an HTTP status (\"200\") to a JSON Schema object");
    const Json files = r.value("files", Json::object());
    for (const auto& [code, file] : files.items())
        if (!std::regex_match(code, status) || !file.is_object() || !file.contains("type") ||
            !file["type"].is_string() || !std::regex_match(file["type"].get<std::string>(), mediaType) ||
            (file.contains("description") && !file["description"].is_string()))
            return invalid(where + ": files must map an HTTP status to {\"type\": \"<media type>\", \"description\"}");
    return Ok{};
}

Status checkRoutes(const Json& routes, const std::string& id, LoadedPlugin& out) {
    static const std::set<std::string> kMethods = {"GET", "POST", "PATCH", "PUT", "DELETE"};
    std::set<std::string> seen;
    int index = 0;
    for (const auto& r : routes) {
        std::string where = "route " + std::to_string(index);
        if (!r.is_object()) return invalid(where + ": must be an object {\"method\",\"path\",\"kinds\",…}");
        if (auto why = firstOf(
                {typed(r, "method", where, "a string", kString, true),
                 typed(r, "path", where, "a string", kString, true), typed(r, "summary", where, "a string", kString),
                 typed(r, "body", where, "a string", kString), typed(r, "auth", where, "a string", kString),
                 typed(r, "maxBytes", where, "an integer", kInt), checkDescription(r, where)});
            !why)
            return why;
        std::string method = r["method"], path = r["path"], auth = r.value("auth", "session");
        if (!kMethods.count(method))
            return invalid(where + ": method '" + method + "' is not GET/POST/PATCH/PUT/DELETE");
        if (auth != "session" && auth != "credential" && auth != "public")
            return invalid(where + ": auth must be session|credential|public");
        // Public routes live under their own prefix, so no cookie or header of the console ever reaches them.
        const std::string prefix = (auth == "public" ? "/p/" : "/api/") + id + "/";
        if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size())
            return invalid(where + ": path '" + path + "' must start with " + prefix);
        if (auth == "public" && method != "GET" && method != "POST")
            return invalid(where + ": a public route is GET or POST");
        if (!seen.insert(method + " " + path).second)
            return invalid(where + ": " + method + " " + path + " declared twice");
        RouteSpec spec;
        if (auth != "public") {
            if (auto why = checkKinds(r, where); !why) return why;
            spec.kinds = r["kinds"].get<std::vector<std::string>>();
        } else if (r.contains("kinds") && !(r["kinds"].is_array() && r["kinds"].empty())) {
            return invalid(where + ": a public route has no account kinds");
        }
        spec.auth = auth;
        spec.method = method;
        spec.segments = splitPath(path);
        spec.body = r.value("body", "json");
        if (spec.body != "json" && spec.body != "raw" && spec.body != "none")
            return invalid(where + ": body must be json|raw|none");
        spec.maxBytes = r.value("maxBytes", 0LL);
        if (spec.maxBytes < 0) return invalid(where + ": maxBytes must not be negative");
        spec.index = index++;
        spec.path = path;
        spec.summary = r.value("summary", "");
        if (r.contains("request")) spec.request = r["request"];
        if (r.contains("query")) spec.query = r["query"];
        if (r.contains("answers")) spec.answers = r["answers"];
        spec.requestType = r.value("requestType", "");
        if (r.contains("files")) spec.files = r["files"];
        out.routes.push_back(std::move(spec));
    }
    return Ok{};
}

Status checkPanels(const Json& panels, LoadedPlugin& out) {
    size_t index = 0;
    for (const auto& p : panels) {
        std::string where = "panel " + std::to_string(index++);
        if (!p.is_object()) return invalid(where + ": must be an object {\"id\",\"kinds\"}");
        if (auto why = typed(p, "id", where, "a string", kString, true); !why) return why;
        std::string pid = p["id"];
        if (!validId(pid)) return invalid("panel id '" + pid + "' must match [a-z][a-z0-9_]{1,31}");
        if (auto why = checkKinds(p, "panel " + pid); !why) return why;
        out.panelKinds[pid] = p["kinds"].get<std::vector<std::string>>();
    }
    return Ok{};
}

Status checkMenu(const Json& menu, LoadedPlugin& out) {
    size_t index = 0;
    for (const auto& e : menu) {
        std::string where = "menu entry " + std::to_string(index++);
        if (!e.is_object()) return invalid(where + ": must be an object");
        if (auto why = typed(e, "id", where, "a string", kString, true); !why) return why;
        where = "menu entry '" + e["id"].get<std::string>() + "'";
        const Json& g = e.contains("group") ? e["group"] : Json();
        if (!g.is_object() || !g.contains("id") || !g["id"].is_string() || !isLabel(g.value("label", Json())))
            return invalid(where + ": needs a group with id and label");
        if (auto why =
                firstOf({typed(g, "order", where + " group", "an integer", kInt),
                         typed(e, "label", where, "a label {\"ja\": …}", kLabel, true),
                         typed(e, "order", where, "an integer", kInt), typed(e, "panel", where, "a string", kString),
                         typed(e, "builtin", where, "a string", kString),
                         typed(e, "verificationOnly", where, "true or false", kBool),
                         typed(e, "beforeUsageStart", where, "true or false", kBool)});
            !why)
            return why;
        // A panel of the plugin, or one of the client's own screens: exactly one of them.
        if (e.contains("panel") == e.contains("builtin"))
            return invalid(where + ": needs either \"panel\" or \"builtin\"");
        if (e.contains("builtin") && e["builtin"] != "password")
            return invalid(where + ": builtin must be \"password\" (the client's password change screen)");
        if (e.contains("panel") && !out.panelKinds.count(e["panel"].get<std::string>()))
            return invalid(where + ": opens unknown panel '" + e["panel"].get<std::string>() + "'");
        if (auto why = checkKinds(e, where); !why) return why;
        MenuItem item;
        if (auto it = e.find("visibleWhen"); it != e.end()) {
            if (auto why = validateRule(*it); !why.empty()) return invalid(where + ": visibleWhen: " + why);
            item.visibleWhen = *it;
        }
        item.id = e["id"];
        item.panel = e.value("panel", "");
        item.builtin = e.value("builtin", "");
        item.label = e["label"];
        item.groupId = g["id"];
        item.groupLabel = g["label"];
        item.groupOrder = g.value("order", 100);
        item.order = e.value("order", 0);
        item.kinds = e["kinds"].get<std::vector<std::string>>();
        item.verificationOnly = e.value("verificationOnly", false);
        item.beforeUsageStart = e.value("beforeUsageStart", false);
        out.manifest.menu.push_back(std::move(item));
    }
    return Ok{};
}

Status checkHeader(const Json& header, LoadedPlugin& out) {
    size_t index = 0;
    for (const auto& h : header) {
        std::string where = "header link " + std::to_string(index++);
        if (!h.is_object()) return invalid(where + ": must be an object {\"id\",\"label\",\"panel\"}");
        if (auto why = firstOf({typed(h, "id", where, "a string", kString, true),
                                typed(h, "label", where, "a label {\"ja\": …}", kLabel, true),
                                typed(h, "panel", where, "a string", kString, true),
                                typed(h, "order", where, "an integer", kInt)});
            !why)
            return why;
        if (!out.panelKinds.count(h["panel"].get<std::string>()))
            return invalid(where + ": opens unknown panel '" + h["panel"].get<std::string>() + "'");
        out.manifest.header.push_back({h["id"], h["panel"], h["label"], h.value("order", 100)});
    }
    return Ok{};
}

Status checkMigrations(const Json& migrations) {
    int last = 0;
    size_t index = 0;
    for (const auto& mg : migrations) {
        std::string where = "migration " + std::to_string(index++);
        if (!mg.is_object()) return invalid(where + ": must be an object {\"version\",\"sql\"}");
        if (auto why = typed(mg, "version", where, "an integer", kInt, true); !why) return why;
        int v = mg["version"].get<int>();
        if (v <= last)
            return invalid("migration versions must be 1, 2, … strictly increasing (got " + std::to_string(v) + ")");
        if (!mg.contains("sql") || !mg["sql"].is_string() || mg["sql"].get<std::string>().empty())
            return invalid("migration " + std::to_string(v) + " has no SQL");
        last = v;
    }
    return Ok{};
}

Status checkJobs(const Json& m, PluginManifest& out) {
    std::set<std::string>& kinds = out.jobKinds;
    if (auto it = m.find("jobs"); it != m.end()) {
        if (!it->is_array()) return invalid("\"jobs\" must be an array of kinds");
        for (const auto& k : *it) {
            if (!k.is_string() || k.get<std::string>().empty())
                return invalid("\"jobs\" must be an array of kinds (strings)");
            kinds.insert(k.get<std::string>());
        }
    }
    if (auto it = m.find("jobModes"); it != m.end()) {
        if (!it->is_object()) return invalid("\"jobModes\" must be an object {\"<kind>\": \"host\"|\"own\"}");
        for (const auto& [kind, mode] : it->items()) {
            if (!kinds.count(kind)) return invalid("jobModes names unknown job kind '" + kind + "'");
            if (mode != "host" && mode != "own")
                return invalid("jobModes of '" + kind + "' must be \"host\" or \"own\"");
            if (mode == "own") out.ownTransactionJobs.insert(kind);
        }
    }
    return Ok{};
}

}  // namespace

Status checkManifest(const std::string& descriptorId, const Json& m, LoadedPlugin& out) {
    if (!m.is_object()) return invalid("manifest is not a JSON object");
    if (!validId(descriptorId)) return invalid("plugin id '" + descriptorId + "' must match [a-z][a-z0-9_]{1,31}");
    std::string id = m.contains("id") && m["id"].is_string() ? m["id"].get<std::string>() : "";
    if (id != descriptorId)
        return invalid("manifest id '" + id + "' differs from the descriptor id '" + descriptorId + "'");
    if (descriptorId == "host" || descriptorId == "session" || descriptorId == "menu" || descriptorId == "panels" ||
        descriptorId == "plugins" || descriptorId == "openapi.json")
        return invalid("plugin id '" + descriptorId + "' is reserved by the host");
    if (!isLabel(m.value("name", Json()))) return invalid("manifest name needs at least {\"ja\": …}");
    if (auto why = firstOf(
            {typed(m, "version", "manifest", "a string", kString), typed(m, "routes", "manifest", "an array", kArray),
             typed(m, "panels", "manifest", "an array", kArray), typed(m, "menu", "manifest", "an array", kArray),
             typed(m, "header", "manifest", "an array", kArray), typed(m, "settings", "manifest", "an array", kArray),
             typed(m, "migrations", "manifest", "an array", kArray),
             typed(m, "contributes", "manifest", "an object", kObject)});
        !why)
        return why;
    const Json none = Json::array();
    auto list = [&](const char* key) -> const Json& { return m.contains(key) ? m[key] : none; };
    if (auto why = checkRoutes(list("routes"), id, out); !why) return why;
    if (auto why = checkPanels(list("panels"), out); !why) return why;
    if (auto why = checkMenu(list("menu"), out); !why) return why;
    if (auto why = checkHeader(list("header"), out); !why) return why;
    for (const auto& f : list("settings"))
        if (!f.is_object() || !f.contains("key") || !f["key"].is_string())
            return invalid("a settings field must be an object with a \"key\" string");
    if (auto why = checkMigrations(list("migrations")); !why) return why;
    if (auto why = checkJobs(m, out.manifest); !why) return why;
    if (auto it = m.find("environments"); it != m.end()) {
        if (!it->is_array() || it->empty())
            return invalid("\"environments\" must be a non-empty array of environments");
        for (const auto& e : *it) {
            if (e != "production" && e != "verification")
                return invalid("\"environments\" may hold only \"production\" and \"verification\"");
            out.manifest.environments.push_back(e);
        }
    }
    if (m.contains("contributes"))
        for (const auto& [point, items] : m["contributes"].items()) {
            if (!items.is_array()) return invalid("contributes '" + point + "' must be an array of items");
            out.manifest.contributes[point] = items;
        }
    out.manifest.name = m["name"];
    out.manifest.settings = list("settings");
    out.manifest.migrations = list("migrations");
    return Ok{};
}

}  // namespace oqs::host
