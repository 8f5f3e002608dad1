// panels.cpp — the three screens: ［アカウント管理］ register mode (§2.6), ［アカウント検索］ (§2.7) and
// ［アカウント管理］ update mode (§2.8). Client-side limits mirror the server's rules; the server re-checks all.
#include "accounts.hpp"

#include "dates.hpp"
#include "hierarchy.hpp"
#include "messages.hpp"
#include "name_rules.hpp"
#include "user_id_rules.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

namespace P = oqs::panel;
using oqs::panel::L;

const char* kIdPattern = "^[0-9A-Za-z]*$";

std::string kindLabelEn(std::string_view k) {
    if (k == kAdmin) return "Administrator";
    if (k == kGeneral) return "General user";
    if (k == kMedinfo) return "Medical information viewer";
    if (k == kWebapi) return "WebAPI";
    if (k == kLinkapp) return "Linked application";
    if (k == kFace) return "Face-authentication card reader";
    if (k == kMaster) return "Master";
    return "Master reset";
}
Json kindLabel(std::string_view k) { return L(std::string(kindLabelJa(k)), kindLabelEn(k)); }

std::string todayJst(Ctx& ctx) { return jstDateTime(ctx.nowMs()).substr(0, 10); }

std::vector<Json> institutionHeader(Ctx& ctx) {
    return {P::readonly("institution_code", L("機関コード", "Institution code"), ctx.institutionCode()),
            P::readonly("institution_name", L("機関名", "Institution name"), ctx.institutionName())};
}

P::Field nameField(const std::string& value = {}) {
    P::Field f("name", "text", L("ユーザ名", "User name"));
    f.required().max(kMaxNameLength).hint(L("全角20文字以内", "Up to 20 full-width characters"));
    if (!value.empty()) f.value(value);
    return f;
}
P::Field kanaField(const std::string& value = {}) {
    P::Field f("kana", "text", L("ユーザ名（カナ）", "User name (kana)"));
    f.required().max(kMaxKanaLength).hint(L("全角カタカナ・英数字40文字以内", "Up to 40 full-width katakana"));
    if (!value.empty()) f.value(value);
    return f;
}

Result<Json> registerPanel(Ctx& ctx, const Request&) {
    std::string instKind = institutionKind(ctx);
    auto rights = rightsOf(ctx);
    if (!rights) return rights.error();
    const auto& kinds = rights->registers;
    P::Field kind("kind", "select", L("権限区分", "Role"));
    kind.required().hint(L("※権限によって選択可否、内容が異なります。", "The roles offered depend on your rights."));
    for (const auto& k : kinds) {
        // ACC-UID-05: choosing a system role writes its prefix into the user ID.
        auto prefix = requiredPrefix(k, instKind);
        kind.option(k, kindLabel(k), prefix.empty() ? Json() : Json{{"user_id", std::string(prefix)}});
    }
    if (kinds.size() == 1) kind.value(kinds.front());  // the master registers administrators only: fixed
    Json form = P::form(
        "f", {
                 kind,
                 P::Field("user_id", "text", L("ユーザID", "User ID"))
                     .required()
                     .min(2)
                     .max(8)
                     .pattern(kIdPattern)
                     .hint(L("半角英数字2～8桁（システムアカウントは3～8桁）",
                             "2-8 half-width letters and digits (3-8 for system accounts)")),
                 nameField(),
                 kanaField(),
                 P::Field("start_date", "date", L("利用開始年月日", "Start date")).required().value(todayJst(ctx)),
                 P::Field("end_date", "date", L("利用終了年月日", "End date")),
             });
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

P::Field choice(const std::string& id, Json label, const std::vector<std::pair<std::string, Json>>& options,
                const std::string& value) {
    P::Field f(id, "select", std::move(label));
    for (const auto& [v, l] : options) f.option(v, l);
    f.value(value.empty() ? options.front().first : value);
    return f;
}

Result<Json> searchPanel(Ctx& ctx, const Request& req) {
    auto param = [&](const char* k) { return req.queryValue(k); };
    std::vector<std::pair<std::string, Json>> kinds{{"all", L("全て", "All")}};
    auto rights = rightsOf(ctx);
    if (!rights) return rights.error();
    for (const auto& k : rights->searchScope()) kinds.emplace_back(k, kindLabel(k));
    Json form = P::form(
        "q",
        {
            choice("kind", L("権限区分", "Role"), kinds, param("kind")),
            P::Field("user_id", "text", L("ユーザID", "User ID")).max(8).pattern(kIdPattern).value(param("user_id")),
            P::Field("name", "text", L("ユーザ名", "User name"))
                .max(kMaxNameLength)
                .value(param("name"))
                .hint(L("部分一致", "Partial match")),
            P::Field("kana", "text", L("ユーザ名（カナ）", "User name (kana)"))
                .max(kMaxKanaLength)
                .value(param("kana"))
                .hint(L("部分一致", "Partial match")),
            choice("valid", L("有効／無効", "Valid / invalid"),
                   {{"all", L("全て", "All")},
                    {"valid", L("有効のみ", "Valid only")},
                    {"invalid", L("無効のみ", "Invalid only")}},
                   param("valid")),
            choice("locked", L("アカウントロック", "Account lock"),
                   {{"all", L("全て", "All")}, {"none", L("なし", "Not locked")}, {"locked", L("ロック中", "Locked")}},
                   param("locked")),
            P::Field("start_date", "date", L("利用開始年月日", "Start date")).value(param("start_date")),
            P::Field("end_date", "date", L("利用終了年月日", "End date")).value(param("end_date")),
        });
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
        // OQ-15: ロック中 → なし only; the select is enabled only while the account is locked.
        bool locked = row["locked"].get<bool>();
        P::Field lock = choice("locked", L("アカウントロック", "Account lock"),
                               {{"none", L("なし", "Not locked")}, {"locked", L("ロック中", "Locked")}},
                               locked ? "locked" : "none");
        if (!locked) lock.enabledWhen(rule::equals("locked", "locked"));
        body.push_back(P::form(
            "e",
            {
                nameField(row["name"]),
                kanaField(row["kana"]),
                P::Field("invalid", "checkbox", L("無効にする", "Invalid"))
                    .value(!row["valid"].get<bool>())
                    .hint(L("チェックするとアカウントが無効になります", "Checked: the account cannot be used")),
                lock,
                P::Field("start_date", "date", L("利用開始年月日", "Start date")).required().value(row["start_date"]),
                P::Field("end_date", "date", L("利用終了年月日", "End date")).value(row["end_date"]),
            }));
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
