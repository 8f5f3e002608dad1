// GET /api/menu and the host's own panels (contact, notices); GET /api/openapi.json is in server_openapi.cpp.
#include "messages.hpp"
#include "oqs/kinds.hpp"
#include "oqs/panel.hpp"
#include "oqs/rules.hpp"
#include "http/server.hpp"

#include <algorithm>
#include <map>

namespace oqs::host {

namespace P = oqs::panel;
using P::L;

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
    // The host's own item: password change sits in the account group ⑧ for every console account.
    static const MenuItem password = [] {
        MenuItem m;
        m.id = "password";
        m.label = L("パスワード変更", "Change password");
        m.groupId = "accounts";
        m.groupLabel = L("アカウント情報管理", "Account management");
        m.groupOrder = 80;
        m.order = 30;
        for (auto k : {kMaster, kMasterReset, kAdmin, kGeneral, kMedinfo}) m.kinds.emplace_back(k);
        m.beforeUsageStart = true;
        return m;
    }();
    if (visible(password)) add(password, "host.password", {{"builtin", "password"}});
    for (const auto& p : m_host.registry().plugins())
        for (const auto& e : p->manifest.menu)
            if (visible(e)) add(e, p->id + "." + e.id, {{"panel", p->id + "/" + e.panel}});

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
            {"header",
             Json::array({{{"id", "notices"}, {"label", L("お知らせ一覧", "Notices")}, {"panel", "host/notices"}},
                          {{"id", "contact"}, {"label", L("お問い合わせ先", "Contact")}, {"panel", "host/contact"}}})}};
}

std::optional<std::string> Server::hostPanel(Call& call, const std::string& id) {
    if (id == "contact") {
        // SPEC.md §8 (第7章 お問い合わせ先).
        return P::panel(
                   "host.contact", L("お問い合わせ先", "Contact"),
                   {
                       P::text(
                           L("本マニュアルの内容に関するお問い合わせは、契約しているシステム事業者、または医療機関等向"
                             "け総合ポータルサイトをご利用ください。",
                             "For questions, contact your system vendor or use the portal for medical institutions."),
                           "body"),
                       P::copy("portal", L("医療機関等向け総合ポータルサイト", "Portal"),
                               "https://iryohokenjyoho.service-now.com/csm?id=csm_index"),
                       P::section("ways", L("お問い合わせ方法", "How to get help"),
                                  {
                                      P::text(L("1. "
                                                "よくある質問（FAQ）：ポータルサイトで、カテゴリ別・キーワード検索がで"
                                                "きます（24時間利用可能）。"),
                                              "body"),
                                      P::text(L("2. "
                                                "チャットボット「シカク君」：ポータルサイト右下から自動応答でご案内しま"
                                                "す（24時間365日）。"),
                                              "body"),
                                      P::text(L("3. "
                                                "問い合わせフォーム：ポータルサイトから送信できます（24時間365日受付。"
                                                "回答に数日かかる場合があります）。"),
                                              "body"),
                                      P::text(L("4. オンライン資格確認等コールセンター：0800-080-4583（通話無料）"),
                                              "heading"),
                                      P::text(L("受付時間：月曜日～金曜日 8:00～18:00、土曜日 "
                                                "8:00～16:00（日曜日、祝日及び12月29日～1月3日を除く）"),
                                              "note"),
                                  }),
                       P::menuAndBack(),
                   })
            .dump();
    }
    if (id == "notices") {
        Json rows = Json::array();
        auto s =
            call.conn.prepare("SELECT published, title, body FROM notices ORDER BY published DESC, id DESC LIMIT 100");
        std::vector<Json> body;
        while (s.step()) {
            // Stored as yyyy-mm-dd; shown as the forms write dates, yyyy/mm/dd (issue 17).
            std::string date = s.text(0);
            if (date.size() == 10 && date[4] == '-' && date[7] == '-') date[4] = date[7] = '/';
            body.push_back(
                P::section("n" + std::to_string(body.size()), L(date + "　" + s.text(1)), {P::text(L(s.text(2)))}));
        }
        if (body.empty()) body.push_back(P::text(L("お知らせはありません。", "There are no notices."), "note"));
        body.push_back(P::menuAndBack());
        return P::panel("host.notices", L("お知らせ一覧", "Notices"), body).dump();
    }
    return std::nullopt;
}

}  // namespace oqs::host
