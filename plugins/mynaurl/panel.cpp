// ［医療機関別URL取得・変更］ (SPEC.md §6.2): area ① the institution, then one section per service (areas ② and ③)
// with its URL and 《コピー》, the QR code with its two downloads, and the three operations (area ④), each a checkbox
// whose warning must be acknowledged (the field's confirmWhen; cancel unticks it) and which enables its button
// (the button's enabledWhen), with the notice 「現在のURLは使用できなくなります。」 under it.
#include "mynaurl.hpp"

namespace mynaurl {

namespace {

using oqs::Json;
using oqs::panel::L;
namespace P = oqs::panel;

// A rule no value passes (the settings plugin's idiom): a control the server would refuse is disabled.
const Json kNever = {{"field", "$"}, {"in", Json::array()}};
Json ticked(const std::string& field) { return {{"field", field}, {"equals", true}}; }

struct OperationUi {
    const char* key;  // checkbox id after "<service>_", path after "/<service>/"
    const char* path;
    const char *labelJa, *labelEn;
    const char *warnJa, *warnEn, *askJa, *askEn;
};
const OperationUi kOperations[] = {
    {"change", "change", "URLを変更する", "Change the URL", kChangeWarnJa,
     "After the change the current URL and QR code stop working; patients must register with the new URL.",
     kChangeAskJa, "Change the URL?"},
    {"revert_previous", "revert-previous", "URLを変更前に戻す", "Return to the previous URL", kPreviousWarnJa,
     "Returning to the previous URL stops the current URL and QR code from working.", kPreviousAskJa,
     "Return to the previous URL?"},
    {"revert_first", "revert-first", "最初のURLに戻す", "Return to the first URL", kFirstWarnJa,
     "Returning to the first URL stops the current URL and QR code from working.", kFirstAskJa,
     "Return to the first URL?"},
};

// One operation: its checkbox (a form of its own, so the button sends just that box) and its button.
void addOperation(std::vector<Json>& body, const Service& s, const OperationUi& op, bool possible) {
    const std::string box = s.id + "_" + op.key, formId = "ops_" + box;
    P::Field field(box, "checkbox", L(op.labelJa, op.labelEn));
    field.value(false).caution(L(kNoticeJa, "The current URL will stop working."));
    if (possible) field.confirmWhen(ticked(box), L(op.warnJa, op.warnEn), false);  // cancel unticks it (URL-R3)
    else field.enabledWhen(kNever).offValue(false);                                // OQ-46/47: it would do nothing
    body.push_back(P::form(formId, {field}));
    body.push_back(P::actions({P::Action(box + "_run", L(op.labelJa, op.labelEn))
                                   .call("POST", "/api/mynaurl/" + s.id + "/" + op.path, formId)
                                   .confirm(L(op.askJa, op.askEn))
                                   .enabledWhen(ticked(box))
                                   .style("danger")}));
}

Json downloadButton(const Service& s, const char* format, const char* labelJa, const char* labelEn, bool on) {
    // Built as the download widget is, but placed as an action (download: true) so both sit on one row.
    Json d = P::download(s.id + "_" + format, L(labelJa, labelEn), "GET", "/api/mynaurl/" + s.id + "/" + format);
    d.erase("type");
    d["download"] = true;
    d["confirm"] = Json::array({L(kDownloadAskJa, "Download the QR code?")});  // MSG-U01
    d["done"] = L(kDownloadDoneJa, "The download is complete.");               // MSG-U02
    if (!on) d["enabledWhen"] = kNever;
    return d;
}

oqs::Result<Json> serviceSection(oqs::Ctx& ctx, const Service& s, bool on) {
    std::vector<Json> body;
    std::optional<UrlState> st;
    if (on) {
        auto got = ensureState(ctx, s);  // OQ-49: the first URL is made the first time it is needed
        if (!got) return got.error();
        st = *got;
        const std::string url = urlFor(ctx, st->current);
        body.push_back(P::copy("url_" + s.id, L("医療機関別URL", "URL"), url));
        body.push_back(P::text(L("二次元バーコード", "QR code")));
        // The client keeps a decoded image per widget id: the token's fingerprint in the id shows a new code at once.
        Json image = P::image("qr_" + s.id + "_" + fingerprint(st->current), "/api/mynaurl/" + s.id + "/png",
                              L(s.nameJa + "の二次元バーコード", "QR code"));
        image["width"] = 200;
        body.push_back(image);
    } else {
        body.push_back(P::text(L(kOffJa, "This service is not used, so no URL is shown."), "note"));
    }
    body.push_back(P::actions({downloadButton(s, "png", "PNG形式でダウンロード", "Download as PNG", on),
                               downloadButton(s, "pdf", "PDF形式でダウンロード", "Download as PDF", on)}));
    addOperation(body, s, kOperations[0], on);
    addOperation(body, s, kOperations[1], on && st->canRevertPrevious());
    addOperation(body, s, kOperations[2], on && st->canRevertFirst());
    return P::section("area_" + s.id, L(s.nameJa, s.nameEn), body);
}

oqs::Result<Json> urlPanel(oqs::Ctx& ctx, const oqs::Request&) {
    auto values = currentSettings(ctx);
    if (!values) return values.error();
    std::vector<Json> body = {
        P::section("area_institution", L("医療機関等情報", "Institution"),
                   {
                       P::readonly("code", L("医療機関コード", "Institution code"), ctx.institutionCode()),
                       P::readonly("name", L("医療機関名", "Institution name"), ctx.institutionName()),
                   }),
        P::text(
            L("URL／二次元バーコードの変更について\nURL又は二次元バーコードを変更すると、古いURLや二次元バーコードは"
              "利用不可となり、患者は閲覧同意情報を登録することができなくなります。閲覧同意情報を登録する場合は、"
              "変更後のURLにて閲覧同意情報を登録する必要があります。URL又は二次元バーコードを変更する場合は、"
              "ご注意ください。",
              "About changing the URL / QR code: after a change the old URL and QR code stop working and patients "
              "must use the new URL. Change it with care."),
            "caution"),
    };
    for (const auto& s : services()) {
        auto section = serviceSection(ctx, s, serviceOn(s, *values));
        if (!section) return section.error();
        body.push_back(std::move(*section));
    }
    body.push_back(P::menuAndBack());
    return P::panel("mynaurl.main", L("医療機関別URL取得・変更", "Institution URLs"), body);
}

}  // namespace

void registerPanel(oqs::Plugin& p) {
    p.panel("main", {oqs::kAdmin}, urlPanel);
    // Menu ⑪ 《マイナ在宅受付web管理》 → 《医療機関別URL取得・変更》, administrators only (URL-04).
    p.menu({.groupId = "mynaurl",
            .groupLabel = L("マイナ在宅受付web管理", "Myna home reception web"),
            .groupOrder = 110,
            .id = "urls",
            .label = L("医療機関別URL取得・変更", "Institution URLs and QR codes"),
            .order = 10,
            .panel = "main",
            .kinds = {oqs::kAdmin}});
}

}  // namespace mynaurl
