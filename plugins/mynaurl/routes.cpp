// The console's routes of ［医療機関別URL取得・変更］, administrators only (URL-04): the state of both services, the
// QR code as PNG and PDF, and the three operations. Every route works on the caller's institution only (every
// query has WHERE institution = ctx.institutionCode()) and refuses a service whose setting is off (OQ-49).
#include "mynaurl.hpp"

namespace mynaurl {

namespace {

using oqs::Json;
using oqs::panel::L;

// The service named in the path, switched on; else 404 mynaurl.service_unknown or 409 mynaurl.service_off.
oqs::Result<const Service*> usableService(oqs::Ctx& ctx, const oqs::Request& req) {
    const Service* s = findService(req.param("service"));
    if (!s) return oqs::notFound("mynaurl.service_unknown", "指定されたサービスはありません。");
    auto values = currentSettings(ctx);
    if (!values) return values.error();
    if (!serviceOn(*s, *values)) return serviceOff(*s);
    return s;
}

oqs::Response listState(oqs::Ctx& ctx, const oqs::Request&) {
    auto values = currentSettings(ctx);
    if (!values) return values.error();
    Json out = Json::array();
    for (const auto& s : services()) {
        Json one{{"service", s.id}, {"name", L(s.nameJa, s.nameEn)}, {"enabled", serviceOn(s, *values)}};
        if (one["enabled"] == true) {
            auto st = ensureState(ctx, s);
            if (!st) return st.error();
            one["url"] = urlFor(ctx, st->current);
            one["can_revert_previous"] = st->canRevertPrevious();
            one["can_revert_first"] = st->canRevertFirst();
        }
        out.push_back(std::move(one));
    }
    return oqs::Response::json({{"services", out}});
}

oqs::Response downloadPng(oqs::Ctx& ctx, const oqs::Request& req) {
    auto s = usableService(ctx, req);
    if (!s) return s.error();
    auto st = ensureState(ctx, **s);
    if (!st) return st.error();
    auto png = qrPng(urlFor(ctx, st->current));
    if (!png) return png.error();
    return oqs::Response::file(std::move(*png), "image/png", qrFileName(ctx.institutionCode(), **s, "png"));
}

oqs::Response downloadPdf(oqs::Ctx& ctx, const oqs::Request& req) {
    auto s = usableService(ctx, req);
    if (!s) return s.error();
    auto st = ensureState(ctx, **s);
    if (!st) return st.error();
    auto face = publicFace(ctx, ctx.institutionCode());
    if (!face) return face.error();
    auto pdf = qrPdf(face->displayName, (*s)->nameJa, urlFor(ctx, st->current));
    if (!pdf) return pdf.error();
    return oqs::Response::file(std::move(*pdf), "application/pdf", qrFileName(ctx.institutionCode(), **s, "pdf"));
}

struct OperationText {
    Operation op;
    const char* checkbox;  // the form's checkbox after "<service>_"
    const char* doneJa;
    const char* doneEn;
};

// One of the three operations. The body is the section's form: its checkbox must be ticked (URL-R3), so a stray
// request (a double click, a replayed call) changes nothing.
oqs::Response operate(oqs::Ctx& ctx, const oqs::Request& req, const OperationText& t) {
    auto body = req.json();
    if (!body) return body.error();
    auto s = usableService(ctx, req);
    if (!s) return s.error();
    const std::string box = (*s)->id + "_" + t.checkbox;
    if (body->value(box, Json()) != true)
        return oqs::badRequest("mynaurl.not_confirmed", "チェックボックスにチェックを付けてから操作してください。",
                               {{box, "チェックを付けてください。"}});
    auto next = runOperation(ctx, **s, t.op);
    if (!next) return next.error();
    // reload: the screen is built again, so it shows the new URL and QR code with every checkbox cleared.
    return oqs::Response::json(
        {{"message", L(t.doneJa, t.doneEn)}, {"reload", true}, {"url", urlFor(ctx, next->current)}});
}

}  // namespace

void registerRoutes(oqs::Plugin& p) {
    const oqs::Kinds admin = {oqs::kAdmin};
    namespace S = oqs::schema;
    // An operation's body is its section's form; the one member that matters is named after the service in the
    // path, so the schema states it in words.
    const auto confirmed = [](const char* box) {
        return S::anyObject(std::string("the section's form; \"<service>_") + box +
                            "\" must be true (the screen's checkbox), else 400 mynaurl.not_confirmed");
    };
    const Json done = S::object({{"message", S::message()}, {"reload", S::boolean()}, {"url", S::string()}});
    p.route("GET", "/urls", admin, listState, "Both services: switched on, current URL, which operations would act")
        .answers(S::object({{"services", S::array(S::object({{"service", S::string()},
                                                             {"name", S::label()},
                                                             {"enabled", S::boolean()},
                                                             {"url", S::string("only when enabled")},
                                                             {"can_revert_previous", S::boolean()},
                                                             {"can_revert_first", S::boolean()}},
                                                            {"url", "can_revert_previous", "can_revert_first"}))}}));
    p.route("GET", "/{service}/png", admin, downloadPng, "The current URL's QR code as PNG (OQ-48)")
        .answersFile("image/png", 200, "the QR code of the current URL, at least 300 px");
    p.route("GET", "/{service}/pdf", admin, downloadPdf, "The current URL's QR code on an A4 PDF (OQ-48)")
        .answersFile("application/pdf", 200, "A4: the institution's name, the QR code and the URL");
    p.route(
         "POST", "/{service}/change", admin,
         [](oqs::Ctx& c, const oqs::Request& r) {
             return operate(c, r, {Operation::Change, "change", kChangeDoneJa, "The URL was changed."});
         },
         "A new URL; the current one stops working (URL-CHG)")
        .acceptsSchema(confirmed("change"))
        .answers(done);
    p.route(
         "POST", "/{service}/revert-previous", admin,
         [](oqs::Ctx& c, const oqs::Request& r) {
             return operate(c, r,
                            {Operation::RevertPrevious, "revert_previous", kPreviousDoneJa,
                             "The URL was returned to the previous one."});
         },
         "Back to the URL before the last operation (URL-PREV)")
        .acceptsSchema(confirmed("revert_previous"))
        .answers(done);
    p.route(
         "POST", "/{service}/revert-first", admin,
         [](oqs::Ctx& c, const oqs::Request& r) {
             return operate(
                 c, r,
                 {Operation::RevertFirst, "revert_first", kFirstDoneJa, "The URL was returned to the first one."});
         },
         "Back to the first URL (URL-FIRST)")
        .acceptsSchema(confirmed("revert_first"))
        .answers(done);
}

}  // namespace mynaurl
