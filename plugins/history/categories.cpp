// 照会情報区分 (SPEC.md §5.2): the choices are the items of the extension point "history.categories". This plugin
// contributes 「全て」 and the national system's four in the manual's order; any plugin may contribute another
// ({"key","label"}), and it appears here and in the CSV with no change to this plugin. The host accepts events
// only of contributed (or the four base) categories.
#include "history_plugin.hpp"

#include <set>

namespace history_plugin {

using oqs::Json;
using oqs::panel::L;

void registerCategories(oqs::Plugin& p) {
    // "all": true marks the choice that filters nothing; the host never takes it as an event's category.
    p.contribute("history.categories", {{"key", kAllKey}, {"label", L("全て", "All")}, {"all", true}});
    p.contribute("history.categories",
                 {{"key", "medical.checkup"}, {"label", L("特定健診情報", "Specific health checkups")}});
    p.contribute("history.categories", {{"key", "medical.drug"}, {"label", L("薬剤情報", "Drugs")}});
    p.contribute("history.categories",
                 {{"key", "medical.surgery_drug"}, {"label", L("手術・診療・薬剤情報", "Surgery, care and drugs")}});
    p.contribute("history.categories", {{"key", "medical.clinical"}, {"label", L("臨床情報", "Clinical information")}});
}

std::string labelJa(const Json& label) {
    if (label.is_string()) return label.get<std::string>();
    if (label.is_object() && label.value("ja", Json()).is_string()) return label["ja"].get<std::string>();
    return {};
}

oqs::Result<std::vector<Category>> categories(const oqs::Ctx& ctx) {
    auto list = ctx.call("contributions.list", {{"point", "history.categories"}});
    if (!list) return list.error();
    std::vector<Category> mine, others;
    std::set<std::string> seen;
    const Json& items = (*list)["items"];
    for (const auto& entry : items.is_array() ? items : Json::array()) {
        const Json& item = entry.value("item", Json());
        if (!item.is_object() || !item.value("key", Json()).is_string()) continue;
        Category c{item["key"].get<std::string>(), item.value("label", Json()), item.value("all", false) == true};
        const bool own = entry.value("plugin", "") == "history";
        if (c.all && !own) continue;  // only this plugin's 「全て」 means "no filter"
        if (c.key.empty() || !seen.insert(c.key).second) continue;
        if (labelJa(c.label).empty()) c.label = L(c.key);
        (own ? mine : others).push_back(std::move(c));
    }
    mine.insert(mine.end(), others.begin(), others.end());
    return mine;
}

}  // namespace history_plugin
