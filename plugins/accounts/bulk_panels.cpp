// bulk_panels.cpp — ［アカウント一括登録］ (§2.14) and ［アカウント一括登録結果］ (§2.15), and their menu group.
#include "bulk.hpp"

#include "bulk_file.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts::bulk {

namespace {

namespace P = oqs::panel;
using oqs::panel::L;

Result<Json> uploadPanel(Ctx& ctx, const Request&) {
    std::string who =
        ctx.accountKind() == kMaster
            ? "マスタアカウントは、管理アカウントのみ一括登録できます。"
            : "管理アカウントは、一般アカウント等（一般利用者、医療情報閲覧、WebAPI用、連携アプリケーション用、"
              "顔認証付きカードリーダー用）を一括登録できます。";
    std::string limits = "CSV形式（UTF-8またはShift_JIS）、1ファイル" + std::to_string(kMaxRows) + "件・" +
                         std::to_string(kMaxBytes / (1024 * 1024)) + "MBまで。1行目は見出し行です。";
    return P::panel(
        "accounts.bulk", L("アカウント一括登録", "Bulk registration"),
        {
            P::text(L(who, "Administrators are registered by the master account; the other kinds by administrators.")),
            P::text(L(limits, "CSV (UTF-8 or Shift_JIS), up to 10,000 rows and 5 MB; the first row is the header."),
                    "note"),
            P::download("template", L("テンプレート（UTF-8）", "Template (UTF-8)"), "GET",
                        "/api/accounts/bulk/template.csv"),
            P::download("template_sjis", L("テンプレート（Shift_JIS）", "Template (Shift_JIS)"), "GET",
                        "/api/accounts/bulk/template.csv?encoding=cp932"),
            P::form("f", {P::Field("file", "file", L("アカウント一括登録用ファイル", "Bulk registration file"))
                              .required()
                              .accept(".csv")
                              .maxBytes(static_cast<long long>(kMaxBytes))}),
            P::actions({P::Action("check", L("チェック", "Check")).call("POST", "/api/accounts/bulk/check", "f"),
                        P::Action("register", L("登録", "Register"))
                            .call("POST", "/api/accounts/bulk", "f")
                            .confirm(label("bulk.confirm"))
                            .style("primary"),
                        P::Action("menu", L("メニュー", "Menu")).gotoMenu(),
                        P::Action("back", L("戻る", "Back")).gotoMenu()}),
        });
}

Result<Json> resultsPanel(Ctx&, const Request&) {
    Json table = P::Table("jobs", "GET", "/api/accounts/bulk")
                     .column("receipt", L("受付番号", "Receipt"))
                     .column("status", L("登録状況", "Status"), "detail")
                     .column("received_at", L("受付日時", "Received"))
                     .column("finished_at", L("完了日時", "Finished"))
                     .column("processed", L("処理件数", "Rows"))
                     .rowAction(P::Action("download", L("ダウンロード", "Download"))
                                    .call("GET", "/api/accounts/bulk/{id}/result.csv")
                                    .download()
                                    .when(rule::equals("downloadable", true)))
                     .refreshSeconds(60)
                     .empty(L("一括登録の受付はありません。", "No uploads yet."))
                     .autoLoad();
    return P::panel("accounts.bulk_results", L("アカウント一括登録結果", "Bulk registration results"),
                    {
                        P::text(L("最新の3件を表示します。登録状況は1分ごとに自動で更新されます。",
                                  "Your last three uploads; the status refreshes every minute."),
                                "note"),
                        table,
                        P::actions({P::Action("refresh", L("更新", "Refresh")).call("GET", "/api/accounts/bulk"),
                                    P::Action("menu", L("メニュー", "Menu")).gotoMenu(),
                                    P::Action("back", L("戻る", "Back")).gotoMenu()}),
                    });
}

}  // namespace

void registerPanels(Plugin& p) {
    p.panel("bulk", {kMaster, kAdmin}, uploadPanel);
    p.panel("bulk_results", {kMaster, kAdmin}, resultsPanel);
}

void registerMenu(Plugin& p) {
    auto item = [&](std::string id, Json label, int order, std::string panel) {
        // after ⑬ (SPEC.md §1.7.1: the unnumbered group after ⑬)
        p.menu({.groupId = "accounts_bulk",
                .groupLabel = L("アカウント一括登録", "Bulk registration"),
                .groupOrder = 140,
                .id = std::move(id),
                .label = std::move(label),
                .order = order,
                .panel = std::move(panel),
                .kinds = {kMaster, kAdmin},
                .beforeUsageStart = true});
    };
    item("bulk", L("アカウント一括登録", "Bulk registration"), 10, "bulk");
    item("bulk_results", L("アカウント一括登録結果", "Bulk registration results"), 20, "bulk_results");
}

}  // namespace oqs::accounts::bulk
