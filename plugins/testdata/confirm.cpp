// The consuming side (docs/testdata.md): the institution's face-authentication card reader and WebAPI system
// confirm the test qualifications set up on the screen, register a card for insurance-card use, and revoke a
// viewing consent. Credential routes: each request carries the device account's own password (HTTP Basic), so the
// institution is the account's and nothing of another institution is reachable.
#include "testdata.hpp"

#include <oqs/insurer.hpp>
#include <oqs/text.hpp>

#include <cstdio>

namespace testdata {

namespace {

const oqs::Kinds kDevices{oqs::kFace, oqs::kWebapi};  // the institution's card reader and WebAPI system

// One test subject a device can ask about: a linked card (①) or a registered record (③).
struct Subject {
    std::string key;  // the consent subject
    const QualType* type = nullptr;
    Person who;
    Identifiers ids;
    bool registered = true;  // registered for insurance-card use
    int64_t registrations = 0;
    bool isLink = false;
};

std::string digits8(uint64_t v) {
    char out[32];
    std::snprintf(out, sizeof out, "%08llu", (unsigned long long)(v % 100000000ULL));
    return out;
}

Subject fromLink(const oqs::Ctx& ctx, const std::string& serial, const Json& row) {
    Subject s;
    s.key = linkSubject(serial);
    s.type = qualType(int(row.value("type", 0)));
    const uint64_t seed = seedOf(ctx.institutionCode() + ":card:" + serial);
    s.who = person(seed);
    s.ids = identifiers(seed, digits8(seed), "00");
    s.registered = row.value("registered", 0) != 0;
    s.registrations = row.value("registrations", int64_t(0));
    s.isLink = true;
    return s;
}

Subject fromRecord(const oqs::Ctx& ctx, const Json& row) {
    Subject s;
    const std::string number = row.value("number", ""), branch = row.value("branch", "");
    s.key = recordSubject(row.value("seq", int64_t(0)), branch);
    s.type = qualType(int(row.value("type", 0)));
    // The same seeds as at registration (records.cpp), so the answer matches the screen's table.
    s.who = person(seedOf(ctx.institutionCode() + ":" + number + ":" + branch));
    s.ids = identifiers(seedOf(ctx.institutionCode() + ":" + number), number, branch);
    return s;
}

const char* kRecordColumns = "SELECT seq, branch, type, number FROM testdata_records WHERE institution = ? ";

// A linked card first, then a 救急医療テスト-style record registered with that serial.
oqs::Result<std::optional<Subject>> byCard(const oqs::Ctx& ctx, const std::string& serial) {
    auto link = ctx.db().queryOne(
        "SELECT type, registered, registrations FROM testdata_links WHERE institution = ? AND serial = ?",
        ctx.institutionCode(), serial);
    if (!link) return link.error();
    if (!link->is_null()) return std::optional(fromLink(ctx, serial, *link));
    auto rec = ctx.db().queryOne((std::string(kRecordColumns) + "AND serial = ? ORDER BY seq DESC, branch").c_str(),
                                 ctx.institutionCode(), serial);
    if (!rec) return rec.error();
    if (rec->is_null()) return std::optional<Subject>();
    return std::optional(fromRecord(ctx, *rec));
}

// By 保険者番号 + 記号 + 番号 (+ 枝番; without it the lowest branch, the insured person himself).
oqs::Result<std::optional<Subject>> byInsurance(const oqs::Ctx& ctx, const Json& body) {
    const std::string insurer = body.value("insurer_number", ""), symbol = body.value("symbol", ""),
                      number = body.value("number", ""), branch = body.value("branch", "");
    auto rec =
        branch.empty()
            ? ctx.db().queryOne(
                  (std::string(kRecordColumns) + "AND insurer_number = ? AND symbol = ? AND number = ? ORDER BY branch")
                      .c_str(),
                  ctx.institutionCode(), insurer, symbol, number)
            : ctx.db().queryOne(
                  (std::string(kRecordColumns) + "AND insurer_number = ? AND symbol = ? AND number = ? AND branch = ?")
                      .c_str(),
                  ctx.institutionCode(), insurer, symbol, number, branch);
    if (!rec) return rec.error();
    if (rec->is_null()) return std::optional<Subject>();
    return std::optional(fromRecord(ctx, *rec));
}

// The identifiers a device sends, as a form spec: the same checks as a screen's form (oqs/form.hpp).
const Json& insuranceForm() {
    namespace P = oqs::panel;
    using P::L;
    static const Json form = P::form(
        "insurance", {
                         P::Field("insurer_number", "text", L("保険者番号", "Insurer number"))
                             .required()
                             .pattern("^([0-9]{6}|[0-9]{8})$")
                             .message(L("保険者番号は検証番号を含む6桁または8桁の半角数字で入力してください。",
                                        "Enter the insurer number as 6 or 8 digits including its check digit.")),
                         P::Field("symbol", "text", L("記号", "Symbol")).required().max(20),
                         P::Field("number", "text", L("番号", "Number")).required().max(20),
                         P::Field("branch", "text", L("枝番", "Branch"))
                             .pattern("^([0-9]{2})?$")
                             .message(L("枝番は2桁の半角数字で入力してください。", "Enter the branch as two digits.")),
                     });
    return form;
}

// The identifiers checked by the spec, and the insurer number's check digit once its shape is right.
oqs::Result<Json> insuranceBody(const oqs::Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    Json problems = oqs::form::checkForm(insuranceForm()["fields"], *body);
    if (!problems.contains("insurer_number") && !oqs::validInsurerNumber(body->value("insurer_number", "")))
        problems["insurer_number"] = {{"ja", "保険者番号の検証番号が正しくありません。"},
                                      {"en", "The insurer number's check digit is wrong."}};
    if (!problems.empty()) return oqs::formError(req, problems);
    return body;
}

oqs::Error unknownCard() {
    return oqs::notFound("testdata.card_unknown", "このシリアル番号に紐付いたテスト用データはありません。");
}
oqs::Error unknownInsured() {
    return oqs::notFound("testdata.insured_unknown", "該当するテスト用資格情報はありません。");
}

oqs::Response answer(const oqs::Ctx& ctx, const Subject& s) {
    if (!s.type) return oqs::Error{500, "testdata.type", "stored test type is unknown", {}};
    if (!s.registered)  // the card still needs 保険証利用登録 on the reader (OQ-40)
        return oqs::Response::json({{"result", "registration_required"}, {"message", "保険証利用登録が必要です。"}});
    auto r = revoked(ctx, s.key);
    if (!r) return r.error();
    return oqs::Response::json({{"result", "ok"},
                                {"qualification", qualificationAnswer(*s.type, s.who, s.ids)},
                                {"consent", *r ? "revoked" : "consented"}});
}

oqs::Response confirmCard(oqs::Ctx& ctx, const oqs::Request& req) {
    const std::string serial = req.param("serial");
    if (auto m = checkSerial(serial, req.lang); !m.empty()) return oqs::badRequest("testdata.serial_invalid", m);
    auto s = byCard(ctx, serial);
    if (!s) return s.error();
    if (!*s) return unknownCard();
    return answer(ctx, **s);
}

oqs::Response confirmInsurance(oqs::Ctx& ctx, const oqs::Request& req) {
    auto body = insuranceBody(req);
    if (!body) return body.error();
    auto s = byInsurance(ctx, *body);
    if (!s) return s.error();
    if (!*s) return unknownInsured();
    return answer(ctx, **s);
}

// 保険証利用登録 on the reader. Type 6 simulates the reader's time-out on the first registration: the registration
// is made (and kept), but the reader is told it timed out; its next confirmation answers the valid qualification.
oqs::Response registerCard(oqs::Ctx& ctx, const oqs::Request& req) {
    const std::string serial = req.param("serial");
    if (auto m = checkSerial(serial, req.lang); !m.empty()) return oqs::badRequest("testdata.serial_invalid", m);
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto s = byCard(ctx, serial);
    if (!s) return s.error();
    if (!*s || !(*s)->isLink) return unknownCard();
    if ((*s)->registered) return oqs::Response::json({{"result", "already_registered"}});
    auto up = ctx.db().exec(
        "UPDATE testdata_links SET registered = 1, registrations = registrations + 1 WHERE institution = ? AND serial "
        "= ?",
        ctx.institutionCode(), serial);
    if (!up) return up.error();
    const bool timeout = (*s)->type && (*s)->type->firstRegTimeout && (*s)->registrations == 0;
    if (auto a = ctx.audit("testdata.card_registered", {{"serial", serial}, {"simulated_timeout", timeout}}); !a)
        return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    if (timeout)
        return oqs::Response::json(
            {{"result", "registration_timeout"},
             {"message", "保険証利用登録の応答がタイムアウトしました。再度資格確認を行ってください。"}});
    return oqs::Response::json({{"result", "registered"}});
}

// 同意取消: the subject by card serial or by insurance identifiers.
oqs::Response revoke(oqs::Ctx& ctx, const oqs::Request& req) {
    auto raw = req.json();
    if (!raw) return raw.error();
    oqs::Result<std::optional<Subject>> s = std::optional<Subject>();
    if (raw->contains("serial")) {
        const Json serial = (*raw)["serial"];
        if (!serial.is_string()) return oqs::badRequest("testdata.serial_invalid", checkSerial("", req.lang));
        if (auto m = checkSerial(serial.get<std::string>(), req.lang); !m.empty())
            return oqs::badRequest("testdata.serial_invalid", m);
        s = byCard(ctx, serial.get<std::string>());
        if (s && !*s) return unknownCard();
    } else {
        auto body = insuranceBody(req);
        if (!body) return body.error();
        s = byInsurance(ctx, *body);
        if (s && !*s) return unknownInsured();
    }
    if (!s) return s.error();
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto ins = ctx.db().exec(
        "INSERT INTO testdata_revocations(institution, subject, revoked_by, revoked_ms) VALUES(?, ?, ?, ?) "
        "ON CONFLICT(institution, subject) DO NOTHING",
        ctx.institutionCode(), (*s)->key, ctx.userId(), ctx.nowMs());
    if (!ins) return ins.error();
    if (auto a = ctx.audit("testdata.consent_revoked", {{"subject", (*s)->key}}); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return oqs::Response::json({{"result", "revoked"}, {"consent", "revoked"}});
}

}  // namespace

void registerConfirm(oqs::Plugin& p) {
    namespace S = oqs::schema;
    const Json confirmation =
        S::object({{"result", S::oneOf({"ok", "registration_required"})},
                   {"message", S::string()},
                   {"qualification", S::anyObject("the test qualification; its members: docs/testdata.md")},
                   {"consent", S::oneOf({"consented", "revoked"})}},
                  {"message", "qualification", "consent"});
    p.credentialRoute("GET", "/qualifications/card/{serial}", kDevices, confirmCard,
                      "Qualification confirmation of a linked test card by its serial number")
        .answers(confirmation);
    p.credentialRoute("POST", "/qualifications/insurance", kDevices, confirmInsurance,
                      "Qualification confirmation by insurer number, symbol, number and branch")
        .accepts(insuranceForm())
        .answers(confirmation);
    p.credentialRoute("POST", "/cards/{serial}/registration", kDevices, registerCard,
                      "保険証利用登録 of a linked test card on the reader", oqs::Body::None)
        .answers(S::object({{"result", S::oneOf({"registered", "already_registered", "registration_timeout"})},
                            {"message", S::string()}},
                           {"message"}));
    p.credentialRoute("POST", "/consents/revoke", kDevices, revoke,
                      "Revoke the viewing consent of a test subject (同意取消)")
        .acceptsSchema(S::anyObject("either {\"serial\"} of a linked card, or the insurer_number, symbol, number and "
                                    "branch of POST /api/testdata/qualifications/insurance"))
        .answers(S::object({{"result", S::oneOf({"revoked"})}, {"consent", S::oneOf({"revoked"})}}));
}

}  // namespace testdata
