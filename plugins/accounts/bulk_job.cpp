// bulk_job.cpp — the bulk-registration job (SPEC.md §2.15). It runs in its own short transactions
// (JobMode::OwnTransactions): a 10,000-row file must not hold the database's write lock for the seconds its work
// takes, or every institution's logins and registrations wait behind it.
//  1. read the upload and check every row — reads only;
//  2. account.prepare_many: the host checks the hierarchy and its rules, generates the initial passwords and
//     hashes them — no writes;
//  3. account.stage_many, 1,000 rows a transaction: the accounts are written as pending — invisible to every
//     query, their IDs reserved;
//  4. one transaction stores the sealed result file and a checkpoint: the commit point;
//  5. account.activate_pending, 200 rows a transaction; the last one also records the outcome (job.complete).
// All or nothing, as the manual says: before 4, a failure or a crash registers nothing — the job discards its
// pending accounts (the host does if the job cannot), and a rerun starts over; from 4 on the job always finishes —
// a rerun resumes at 5, and no one can download the result file before the outcome is recorded.
// An ID that someone registered between 1 and 3 fails the staging; the file is then checked again (the row has
// become a duplicate) and registered without it.
#include "bulk.hpp"

#include "bulk_file.hpp"

#include <oqs/secrets.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace oqs::accounts::bulk {

namespace {

// Rows a transaction writes: staging inserts only the accounts (pending rows have no name pieces yet) and takes
// 1,000 at a time; registering also writes ~13 search pieces an account (host schema step 6), so it takes 200,
// which keeps every transaction well under the 100 ms another institution's request may wait (issue 18).
constexpr int64_t kRowsPerTransaction = 1000;
constexpr int64_t kRowsPerActivation = 200;
constexpr int kRetriesWhenTaken = 3;

// Between two of the job's transactions, so that waiting requests take the write lock first. Waiters try again
// every millisecond (host Connection::waitForLock), so 2 ms lets them in; 5 ms cost a 10,000-row job 40 × 5 ms.
void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

// In the caller's transaction: the sealed result file replaces the upload.
oqs::Status storeResult(oqs::Ctx& ctx, int64_t upload, const std::string& encoding, const std::string& sealed) {
    auto s = ctx.db().exec(
        "UPDATE accounts_bulk_uploads SET file = NULL, result = ?, result_encoding = ? "
        "WHERE id = ? AND institution = ?",
        sealed, encoding, upload, ctx.institutionCode());
    if (!s) return s.error();
    return oqs::Ok{};
}

// Every pending account this job wrote goes (an earlier, interrupted run's too).
oqs::Status discardPending(oqs::Ctx& ctx) {
    for (;;) {
        auto r = ctx.call("account.discard_pending", {{"limit", kRowsPerTransaction}});
        if (!r) return r.error();
        if ((*r)["left"] == 0) return oqs::Ok{};
        pause();
    }
}

// The file's outcome without registering anything: the result file (if any) and "done" in one transaction.
oqs::Result<Json> finishWithout(oqs::Ctx& ctx, int64_t upload, const std::string& encoding, const std::string& file,
                                const Json& counts) {
    std::string sealed;
    if (!file.empty()) {
        auto s = oqs::seal(ctx, file);
        if (!s) return s.error();
        sealed = *s;
    }
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    if (auto r = storeResult(ctx, upload, file.empty() ? "" : encoding, sealed); !r) return r.error();
    if (auto r = ctx.call("job.complete", {{"result", counts}}); !r) return r.error();
    if (auto c = tx.commit(); !c) return c.error();
    return counts;
}

// Step 5: registers the pending accounts; the transaction that registers the last ones records the outcome.
oqs::Result<Json> registerPending(oqs::Ctx& ctx, const Json& counts) {
    for (;;) {
        auto tx = ctx.db().transaction();
        if (!tx.ok()) return tx.error();
        auto r = ctx.call("account.activate_pending", {{"limit", kRowsPerActivation}});
        if (!r) return r.error();
        const bool last = (*r)["left"] == 0;
        if (last)
            if (auto c = ctx.call("job.complete", {{"result", counts}}); !c) return c.error();
        if (auto c = tx.commit(); !c) return c.error();
        if (last) return counts;
        pause();
    }
}

// Steps 2–4 for a file without input errors. An error named identity.user_id.taken means: check again.
oqs::Result<Json> stageAndCommit(oqs::Ctx& ctx, int64_t upload, const Checked& checked, Json counts) {
    Json accounts = Json::array();
    for (const auto& row : checked.rows) {
        if (row.outcome != Outcome::Register) continue;
        const auto& a = row.account;
        Json in{
            {"kind", a.kind}, {"user_id", a.userId}, {"name", a.name}, {"kana", a.kana}, {"start_date", a.startDate}};
        if (a.endDate) in["end_date"] = *a.endDate;
        accounts.push_back(std::move(in));
    }
    std::vector<std::string> passwords(checked.rows.size() + 2);
    if (!accounts.empty()) {
        auto prepared = ctx.call("account.prepare_many", {{"accounts", accounts}});
        if (!prepared) return prepared.error();  // checked a moment ago: a system error
        size_t next = 0;
        for (const auto& row : checked.rows)
            if (row.outcome == Outcome::Register)
                passwords[row.number] = (*prepared)["accounts"][next++].value("initial_password", "");
        for (Json offset = 0;;) {
            auto staged =
                ctx.call("account.stage_many",
                         {{"batch", (*prepared)["batch"]}, {"offset", offset}, {"limit", kRowsPerTransaction}});
            if (!staged) return staged.error();
            if ((*staged)["done"] == true) break;
            offset = (*staged)["next"];
            pause();
        }
    }
    auto sealed = oqs::seal(ctx, resultFile(checked, passwords, false));
    for (auto& p : passwords) std::fill(p.begin(), p.end(), '\0');
    if (!sealed) return sealed.error();
    counts["status"] = checked.duplicates > 0 ? "duplicates" : "done";
    counts["registered"] = accounts.size();

    auto tx = ctx.db().transaction();  // step 4, the commit point
    if (!tx.ok()) return tx.error();
    if (auto r = storeResult(ctx, upload, checked.encoding, *sealed); !r) return r.error();
    if (auto r = ctx.call("job.checkpoint", {{"state", {{"step", "register"}, {"counts", counts}}}}); !r)
        return r.error();
    if (auto c = tx.commit(); !c) return c.error();
    return counts;
}

}  // namespace

