#include "manifest_check.hpp"

#include "oqs/kinds.hpp"
#include "oqs/rules.hpp"

#include <regex>
#include <set>

namespace oqs::host {

namespace {
bool validId(const std::string& id) {
    static const std::regex re("^[a-z][a-z0-9_]{1,31}$");
    return std::regex_match(id, re);
}
std::string checkKinds(const Json& kinds, const std::string& where, bool nonEmpty) {
    if (!kinds.is_array() || (nonEmpty && kinds.empty())) return where + ": \"kinds\" must be a non-empty array";
    for (const auto& k : kinds)
        if (!k.is_string() || !isAccountKind(k.get<std::string>())) return where + ": unknown account kind " + k.dump();
    return "";
}
bool isLabel(const Json& l) { return l.is_object() && l.contains("ja") && l["ja"].is_string(); }
}  // namespace

std::string checkManifest(const std::string& descriptorId, const Json& m, LoadedPlugin& out) {
    if (!m.is_object()) return "manifest is not a JSON object";
    std::string id = m.value("id", "");
    if (!validId(descriptorId)) return "plugin id '" + descriptorId + "' must match [a-z][a-z0-9_]{1,31}";
    if (id != descriptorId) return "manifest id '" + id + "' differs from the descriptor id '" + descriptorId + "'";
    if (descriptorId == "host" || descriptorId == "session" || descriptorId == "menu" || descriptorId == "panels" ||
        descriptorId == "plugins" || descriptorId == "openapi.json")
        return "plugin id '" + descriptorId + "' is reserved by the host";
    if (!isLabel(m.value("name", Json()))) return "manifest name needs at least {\"ja\": …}";

    int index = 0;
    std::set<std::string> seen;
    for (const auto& r : m.value("routes", Json::array())) {
        std::string where = "route " + std::to_string(index);
        if (!r.is_object()) return where + ": must be an object";
        std::string method = r.value("method", ""), path = r.value("path", ""), auth = r.value("auth", "session");
        static const std::set<std::string> kMethods = {"GET", "POST", "PATCH", "PUT", "DELETE"};
        if (!kMethods.count(method)) return where + ": method '" + method + "' is not GET/POST/PATCH/PUT/DELETE";
        if (auth != "session" && auth != "credential" && auth != "public")
            return where + ": auth must be session|credential|public";
        // Public routes live under their own prefix, so no cookie or header of the console ever reaches them.
        const std::string prefix = (auth == "public" ? "/p/" : "/api/") + id + "/";
        if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size())
            return where + ": path '" + path + "' must start with " + prefix;
        if (auth == "public" && method != "GET" && method != "POST") return where + ": a public route is GET or POST";
        if (!seen.insert(method + " " + path).second) return where + ": " + method + " " + path + " declared twice";
        RouteSpec spec;
        if (auth != "public") {
            if (auto why = checkKinds(r.value("kinds", Json()), where, true); !why.empty()) return why;
            spec.kinds = r["kinds"].get<std::vector<std::string>>();
        } else if (r.contains("kinds") && !(r["kinds"].is_array() && r["kinds"].empty())) {
            return where + ": a public route has no account kinds";
        }
        spec.auth = auth;
        spec.method = method;
        spec.segments = splitPath(path);
        spec.body = r.value("body", "json");
        if (spec.body != "json" && spec.body != "raw" && spec.body != "none") return where + ": body must be json|raw|none";
        spec.maxBytes = r.value("maxBytes", 0LL);
        spec.index = index++;
        out.routes.push_back(std::move(spec));
    }
    for (const auto& p : m.value("panels", Json::array())) {
        std::string pid = p.value("id", "");
        if (!validId(pid)) return "panel id '" + pid + "' must match [a-z][a-z0-9_]{1,31}";
        if (auto why = checkKinds(p.value("kinds", Json()), "panel " + pid, true); !why.empty()) return why;
        out.panelKinds[pid] = p["kinds"].get<std::vector<std::string>>();
    }
    for (const auto& e : m.value("menu", Json::array())) {
        std::string where = "menu entry '" + e.value("id", "") + "'";
        if (!e.contains("group") || !e["group"].is_object() || !e["group"].value("id", Json()).is_string() ||
            !isLabel(e["group"].value("label", Json())))
            return where + ": needs a group with id and label";
        if (!isLabel(e.value("label", Json()))) return where + ": needs a label";
        if (!out.panelKinds.count(e.value("panel", ""))) return where + ": opens unknown panel '" + e.value("panel", "") + "'";
        if (auto why = checkKinds(e.value("kinds", Json()), where, true); !why.empty()) return why;
        if (auto why = validateRule(e.value("visibleWhen", Json())); !why.empty()) return where + ": visibleWhen: " + why;
    }
    int last = 0;
    for (const auto& mg : m.value("migrations", Json::array())) {
        int v = mg.value("version", 0);
        if (v <= last) return "migration versions must be 1, 2, … strictly increasing (got " + std::to_string(v) + ")";
        if (!mg.value("sql", Json()).is_string() || mg["sql"].get<std::string>().empty())
            return "migration " + std::to_string(v) + " has no SQL";
        last = v;
    }
    if (m.contains("jobs") && !m["jobs"].is_array()) return "\"jobs\" must be an array of kinds";
    if (m.contains("contributes") && !m["contributes"].is_object()) return "\"contributes\" must be an object";
    return "";
}

}  // namespace oqs::host
