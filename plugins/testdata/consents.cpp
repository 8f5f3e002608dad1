// ④ 閲覧同意情報初期化 (SPEC.md §4.6, OQ-41), and the revocation (同意取消) a device makes that it undoes. A revoked
// consent is one row per test subject; initialising deletes the institution's rows, which puts every subject back
// to 同意 (consented), the state it had before. Nothing to reset still completes.
#include "testdata.hpp"

namespace testdata {

namespace {

using oqs::panel::L;

oqs::Response reset(oqs::Ctx& ctx, const oqs::Request&) {
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto n = ctx.db().exec("DELETE FROM testdata_revocations WHERE institution = ?", ctx.institutionCode());
    if (!n) return n.error();
    if (auto a = ctx.audit("testdata.consents_reset", {{"consents", *n}}); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return oqs::Response::json(
        {{"message", L("閲覧同意情報を初期化しました。", "The viewing consents were initialised.")}, {"reset", *n}});
}

}  // namespace

std::string linkSubject(const std::string& serial) { return "link:" + serial; }
std::string recordSubject(int64_t seq, const std::string& branch) {
    return "record:" + std::to_string(seq) + "-" + branch;
}

oqs::Result<bool> revoked(const oqs::Ctx& ctx, const std::string& subject) {
    auto r = ctx.db().queryOne("SELECT 1 AS x FROM testdata_revocations WHERE institution = ? AND subject = ?",
                               ctx.institutionCode(), subject);
    if (!r) return r.error();
    return !r->is_null();
}

void registerConsents(oqs::Plugin& p) {
    namespace S = oqs::schema;
    p.route("POST", "/consents/reset", {oqs::kAdmin}, reset,
            "Put every revoked test viewing consent of the institution back to consented", oqs::Body::None)
        .answers(S::object({{"message", S::message()}, {"reset", S::integer("consents put back")}}));
}

}  // namespace testdata
