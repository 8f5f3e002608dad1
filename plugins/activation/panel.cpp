// ［アクティベーションコード管理］ (SPEC.md §7.2): the institution, the search conditions, the memo and 《発行》,
// then — after 《検索》 or 《発行》 — the results. Menu ⑫, administrators only (§1.7.2).
#include "activation.hpp"

namespace activation {

namespace {

namespace P = oqs::panel;
using oqs::panel::L;

}  // namespace

// The search conditions (ACT-SRCH) with the values they show; the routes' query description uses the defaults.
std::vector<Json> conditionFields(const std::string& status, bool validOnly) {
    return {
        P::Field("status", "select", L("登録状況", "Registration"))
            .option("all", L("全て", "All"))
            .option("unregistered", L("未登録", "Not registered"))
            .option("registered", L("登録済み", "Registered"))
            .value(status),
        P::Field("valid_only", "checkbox", L("有効なコードのみ表示する", "Show valid codes only")).value(validOnly),
    };
}

// The issue form (ACT-ISS): the code is set by the server; the memo is the administrator's.
std::vector<Json> issueFields() {
    return {
        P::Field("code", "readonly", L("アクティベーションコード", "Activation code"))
            .value("")
            .hint(L("自動的に番号が設定されます。", "Set automatically.")),
        P::Field("memo", "text", L("端末識別メモ情報", "Device memo"))
            .max(int(kMaxMemoChars))
            .hint(L("どの端末に設定したコードか分かるように入力してください（例：A のスマホ１）。50文字以内。",
                    "Which device the code is for (e.g. A's phone 1); up to 50 characters.")),
    };
}

namespace {

oqs::Result<Json> mainPanel(oqs::Ctx& ctx, const oqs::Request& req) {
    // The conditions come back as panel parameters after 《検索》; anything unexpected falls back to the defaults.
    std::string status = req.queryValue("status", "all");
    if (status != "unregistered" && status != "registered") status = "all";
    const bool validOnly = req.queryValue("valid_only", "true") != "false";
    const bool searched = req.queryValue("searched") == "1";

    Json conditions = P::form("q", conditionFields(status, validOnly));
    Json issueForm = P::form("issue", issueFields());
    std::vector<Json> body{
        P::readonly("institution_code", L("機関コード", "Institution code"), ctx.institutionCode()),
        P::readonly("institution_name", L("機関名", "Institution name"), ctx.institutionName()),
        conditions,
        issueForm,
        P::actions({
            P::Action("search", L("検索", "Search")).call("GET", "/api/activation/search", {}, "q").style("primary"),
            P::Action("issue", L("発行", "Issue"))
                .call("POST", "/api/activation/codes", "issue")
                .confirm(label("confirm.issue")),
            P::Action("menu", L("メニュー", "Menu")).gotoMenu(),
            P::Action("back", L("戻る", "Back")).gotoMenu(),
        }),
        P::text(label("guidance"), "note"),
    };
    if (!homeVisitOn(ctx)) body.insert(body.begin() + 2, P::text(label("home_visit_off"), "caution"));
    if (searched) {
        // Paged on the server (100 rows a page, offset & limit), so 10,000 codes cost one small query a page.
        Json results = P::Table("results", "GET", "/api/activation/codes", "q")
                           .column("status_label", L("登録状況", "Registration"), "registered_detail")
                           .column("code", L("アクティベーションコード", "Activation code"))
                           .column("memo", L("端末識別メモ情報", "Device memo"), "device_detail")
                           .actionsColumn("invalidation_label", L("無効化状況", "Invalidation"))
                           .column("updated_at", L("更新日時", "Updated"), "history_detail")
                           .rowAction(P::Action("invalidate", L("無効化する", "Invalidate"))
                                          .call("POST", "/api/activation/codes/{code}/invalidate")
                                          .confirm(label("confirm.invalidate"))
                                          .when(Json{{"field", "invalidated"}, {"equals", false}})
                                          .style("danger"))
                           .greyWhen(Json{{"field", "invalidated"}, {"equals", true}})
                           .page(100)
                           .empty(label("none"))
                           .autoLoad();
        body.push_back(P::section("results_area", L("検索結果", "Results"), {results}));
    }
    return P::panel("activation.main", L("アクティベーションコード管理", "Activation codes"), body);
}

}  // namespace

void registerPanel(oqs::Plugin& p) {
    p.panel("main", {oqs::kAdmin}, mainPanel);
    // ⑫ 《マイナ資格確認アプリ管理》
    p.menu({.groupId = "activation",
            .groupLabel = L("マイナ資格確認アプリ管理", "Qualification app"),
            .groupOrder = 120,
            .id = "codes",
            .label = L("アクティベーションコード管理", "Activation codes"),
            .order = 10,
            .panel = "main",
            .kinds = {oqs::kAdmin}});
}

}  // namespace activation
