// GET /api/menu, the host's own panels (contact, notices) and GET /api/openapi.json.
#include "messages.hpp"
#include "oqs/kinds.hpp"
#include "oqs/panel.hpp"
#include "oqs/rules.hpp"
#include "server.hpp"

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

    struct Group { Json label; int order = 0; std::vector<std::pair<int, Json>> items; };
    std::map<std::string, Group> groups;
    auto add = [&](const Json& entry, const std::string& id, Json item) {
        const auto& g = entry["group"];
        auto& group = groups[g.value("id", "")];
        if (group.label.is_null()) { group.label = g["label"]; group.order = g.value("order", 100); }
        item["id"] = id;
        item["label"] = entry["label"];
        group.items.emplace_back(entry.value("order", 0), std::move(item));
    };
    auto visible = [&](const Json& e) {
        auto kinds = e.value("kinds", Json::array());
        if (std::find(kinds.begin(), kinds.end(), Json(a.kind)) == kinds.end()) return false;
        if (e.value("verificationOnly", false) && !verification) return false;
        if (beforeStart && !e.value("beforeUsageStart", false)) return false;
        return evalRule(e.value("visibleWhen", Json()), call.caller.settings);
    };
    // The host's own item: password change sits in the account group ⑧ for every console account.
    Json password{{"group", {{"id", "accounts"}, {"label", L("アカウント情報管理", "Account management")}, {"order", 80}}},
                  {"label", L("パスワード変更", "Change password")}, {"order", 30},
                  {"kinds", {kMaster, kMasterReset, kAdmin, kGeneral, kMedinfo}}, {"beforeUsageStart", true}};
    if (visible(password)) add(password, "host.password", {{"builtin", "password"}});
    for (const auto& p : m_host.registry().plugins())
        for (const auto& e : p->manifest.value("menu", Json::array()))
            if (visible(e)) add(e, p->id + "." + e.value("id", ""), {{"panel", p->id + "/" + e.value("panel", "")}});

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
            {"header", Json::array({{{"id", "notices"}, {"label", L("お知らせ一覧", "Notices")}, {"panel", "host/notices"}},
                                    {{"id", "contact"}, {"label", L("お問い合わせ先", "Contact")}, {"panel", "host/contact"}}})}};
}

std::optional<std::string> Server::hostPanel(Call& call, const std::string& id) {
    if (id == "contact") {
        // SPEC.md §8 (第7章 お問い合わせ先).
        return P::panel("host.contact", L("お問い合わせ先", "Contact"), {
            P::text(L("本マニュアルの内容に関するお問い合わせは、契約しているシステム事業者、または医療機関等向け総合ポータルサイトをご利用ください。",
                      "For questions, contact your system vendor or use the portal for medical institutions."), "body"),
            P::copy("portal", L("医療機関等向け総合ポータルサイト", "Portal"), "https://iryohokenjyoho.service-now.com/csm?id=csm_index"),
            P::section("ways", L("お問い合わせ方法", "How to get help"), {
                P::text(L("1. よくある質問（FAQ）：ポータルサイトで、カテゴリ別・キーワード検索ができます（24時間利用可能）。"), "body"),
                P::text(L("2. チャットボット「シカク君」：ポータルサイト右下から自動応答でご案内します（24時間365日）。"), "body"),
                P::text(L("3. 問い合わせフォーム：ポータルサイトから送信できます（24時間365日受付。回答に数日かかる場合があります）。"), "body"),
                P::text(L("4. オンライン資格確認等コールセンター：0800-080-4583（通話無料）"), "heading"),
                P::text(L("受付時間：月曜日～金曜日 8:00～18:00、土曜日 8:00～16:00（日曜日、祝日及び12月29日～1月3日を除く）"), "note"),
            }),
            P::menuAndBack(),
        }).dump();
    }
    if (id == "notices") {
        Json rows = Json::array();
        auto s = call.conn.prepare("SELECT published, title, body FROM notices ORDER BY published DESC, id DESC LIMIT 100");
        std::vector<Json> body;
        while (s.step()) {
            // Stored as yyyy-mm-dd; shown as the forms write dates, yyyy/mm/dd (issue 17).
            std::string date = s.text(0);
            if (date.size() == 10 && date[4] == '-' && date[7] == '-') date[4] = date[7] = '/';
            body.push_back(P::section("n" + std::to_string(body.size()), L(date + "　" + s.text(1)), {P::text(L(s.text(2)))}));
        }
        if (body.empty()) body.push_back(P::text(L("お知らせはありません。", "There are no notices."), "note"));
        body.push_back(P::menuAndBack());
        return P::panel("host.notices", L("お知らせ一覧", "Notices"), body).dump();
    }
    return std::nullopt;
}