oqs::Result<Json> run(oqs::Ctx& ctx, const Json& payload) {
    auto resumed = ctx.call("job.resume");
    if (!resumed) return resumed.error();
    if (const Json& state = (*resumed)["state"]; state.is_object() && state.value("step", "") == "register")
        return registerPending(ctx, state["counts"]);  // interrupted after its commit point: it finishes

    int64_t upload = payload.value("upload", int64_t(0));
    auto s = ctx.db().prepare("SELECT file FROM accounts_bulk_uploads WHERE id = ? AND institution = ?");
    if (!s) return s.error();
    s->bindAll(upload, ctx.institutionCode());
    if (!s->step() || s->isNull(0)) return oqs::Error{500, "accounts.bulk.missing", "the uploaded file is gone", {}};
    const std::string bytes = s->text(0);
    s->reset();
    if (auto d = discardPending(ctx); !d) return d.error();  // what an interrupted run left

    for (int attempt = 0;; ++attempt) {
        auto checked = check(ctx, bytes, [&](size_t done, size_t total) {
            (void)ctx.call("job.progress", {{"done", done}, {"total", total}});
        });
        if (!checked) {
            if (checked.error().code != "accounts.bulk.structure") return checked.error();  // a system error
            Json counts{{"status", "structure_error"}, {"message", checked.error().message}};
            return finishWithout(ctx, upload, "", "", counts);
        }
        Json counts{
            {"processed", checked->rows.size()}, {"errors", checked->errors}, {"duplicates", checked->duplicates}};
        if (checked->errors > 0) {  // all or nothing: no row of a file with an input error is registered
            counts["status"] = "input_error";
            counts["registered"] = 0;
            return finishWithout(ctx, upload, checked->encoding, resultFile(*checked, {}, true), counts);
        }
        auto committed = stageAndCommit(ctx, upload, *checked, counts);
        if (committed) return registerPending(ctx, *committed);
        if (auto d = discardPending(ctx); !d) return d.error();
        if (committed.error().code != "identity.user_id.taken" || attempt >= kRetriesWhenTaken)
            return committed.error();
    }
}

}  // namespace oqs::accounts::bulk
