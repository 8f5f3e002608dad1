// panels.cpp — the three screens: ［アカウント管理］ register mode (§2.6), ［アカウント検索］ (§2.7) and
// ［アカウント管理］ update mode (§2.8). Their fields are forms.hpp's, which the routes check bodies against.
#include "accounts.hpp"

#include "dates.hpp"
#include "forms.hpp"
#include "hierarchy.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

namespace P = oqs::panel;
using oqs::panel::L;

std::string todayJst(Ctx& ctx) { return jstDateTime(ctx.nowMs()).substr(0, 10); }

std::vector<Json> institutionHeader(Ctx& ctx) {
    return {P::readonly("institution_code", L("機関コード", "Institution code"), ctx.institutionCode()),
            P::readonly("institution_name", L("機関名", "Institution name"), ctx.institutionName())};
}

Result<Json> registerPanel(Ctx& ctx, const Request&) {
    std::string instKind = institutionKind(ctx);
    auto rights = rightsOf(ctx);
    if (!rights) return rights.error();
    const auto& kinds = rights->registers;
    Json values{{"start_date", todayJst(ctx)}};
    if (kinds.size() == 1) values["kind"] = kinds.front();  // the master registers administrators only: fixed
    Json form = P::form("f", forms::withValues(forms::registerFields(kinds, instKind), values));
    std::vector<Json> body = institutionHeader(ctx);
    body.push_back(form);
    body.push_back(P::actions({P::Action("register", L("登録", "Register"))
                                   .call("POST", "/api/accounts/accounts", "f")
                                   .confirm(label("confirm.register"))
                                   .style("primary"),
                               P::Action("menu", L("メニュー", "Menu")).gotoMenu(),
                               P::Action("back", L("戻る", "Back")).gotoMenu()}));
    return P::panel("accounts.register", L("アカウント管理", "Account management"), body);
}

Result<Json> searchPanel(Ctx& ctx, const Request& req) {
    auto param = [&](const char* k) { return req.queryValue(k); };
    auto rights = rightsOf(ctx);
    if (!rights) return rights.error();
    // The conditions searched with fill the form again; a select without one shows 「全て」.
    Json values = req.query;
    for (const char* k : {"kind", "valid", "locked"})
        if (param(k).empty()) values[k] = "all";
    Json form = P::form("q", forms::withValues(forms::searchFields(rights->searchScope()), values));
    Json results = P::Table("results", "GET", "/api/accounts/accounts", "q")
                       .column("user_id", L("ユーザID", "User ID"))
                       .column("kana", L("ユーザ名", "User name"), "name")
                       .column("kind_label", L("権限区分", "Role"))
                       .column("valid_label", L("有効／無効", "Valid"))
                       .column("lock_label", L("アカウントロック", "Lock"))
                       .column("start_date", L("利用開始日", "Start"))
                       .column("end_date", L("利用終了日", "End"))
                       .page(100)
                       .rowOpen("accounts.edit", {"user_id"})
                       .greyWhen(rule::equals("valid", false))
                       .empty(label("search.none"))
                       .autoLoad(param("searched") == "1");
    std::vector<Json> body{
        P::readonly("institution_code", L("機関コード", "Institution code"), ctx.institutionCode()), form,
        P::actions(
            {P::Action("search", L("検索", "Search")).call("GET", "/api/accounts/search", {}, "q").style("primary"),
             P::Action("clear", L("クリア", "Clear")).gotoPanel("accounts.search"),
             P::Action("menu", L("メニュー", "Menu")).gotoMenu(), P::Action("back", L("戻る", "Back")).gotoMenu()})};
    if (param("searched") == "1") body.push_back(results);
    return P::panel("accounts.search", L("アカウント検索", "Account search"), body);
}

Result<Json> editPanel(Ctx& ctx, const Request& req) {
    std::string userId = req.queryValue("user_id");
    auto a = findAccount(ctx, userId);
    if (!a) return a.error();
    std::string kind = a->value("kind", "");
    Json row = accountRow(*a);
    std::string path = "/api/accounts/accounts/" + userId;
    std::vector<Json> body = institutionHeader(ctx);
    body.push_back(P::readonly("kind", L("権限区分", "Role"), row["kind_label"]));
    body.push_back(P::readonly("user_id", L("ユーザID", "User ID"), userId));

    std::vector<Json> buttons;
    auto rights = rightsOf(ctx);
    if (!rights) return rights.error();
    if (rights->mayReset(kind))
        buttons.push_back(P::Action("reset", L("パスワード初期化", "Reset password"))
                              .call("POST", path + "/reset")
                              .confirm(label("confirm.reset")));
    if (rights->mayUpdate(kind)) {
        bool locked = row["locked"].get<bool>();
        Json values = row;
        values["invalid"] = !row["valid"].get<bool>();
        values["locked"] = locked ? "locked" : "none";
        body.push_back(P::form("e", forms::withValues(forms::updateFields(locked), values)));
        buttons.push_back(P::Action("update", L("更新", "Update"))
                              .call("PATCH", path, "e")
                              .confirm(label("confirm.update"))
                              .style("primary"));
        buttons.push_back(P::Action("delete", L("削除", "Delete"))
                              .call("DELETE", path)
                              .confirm(label("confirm.delete"), label("confirm.delete_final"))
                              .style("danger"));
    } else {
        // MASTER_RESET looking at the master (ACC-PERM-02): everything shown, nothing editable.
        body.push_back(P::readonly("name", L("ユーザ名", "User name"), row["name"]));
        body.push_back(P::readonly("kana", L("ユーザ名（カナ）", "User name (kana)"), row["kana"]));
        body.push_back(P::readonly("valid", L("有効／無効", "Valid"), row["valid_label"]));
        body.push_back(P::readonly("locked", L("アカウントロック", "Account lock"), row["lock_label"]));
        body.push_back(P::readonly("start_date", L("利用開始年月日", "Start date"), row["start_date"]));
        body.push_back(P::readonly("end_date", L("利用終了年月日", "End date"), row["end_date"]));
    }
    buttons.push_back(P::Action("menu", L("メニュー", "Menu")).gotoMenu());
    buttons.push_back(P::Action("back", L("戻る", "Back")).gotoBack());
    body.push_back(P::actions(buttons));
    return P::panel("accounts.edit", L("アカウント管理", "Account management"), body);
}

}  // namespace

void registerPanels(Plugin& p) {
    p.panel("register", {kMaster, kAdmin}, registerPanel);
    p.panel("search", {kMaster, kMasterReset, kAdmin}, searchPanel);
    p.panel("edit", {kMaster, kMasterReset, kAdmin}, editPanel);
}

}  // namespace oqs::accounts
