#include "plugins/registry.hpp"

namespace oqs::host {

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) out.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

const LoadedPlugin* Registry::find(const std::string& id) const {
    for (const auto& p : m_plugins)
        if (p->id == id) return p.get();
    return nullptr;
}

RouteMatch Registry::match(const std::string& method, const std::string& path) const {
    RouteMatch m;
    auto segs = splitPath(path);
    if (segs.size() < 2 || (segs[0] != "api" && segs[0] != "p")) return m;
    const LoadedPlugin* p = find(segs[1]);
    if (!p) return m;
    // Literal segments win over {params}: try routes with fewer params first.
    const RouteSpec* best = nullptr;
    int bestParams = 1 << 30;
    for (const auto& r : p->routes) {
        if (r.segments.size() != segs.size()) continue;
        int params = 0;
        bool ok = true;
        for (size_t i = 0; i < segs.size() && ok; ++i) {
            const auto& rs = r.segments[i];
            if (rs.size() > 2 && rs.front() == '{' && rs.back() == '}') ++params;
            else ok = rs == segs[i];
        }
        if (!ok) continue;
        m.pathKnown = true;
        if (r.method == method && params < bestParams) {
            best = &r;
            bestParams = params;
        }
    }
    if (!best) return m;
    m.plugin = p;
    m.route = best;
    for (size_t i = 0; i < segs.size(); ++i) {
        const auto& rs = best->segments[i];
        if (rs.size() > 2 && rs.front() == '{') m.params[rs.substr(1, rs.size() - 2)] = segs[i];
    }
    return m;
}

Json Registry::toJson() const {
    Json loaded = Json::array(), refused = Json::array();
    for (const auto& p : m_plugins)
        loaded.push_back({{"id", p->id}, {"version", p->version}, {"file", p->origin}, {"name", p->manifest.name}});
    for (const auto& [origin, reason] : m_refused) refused.push_back({{"file", origin}, {"reason", reason}});
    return {{"loaded", loaded}, {"refused", refused}, {"skipped", m_skipped}};
}

}  // namespace oqs::host
