// bulk_job.cpp — the bulk-registration job (SPEC.md §2.15): one transaction for the whole file (the host opens
// it around run_job), so a crash or a system error leaves nothing registered; the result file is stored in the
// same transaction.
#include "bulk.hpp"

#include "bulk_file.hpp"

namespace oqs::accounts::bulk {

namespace {

constexpr int kProgressEvery = 50;

oqs::Status storeResult(oqs::Ctx& ctx, int64_t upload, const std::string& encoding, const std::string& file) {
    auto s = ctx.db().prepare("UPDATE accounts_bulk_uploads SET file = NULL, result = ?, result_encoding = ? "
                              "WHERE id = ? AND institution = ?");
    if (!s) return s.error();
    s->bindBlob(1, file.data(), file.size());
    s->bind(2, encoding);
    s->bind(3, upload);
    s->bind(4, ctx.institutionCode());
    while (s->step()) {}
    if (s->failed()) return oqs::Error{500, "host.storage", "could not store the result file", {}};
    return oqs::Ok{};
}

}  // namespace

oqs::Result<Json> run(oqs::Ctx& ctx, const Json& payload) {
    int64_t upload = payload.value("upload", int64_t(0));
    auto s = ctx.db().prepare("SELECT file FROM accounts_bulk_uploads WHERE id = ? AND institution = ?");
    if (!s) return s.error();
    s->bindAll(upload, ctx.institutionCode());
    if (!s->step() || s->isNull(0)) return oqs::Error{500, "accounts.bulk.missing", "the uploaded file is gone", {}};
    std::string bytes = s->text(0);

    auto checked = check(ctx, bytes);
    if (!checked) {
        if (checked.error().code != "accounts.bulk.structure") return checked.error();  // a system error
        if (auto r = storeResult(ctx, upload, "", ""); !r) return r.error();
        return Json{{"status", "structure_error"}, {"message", checked.error().message}};
    }
    size_t total = checked->rows.size();
    Json counts{{"processed", total}, {"errors", checked->errors}, {"duplicates", checked->duplicates}};
    if (checked->errors > 0) {  // all or nothing: no row of a file with an input error is registered
        if (auto r = storeResult(ctx, upload, checked->encoding, resultFile(*checked, {}, true)); !r) return r.error();
        counts["status"] = "input_error";
        counts["registered"] = 0;
        return counts;
    }
    std::vector<std::string> passwords(total + 2);
    size_t registered = 0, done = 0;
    for (const auto& row : checked->rows) {
        if (row.outcome == Outcome::Register) {
            const auto& a = row.account;
            Json in{{"kind", a.kind}, {"user_id", a.userId}, {"name", a.name}, {"kana", a.kana},
                    {"start_date", a.startDate}};
            if (a.endDate) in["end_date"] = *a.endDate;
            auto issued = ctx.call("account.create", in);
            if (!issued) return issued.error();  // checked a moment ago in this transaction: a system error
            passwords[row.number] = issued->value("initial_password", "");
            ++registered;
        }
        if (++done % kProgressEvery == 0 || done == total)
            (void)ctx.call("job.progress", {{"done", done}, {"total", total}});
    }
    if (auto r = storeResult(ctx, upload, checked->encoding, resultFile(*checked, passwords, false)); !r)
        return r.error();
    counts["status"] = checked->duplicates > 0 ? "duplicates" : "done";
    counts["registered"] = registered;
    return counts;
}

}  // namespace oqs::accounts::bulk
