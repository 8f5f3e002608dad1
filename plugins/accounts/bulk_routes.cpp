// bulk_routes.cpp — upload (receipt at once), check without registering, the caller's last three jobs, the
// result file and the template.
#include "bulk.hpp"

#include "api_spec.hpp"
#include "bulk_file.hpp"
#include "dates.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>
#include <oqs/secrets.hpp>

#include <cstdio>

namespace oqs::accounts::bulk {

namespace {

using oqs::Request;
using oqs::Response;
using oqs::panel::L;

const Kinds kUploaders{kMaster, kAdmin};

std::string receiptNumber(int64_t jobId) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%08lld", static_cast<long long>(jobId));
    return buf;
}

std::string jst(const Json& iso) {
    if (!iso.is_string()) return "";
    auto ms = parseIsoUtc(iso.get<std::string>());
    return ms ? jstDateTime(*ms, true) : "";
}

// accounts.bulk.<key> with the texts of bulk.<key> in both languages (the host shows the caller's).
oqs::Error bulkError(int status, const std::string& key) {
    return {status, "accounts.bulk." + key, message("bulk." + key, "ja"), Json::object(), message("bulk." + key, "en")};
}

Response noFile() {
    auto e = bulkError(400, "no_file");
    return e.field("file", e.message, e.messageEn);
}

Response upload(Ctx& ctx, const Request& req) {
    if (req.body.empty()) return noFile();
    // ACC-BULK-04 / OQ-22: one waiting or running upload per institution. Asked first without the write lock, so
    // a second upload is refused at once while a job runs; job.enqueue asks again under the lock below.
    auto active = ctx.call("job.active", {{"kind", "bulk"}});
    if (!active) return active.error();
    if ((*active)["active"] == true) return bulkError(409, "busy");
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();  // the database stayed locked: 503, nothing stored or queued
    // Old uploads and result files go first: their initial passwords have expired (bulk.hpp).
    if (auto r = ctx.db().exec("DELETE FROM accounts_bulk_uploads WHERE institution = ? AND created_ms < ?",
                               ctx.institutionCode(), ctx.nowMs() - kKeepMs);
        !r)
        return r.error();
    auto s = ctx.db().prepare(
        "INSERT INTO accounts_bulk_uploads(institution, user_id, created_ms, bytes, file) "
        "VALUES(?,?,?,?,?)");
    if (!s) return s.error();
    s->bindAll(ctx.institutionCode(), ctx.userId(), ctx.nowMs(), int64_t(req.body.size()));
    s->bindBlob(5, req.body.data(), req.body.size());
    while (s->step()) {
    }
    if (s->failed()) return oqs::Error{500, "host.storage", "could not store the upload", {}};
    int64_t uploadId = ctx.db().lastInsertId();
    auto job = ctx.call("job.enqueue", {{"kind", "bulk"}, {"payload", {{"upload", uploadId}}}, {"exclusive", true}});
    if (!job) {
        if (job.error().code == "job.busy") return bulkError(409, "busy");
        return job.error();
    }
    if (auto c = tx.commit(); !c) return c.error();
    std::string receipt = receiptNumber((*job)["id"]), at = jst((*job)["created_at"]);
    return Response::json({{"id", (*job)["id"]},
                           {"receipt", receipt},
                           {"received_at", at},
                           {"message", label("bulk.accepted")},
                           {"show", Json::array({{{"label", L("受付番号", "Receipt number")}, {"value", receipt}},
                                                 {{"label", L("受付日時", "Received at")}, {"value", at}}})}},
                          202);
}

// 《チェック》: every row's problems at once, nothing queued or registered.
Response checkOnly(Ctx& ctx, const Request& req) {
    if (req.body.empty()) return noFile();
    auto checked = check(ctx, req.body);
    if (!checked) return checked.error();
    Json problems = Json::array(), show = Json::array();
    for (const auto& r : checked->rows) {
        if (r.outcome == Outcome::Register) continue;
        std::string kind = r.outcome == Outcome::Error ? "error" : "duplicate";
        problems.push_back({{"row", r.number}, {"kind", kind}, {"detail", r.detail}});
        if (show.size() < 200)
            show.push_back({{"label", L(std::to_string(r.number) + "行目", "Row " + std::to_string(r.number))},
                            {"value", (kind == "error" ? "エラー：" : "ID重複（登録されません）：") + r.detail}});
    }
    size_t rows = checked->rows.size();
    std::string summary = checked->errors == 0
                              ? "入力チェックエラーはありません（" + std::to_string(rows) + "件中、ID重複" +
                                    std::to_string(checked->duplicates) + "件）。"
                              : "入力チェックエラーが" + std::to_string(checked->errors) + "件あります（" +
                                    std::to_string(rows) + "件中）。修正してから登録してください。";
    std::string summaryEn = std::to_string(checked->errors) + " rows with errors, " +
                            std::to_string(checked->duplicates) + " duplicate IDs, of " + std::to_string(rows) + ".";
    return Response::json({{"rows", rows},
                           {"errors", checked->errors},
                           {"duplicates", checked->duplicates},
                           {"encoding", checked->encoding},
                           {"problems", problems},
                           {"message", L(summary, summaryEn)},
                           {"show", show}});
}

Json statusLabel(const Json& job) {
    std::string s = job.value("status", "");
    if (s == "queued") return L("登録待ち", "Waiting");
    if (s == "running") return L("登録中", "Registering");
    if (s == "failed") return L("登録失敗(システムエラー)", "Failed (system error)");
    std::string r = job["result"].is_object() ? job["result"].value("status", "") : "";
    if (r == "done") return L("登録完了", "Registered");
    if (r == "duplicates") return L("登録完了(一部ID重複あり)", "Registered (some duplicate IDs)");
    if (r == "input_error") return L("登録失敗(入力チェックエラー)", "Failed (input errors)");
    return L("登録失敗(ファイル構造エラー)", "Failed (file structure error)");
}

bool downloadable(const Json& job) {
    if (job.value("status", "") != "done" || !job["result"].is_object()) return false;
    std::string r = job["result"].value("status", "");
    return r == "done" || r == "duplicates" || r == "input_error";
}

Response listJobs(Ctx& ctx, const Request& req) {
    auto jobs = ctx.call("job.list", {{"kind", "bulk"}, {"mine", true}, {"limit", 3}});
    if (!jobs) return jobs.error();
    Json rows = Json::array();
    for (const auto& j : (*jobs)["rows"]) {
        Json label = statusLabel(j);
        std::string status = j.value("status", "");
        Json processed = "";
        if (status == "running" && j["progress"].is_object())
            processed = std::to_string(j["progress"].value("done", 0)) + " / " +
                        std::to_string(j["progress"].value("total", 0));
        else if (status == "done" && j["result"].contains("processed"))
            processed = std::to_string(j["result"]["processed"].get<int64_t>());
        std::string detail = j["result"].is_object() ? j["result"].value("message", "") : "";
        if (status == "failed")
            detail = req.lang == "en" ? "The job failed; please register the file again."
                                      : "処理に失敗しました。ファイルを確認し、再度登録してください。";
        rows.push_back({{"id", j["id"]},
                        {"receipt", receiptNumber(j["id"])},
                        {"status", label.value(req.lang == "en" && label.contains("en") ? "en" : "ja", "")},
                        {"received_at", jst(j["created_at"])},
                        {"finished_at", jst(j["finished_at"])},
                        {"processed", processed},
                        {"downloadable", downloadable(j)},
                        {"detail", detail}});
    }
    return Response::json({{"rows", rows}, {"total", rows.size()}});
}

Response downloadResult(Ctx& ctx, const Request& req) {
    int64_t id = std::atoll(req.param("id").c_str());
    auto job = ctx.call("job.get", {{"id", id}});
    // Another account's job is answered as missing: its file holds initial passwords (ACC-BRES-02, OQ-27).
    if (!job || job->value("user_id", "") != ctx.userId() || job->value("kind", "bulk") != "bulk")
        return bulkError(404, "not_found");
    if (!downloadable(*job)) return bulkError(409, "not_ready");
    auto row =
        ctx.db().queryOne("SELECT result, result_encoding FROM accounts_bulk_uploads WHERE id = ? AND institution = ?",
                          (*job)["payload"].value("upload", int64_t(0)), ctx.institutionCode());
    if (!row) return row.error();
    if (row->is_null() || !(*row)["result"].is_string()) return bulkError(404, "expired");
    // Sealed under the host's key (bulk.hpp); a file stored before sealing existed is served as it is.
    std::string file = (*row)["result"].get<std::string>();
    if (oqs::isSealed(file)) {
        auto plain = oqs::unseal(ctx, file);
        if (!plain) return plain.error();
        file = std::move(*plain);
    }
    if (auto a = ctx.audit("accounts.bulk.result_download", {{"job", id}}); !a) return a.error();
    std::string encoding = (*row)["result_encoding"].get<std::string>();
    auto res =
        Response::file(std::move(file), encoding == "cp932" ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8",
                       "アカウント一括登録結果_" + receiptNumber(id) + ".csv");
    res.headers["Cache-Control"] = "no-store";
    return res;
}

Response templateCsv(Ctx&, const Request& req) {
    bool sjis = req.queryValue("encoding") == "cp932";
    return Response::file(templateFile(sjis ? "cp932" : "utf-8-bom"),
                          sjis ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8",
                          sjis ? "アカウント一括登録用ファイル_SJIS.csv" : "アカウント一括登録用ファイル.csv");
}

}  // namespace

