// GET /api/menu: every plugin's menu entries and header links the caller may see (the host's own screens are
// the built-in plugin "console", host/builtin); GET /api/openapi.json is in server_openapi.cpp.
#include "messages.hpp"
#include "oqs/rules.hpp"
#include "http/server.hpp"

#include <algorithm>
#include <map>

namespace oqs::host {

Json Server::menu(Call& call) {
    const Account& a = *call.caller.account;
    const Institution& inst = *call.caller.institution;
    bool verification = m_host.config().environment == "verification";
    bool beforeStart = jstDate(m_host.clock().nowMs()) < inst.usageStart;  // §1.7.4

    struct Group {
        Json label;
        int order = 0;
        std::vector<std::pair<int, Json>> items;
    };
    std::map<std::string, Group> groups;
    auto add = [&](const MenuItem& entry, const std::string& id, Json item) {
        auto& group = groups[entry.groupId];
        if (group.label.is_null()) {
            group.label = entry.groupLabel;
            group.order = entry.groupOrder;
        }
        item["id"] = id;
        item["label"] = entry.label;
        group.items.emplace_back(entry.order, std::move(item));
    };
    auto visible = [&](const MenuItem& e) {
        if (std::find(e.kinds.begin(), e.kinds.end(), a.kind) == e.kinds.end()) return false;
        if (e.verificationOnly && !verification) return false;
        if (beforeStart && !e.beforeUsageStart) return false;
        return e.visibleWhen.is_null() || evalRule(e.visibleWhen, call.caller.settings);
    };
    for (const auto& p : m_host.registry().plugins())
        for (const auto& e : p->manifest.menu)
            if (visible(e))
                add(e, p->id + "." + e.id,
                    e.builtin.empty() ? Json{{"panel", p->id + "/" + e.panel}} : Json{{"builtin", e.builtin}});
    // The header's links, from every plugin, for every console account (お知らせ一覧, お問い合わせ先).
    std::vector<std::pair<int, Json>> links;
    for (const auto& p : m_host.registry().plugins())
        for (const auto& h : p->manifest.header)
            links.emplace_back(h.order,
                               Json{{"id", p->id + "." + h.id}, {"label", h.label}, {"panel", p->id + "/" + h.panel}});
    std::stable_sort(links.begin(), links.end(), [](auto& x, auto& y) { return x.first < y.first; });
    Json header = Json::array();
    for (auto& [order, link] : links) header.push_back(std::move(link));

    std::vector<std::pair<std::string, Group*>> sorted;
    for (auto& [id, g] : groups) sorted.emplace_back(id, &g);
    std::stable_sort(sorted.begin(), sorted.end(), [](auto& x, auto& y) { return x.second->order < y.second->order; });
    Json out = Json::array();
    for (auto& [id, g] : sorted) {
        std::stable_sort(g->items.begin(), g->items.end(), [](auto& x, auto& y) { return x.first < y.first; });
        Json items = Json::array();
        for (auto& [order, item] : g->items) items.push_back(std::move(item));
        out.push_back({{"id", id}, {"label", g->label}, {"order", g->order}, {"items", items}});
    }
    return {{"institution", {{"code", inst.code}, {"name", inst.name}, {"kind", inst.kind}}},
            {"account", {{"user_id", a.userId}, {"kind", a.kind}, {"name", a.name}}},
            {"environment", m_host.config().environment},
            {"before_usage_start", beforeStart},
            {"groups", out},
            {"header", header}};
}

}  // namespace oqs::host