Json Server::openapi() {
    Json paths = Json::object();
    auto op = [](std::string summary, std::string tag, Json kinds) {
        return Json{{"summary", std::move(summary)}, {"tags", {std::move(tag)}}, {"x-account-kinds", std::move(kinds)},
                    {"responses", {{"200", {{"description", "OK"}}}, {"default", {{"description", "error envelope"}}}}}};
    };
    Json any = Json::array();
    paths["/healthz"]["get"] = op("Liveness", "host", any);
    paths["/api/session"]["post"] = op("Log in (institution, user_id, password)", "host", any);
    paths["/api/session"]["get"] = op("The current session", "host", any);
    paths["/api/session"]["delete"] = op("Log out", "host", any);
    paths["/api/session/password"]["post"] = op("Change one's password", "host", any);
    paths["/api/menu"]["get"] = op("The caller's menu", "host", any);
    paths["/api/plugins"]["get"] = op("Loaded and refused plugins", "host", any);
    paths["/api/panels/{plugin}/{panel}"]["get"] = op("A panel (screen) as JSON", "host", any);
    paths["/api/openapi.json"]["get"] = op("This document", "host", any);
    paths["/api/viewing/events"]["post"] = op("Record up to 1,000 medical-information viewings (viewing terminals)", "host",
                                              {kMedinfo, kWebapi, kLinkapp});
    paths["/api/viewing/events"]["post"]["security"] = {{{"credentials", Json::array()}}};
    paths["/api/viewing/events"]["post"]["x-route-kind"] = "credential";
    paths["/api/viewing/events"]["post"]["x-body"] = "json";
    paths["/api/viewing/events"]["post"]["requestBody"] = {{"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    for (const auto& p : m_host.registry().plugins()) {
        for (const auto& r : p->manifest.value("routes", Json::array())) {
            std::string method = r.value("method", "GET");
            std::transform(method.begin(), method.end(), method.begin(), ::tolower);
            Json o = op(r.value("summary", ""), p->id, r.value("kinds", Json::array()));
            Json params = Json::array();
            for (const auto& seg : splitPath(r.value("path", "")))
                if (seg.size() > 2 && seg.front() == '{')
                    params.push_back({{"name", seg.substr(1, seg.size() - 2)}, {"in", "path"}, {"required", true},
                                      {"schema", {{"type", "string"}}}});
            if (!params.empty()) o["parameters"] = params;
            std::string body = r.value("body", "none");
            if (body == "json") o["requestBody"] = {{"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
            if (body == "raw") o["requestBody"] = {{"content", {{"application/octet-stream", Json::object()}}}};
            // Who may call: the console session (the document's default), HTTP Basic per request, or anyone.
            std::string auth = r.value("auth", "session");
            if (auth == "credential") o["security"] = {{{"credentials", Json::array()}}};
            if (auth == "public") o["security"] = Json::array();
            // Said plainly as well, for tools that enumerate the routes (tests/authz derives its matrix from them).
            o["x-route-kind"] = auth;
            o["x-body"] = body;
            paths[r.value("path", "")][method] = o;
        }
        // Each panel is a route too (GET /api/panels/<plugin>/<panel>, session only), with its own kinds.
        for (const auto& [panelId, kinds] : p->panelKinds) {
            Json o = op("Panel " + p->id + "." + panelId, p->id, kinds);
            o["x-route-kind"] = "session";
            o["x-body"] = "none";
            o["x-panel"] = true;
            paths["/api/panels/" + p->id + "/" + panelId]["get"] = o;
        }
    }
    return {{"openapi", "3.0.3"},
            {"info", {{"title", "OQS admin console API"}, {"version", "1.0.0"}}},
            {"components", {{"securitySchemes", {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "oqs_session"}}},
                                                 {"credentials", {{"type", "http"}, {"scheme", "basic"},
                                                                  {"description", "user name: <institution code>/<user ID>"}}}}}}},
            {"security", {{{"session", Json::array()}}}},
            {"paths", paths}};
}

}  // namespace oqs::host
