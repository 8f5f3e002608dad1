// ① テスト用データ紐付登録 and ② 紐付テストデータ削除: a test My Number card's serial number linked to one of the 14
// test qualification types (SPEC.md §4.3–4.4). One link per serial and institution; linking again replaces it
// (OQ-39).
#include "testdata.hpp"

#include <oqs/dates.hpp>

namespace testdata {

namespace {

namespace P = oqs::panel;
using P::L;

oqs::Response link(oqs::Ctx& ctx, const oqs::Request& req) {
    auto body = oqs::checkedBody(req, linkForm());
    if (!body) return body.error();
    const std::string s = (*body)["serial"].get<std::string>();
    const int type = *typeOf((*body)["type"]);
    const bool registered = body->value("insurance", false);
    std::optional<std::string> pmhId;
    if (const Json& pmh = body->value("pmh_id", Json()); pmh.is_string() && !pmh.get<std::string>().empty())
        pmhId = pmh.get<std::string>();

    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto before = ctx.db().queryOne("SELECT type FROM testdata_links WHERE institution = ? AND serial = ?",
                                    ctx.institutionCode(), s);
    if (!before) return before.error();
    // A new link starts the card's registration over: the reader's 保険証利用登録 (and type 6's time-out) runs
    // again unless 《保険証登録する》 registers it now (OQ-40).
    auto up = ctx.db().exec(
        "INSERT INTO testdata_links(institution, serial, type, registered, registrations, pmh_id, linked_by, "
        "linked_ms) "
        "VALUES(?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT(institution, serial) DO UPDATE SET type = excluded.type, "
        "registered = excluded.registered, registrations = 0, pmh_id = excluded.pmh_id, "
        "linked_by = excluded.linked_by, linked_ms = excluded.linked_ms",
        ctx.institutionCode(), s, type, registered ? 1 : 0, pmhId, ctx.userId(), ctx.nowMs());
    if (!up) return up.error();
    const bool replaced = !before->is_null();
    if (auto a = ctx.audit("testdata.link", {{"serial", s},
                                             {"type", type},
                                             {"insurance_registered", registered},
                                             {"pmh_id", pmhId ? Json(*pmhId) : Json()},
                                             {"replaced", replaced}});
        !a)
        return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    // MSG-T02a / MSG-T02b: the completion names the insurance-card registration when it was made now.
    Json message = registered ? L("紐付登録が完了しました。保険証利用登録も完了しています。",
                                  "The card is linked and registered for insurance-card use.")
                              : L("紐付登録が完了しました。", "The card is linked.");
    return oqs::Response::json({{"message", message}, {"replaced", replaced}, {"reload", true}});
}

oqs::Response list(oqs::Ctx& ctx, const oqs::Request& req) {
    auto page = ctx.db().page(
        req, "SELECT serial, type, registered, pmh_id, linked_ms FROM testdata_links WHERE institution = ?",
        "ORDER BY linked_ms DESC, serial", ctx.institutionCode());
    if (!page) return page.error();
    for (auto& r : (*page)["rows"]) {
        const QualType* t = qualType(int(r.value("type", 0)));
        r["type_label"] = t ? t->ja : "";
        r["insurance"] = r.value("registered", 0) != 0 ? "登録済" : "未登録";
        if (!r["pmh_id"].is_string()) r["pmh_id"] = "";
        r["linked_at"] = oqs::dates::japanDateTime(r.value("linked_ms", int64_t(0)));
    }
    return oqs::Response::json(*page);
}

oqs::Response deleteAll(oqs::Ctx& ctx, const oqs::Request&) {
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto n = ctx.db().exec("DELETE FROM testdata_links WHERE institution = ?", ctx.institutionCode());
    if (!n) return n.error();
    // A card linked again later is new test data: it starts consented.
    auto r = ctx.db().exec("DELETE FROM testdata_revocations WHERE institution = ? AND subject LIKE 'link:%'",
                           ctx.institutionCode());
    if (!r) return r.error();
    if (auto a = ctx.audit("testdata.links_deleted", {{"links", *n}}); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return oqs::Response::json(
        {{"message", L("紐付けテストデータを削除しました。", "The linked test data was deleted.")},
         {"deleted", *n},
         {"reload", true}});
}

}  // namespace

Json linkForm() {
    return P::form("link", {
                               serialField("serial"),
                               typeField("type", L("テスト用資格情報", "Test qualification")),
                               P::Field("insurance", "checkbox", L("保険証登録する", "Register as insurance card"))
                                   .value(false)
                                   .hint(L("顔認証付きカードリーダーがない場合にチェックしてください。",
                                           "Tick when no face-authentication card reader is available.")),
                               P::Field("pmh_id", "text", L("PMH-ID（任意）", "PMH-ID (optional)"))
                                   .max(32)
                                   .pattern("^[0-9A-Za-z]*$")
                                   .message(L("PMH-IDは半角英数字32文字以内で入力してください。",
                                              "Enter the PMH-ID in up to 32 half-width letters and digits.")),
                           });
}

void registerLinks(oqs::Plugin& p) {
    namespace S = oqs::schema;
    const Json row = S::object({{"serial", S::string()},
                                {"type", S::integer("test qualification type, 1–14")},
                                {"type_label", S::string()},
                                {"registered", S::integer("1 when registered for insurance-card use")},
                                {"insurance", S::string("登録済 or 未登録")},
                                {"pmh_id", S::string()},
                                {"linked_ms", S::integer()},
                                {"linked_at", S::string("Japan time")}});
    p.route("POST", "/links", {oqs::kAdmin}, link, "Link a test card's serial number to a test qualification (upsert)")
        .accepts(linkForm())
        .answers(S::object({{"message", S::message()}, {"replaced", S::boolean()}, {"reload", S::boolean()}}));
    p.route("GET", "/links", {oqs::kAdmin}, list, "The institution's linked test cards, newest first")
        .query(S::paged(Json::array(), 500))
        .answers(S::page(row));
    p.route("DELETE", "/links", {oqs::kAdmin}, deleteAll, "Delete every linked test card of the institution")
        .answers(S::object({{"message", S::message()}, {"deleted", S::integer()}, {"reload", S::boolean()}}));
}

}  // namespace testdata
