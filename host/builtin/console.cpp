// console — the host's own screens as a plugin, linked into oqs-host and loaded before any other (origin
// "builtin:console"): the header's お知らせ一覧 and お問い合わせ先, and menu ⑧'s パスワード変更 (a screen the client has
// built in). Written against the SDK only, like every plugin, so the host's HTTP code serves no screen of its own.
#include "oqs/kinds.hpp"
#include "oqs/plugin.hpp"

namespace {

namespace P = oqs::panel;
using P::L;

// Every account kind that holds a console session (system kinds never log in to the console).
const oqs::Kinds kConsoleKinds = {oqs::kMaster, oqs::kMasterReset, oqs::kAdmin, oqs::kGeneral, oqs::kMedinfo};

// SPEC.md §8 (第7章 お問い合わせ先), the manual's text.
oqs::Result<oqs::Json> contactPanel(oqs::Ctx&, const oqs::Request&) {
    return P::panel(
        "contact", L("お問い合わせ先", "Contact"),
        {
            P::text(L("本マニュアルの内容に関するお問い合わせは、契約しているシステム事業者、または医療機関等向"
                      "け総合ポータルサイトをご利用ください。",
                      "For questions, contact your system vendor or use the portal for medical institutions."),
                    "body"),
            P::copy("portal", L("医療機関等向け総合ポータルサイト", "Portal"),
                    "https://iryohokenjyoho.service-now.com/csm?id=csm_index"),
            P::section(
                "ways", L("お問い合わせ方法", "How to get help"),
                {
                    P::text(L("1. よくある質問（FAQ）：ポータルサイトで、カテゴリ別・キーワード検索ができます（24"
                              "時間利用可能）。"),
                            "body"),
                    P::text(L("2. チャットボット「シカク君」：ポータルサイト右下から自動応答でご案内します（24"
                              "時間365日）。"),
                            "body"),
                    P::text(L("3. 問い合わせフォーム：ポータルサイトから送信できます（24時間365日受付。回答に数"
                              "日かかる場合があります）。"),
                            "body"),
                    P::text(L("4. オンライン資格確認等コールセンター：0800-080-4583（通話無料）"), "heading"),
                    P::text(L("受付時間：月曜日～金曜日 8:00～18:00、土曜日 8:00～16:00（日曜日、祝日及び12月"
                              "29日～1月3日を除く）"),
                            "note"),
                }),
            P::menuAndBack(),
        });
}

// What the system's operator published, newest first (the host's notices.list).
oqs::Result<oqs::Json> noticesPanel(oqs::Ctx& ctx, const oqs::Request&) {
    auto notices = ctx.call("notices.list");
    if (!notices) return notices.error();
    std::vector<oqs::Json> body;
    for (const auto& n : (*notices)["notices"]) {
        // Stored as yyyy-mm-dd; shown as the forms write dates, yyyy/mm/dd.
        std::string date = n.value("published", "");
        if (date.size() == 10 && date[4] == '-' && date[7] == '-') date[4] = date[7] = '/';
        body.push_back(P::section("n" + std::to_string(body.size()), L(date + "　" + n.value("title", "")),
                                  {P::text(L(n.value("body", "")))}));
    }
    if (body.empty()) body.push_back(P::text(L("お知らせはありません。", "There are no notices."), "note"));
    body.push_back(P::menuAndBack());
    return P::panel("notices", L("お知らせ一覧", "Notices"), body);
}

}  // namespace

OQS_PLUGIN(console) {
    p.name(L("コンソール", "Console")).version("1.0.0");
    p.panel("contact", kConsoleKinds, contactPanel);
    p.panel("notices", kConsoleKinds, noticesPanel);
    p.header("notices", L("お知らせ一覧", "Notices"), "notices", 10);
    p.header("contact", L("お問い合わせ先", "Contact"), "contact", 20);
    // Password change sits in the account group ⑧ for every console account, also before the usage start date.
    p.menu({.groupId = "accounts",
            .groupLabel = L("アカウント情報管理", "Account management"),
            .groupOrder = 80,
            .id = "password",
            .label = L("パスワード変更", "Change password"),
            .order = 30,
            .kinds = kConsoleKinds,
            .beforeUsageStart = true,
            .builtin = "password"});
}
