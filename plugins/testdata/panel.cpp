// ［テスト用データセットアップ］: areas ①–⑤ of SPEC.md §4.2, with the manual's labels and messages (MSG-T01–T11).
#include "testdata.hpp"

namespace testdata {

namespace {

namespace P = oqs::panel;
using P::Action;
using P::L;

Json linkArea() {
    return P::section(
        "area_link", L("① テスト用データ紐付登録", "① Link a test card"),
        {
            linkForm(),
            P::actions({Action("link", L("紐付登録", "Link"))
                            .call("POST", "links", "link")
                            .confirm(L("マイナンバーカードとテスト用資格情報を紐付けます。よろしいですか？",
                                       "Link the test card to the test qualification?"))
                            .style("primary")}),
            P::Table("links", "GET", "links")
                .column("serial", L("シリアル番号", "Serial number"))
                .column("type_label", L("テスト用資格情報", "Test qualification"))
                .column("insurance", L("保険証登録", "Insurance card"))
                .column("pmh_id", L("PMH-ID", "PMH-ID"))
                .column("linked_at", L("登録日時", "Linked at"))
                .page(20)
                .empty(L("紐付けたテスト用データはありません。", "No test card is linked."))
                .autoLoad(),
        });
}

Json deleteLinksArea() {
    return P::section("area_link_delete", L("② 紐付テストデータ削除", "② Delete linked test data"),
                      {
                          P::actions({Action("delete_links", L("全件削除", "Delete all"))
                                          .call("DELETE", "links")
                                          .confirm(L("紐付けたテスト用データを全件削除します。よろしいですか？",
                                                     "Delete all linked test data?"))
                                          .style("danger")}),
                      });
}

Json categoryArea(const std::vector<Category>& cats) {
    return P::section("area_category", L("③ データカテゴリ別テストデータ登録／削除", "③ Test data by category"),
                      {
                          categoryForm(cats),
                          P::actions({
                              Action("register", L("登録", "Register"))
                                  .call("POST", "records", "category")
                                  .confirm(L("テストデータを登録します。よろしいですか？", "Register the test data?"))
                                  .style("primary"),
                              Action("delete_records", L("全件削除", "Delete all"))
                                  .call("DELETE", "records")
                                  .confirm(L("データカテゴリ別テストデータを全件削除します。よろしいですか？",
                                             "Delete all test data of every category?"))
                                  .style("danger"),
                          }),
                          P::Table("counts", "GET", "categories")
                              .column("label", L("データカテゴリ", "Data category"))
                              .column("count_text", L("登録件数", "Registered"))
                              .autoLoad(),
                          P::Table("records", "GET", "records")
                              .column("category", L("データカテゴリ", "Data category"), "type_label")
                              .column("insurer_number", L("保険者番号", "Insurer number"))
                              .column("symbol", L("記号", "Symbol"))
                              .column("number", L("番号", "Number"))
                              .column("branch", L("枝番", "Branch"))
                              .column("name", L("氏名", "Name"), "kana")
                              .column("birth_date", L("生年月日", "Birth date"))
                              .column("serial", L("シリアル番号", "Serial number"))
                              .page(20)
                              .empty(L("登録されたテストデータはありません。", "No test data is registered."))
                              .autoLoad(),
                      });
}

Json consentArea() {
    return P::section("area_consent", L("④ 閲覧同意情報初期化", "④ Initialise viewing consents"),
                      {
                          P::text(L("同意取消照会で取り消した閲覧同意情報を、取消前の状態に戻します。",
                                    "Puts back the viewing consents revoked in the operational tests.")),
                          P::actions({Action("reset_consents", L("初期化", "Initialise"))
                                          .call("POST", "consents/reset")
                                          .confirm(L("閲覧同意情報を初期化します。よろしいですか？",
                                                     "Initialise the viewing consents?"))}),
                      });
}

oqs::Result<Json> setupPanel(oqs::Ctx& ctx, const oqs::Request&) {
    auto cats = categories(ctx);
    if (!cats) return cats.error();
    return P::panel(
        "main", L("テスト用データセットアップ", "Test data setup"),
        {
            P::readonly("code", L("医療機関コード", "Institution code"), ctx.institutionCode()),
            P::text(L("接続検証環境でのみ利用できます。登録したデータは、この医療機関の顔認証付きカードリーダー・WebAPI"
                      "からの"
                      "資格確認で応答されます。",
                      "Connection-test environment only. The institution's card reader and WebAPI system confirm what "
                      "you set up here."),
                    "note"),
            linkArea(),
            deleteLinksArea(),
            categoryArea(*cats),
            consentArea(),
            P::menuAndBack(),
        });
}

}  // namespace

void registerPanel(oqs::Plugin& p) {
    p.panel("main", {oqs::kAdmin}, setupPanel);
    // ⑩ 《環境設定情報管理》 → 《テスト用データセットアップ》: administrators, verification environment only (TD-01).
    p.menu({.groupId = "settings",
            .groupLabel = L("環境設定情報管理", "Environment settings"),
            .groupOrder = 100,
            .id = "setup",
            .label = L("テスト用データセットアップ", "Test data setup"),
            .order = 20,
            .panel = "main",
            .kinds = {oqs::kAdmin},
            .verificationOnly = true});
}

}  // namespace testdata