void registerRoutes(Plugin& p) {
    p.route("POST", "/bulk", kUploaders, upload, "Upload a bulk-registration file (raw CSV body); answers a receipt",
            Body::Raw, static_cast<long long>(kMaxBytes))
        .acceptsFile("text/csv", api::bulkFileDescription())
        .answers(api::bulkReceiptSchema(), 202);
    p.route("POST", "/bulk/check", kUploaders, checkOnly, "Check a bulk-registration file without registering",
            Body::Raw, static_cast<long long>(kMaxBytes))
        .acceptsFile("text/csv", api::bulkFileDescription())
        .answers(api::bulkCheckSchema());
    p.route("GET", "/bulk", kUploaders, listJobs, "The caller's last three bulk registrations, newest first")
        .answers(api::bulkJobsSchema());
    p.route("GET", "/bulk/{id}/result.csv", kUploaders, downloadResult, "The result file (uploader only; audited)")
        .answersFile("text/csv", 200, "the file as uploaded with each row's outcome and initial password");
    p.route("GET", "/bulk/template.csv", kUploaders, templateCsv, "The empty file to fill in (?encoding=cp932)")
        .query(api::templateQuery())
        .answersFile("text/csv", 200, "the header row only");
    p.job("bulk", run, oqs::JobMode::OwnTransactions);  // bulk_job.cpp: the write lock only for the inserts
}

}  // namespace oqs::accounts::bulk
