// The administrator's routes of ［アクティベーションコード管理］: issue (ACT-ISS), search (ACT-SRCH) and invalidate
// (ACT-INV). Every statement is limited to the caller's institution; codes are unique across all institutions by
// the table's primary key, and rows are never deleted, so a code is never issued twice (OQ-50).
#include "activation.hpp"

#include <algorithm>

namespace activation {

namespace {

using oqs::Ctx;
using oqs::Request;
using oqs::Response;

// The search conditions of the screen (ACT-SRCH), from a query string; defaults 全て and ☑ (§7.4).
struct Filter {
    std::string status = "all";  // all | unregistered | registered
    bool validOnly = true;
};

oqs::Result<Filter> readFilter(const Request& req) {
    Filter f;
    f.status = req.queryValue("status", "all");
    if (f.status != "all" && f.status != "unregistered" && f.status != "registered")
        return error(400, "status", req.lang);
    std::string v = req.queryValue("valid_only", "true");
    if (v == "true" || v == "1") f.validOnly = true;
    else if (v == "false" || v == "0") f.validOnly = false;
    else return error(400, "valid_only", req.lang);
    return f;
}

// One result row: raw values for rules (greyWhen, when) plus the labels the columns show.
Json resultRow(const Json& r, const std::string& lang) {
    bool en = lang == "en";
    bool registered = !r["registered_ms"].is_null();
    bool invalidated = !r["invalidated_ms"].is_null();
    Json row{{"code", r["code"]},
             {"memo", r["memo"]},
             {"registered", registered},
             {"invalidated", invalidated},
             {"status_label", registered ? (en ? "Registered" : "登録済み") : (en ? "Not registered" : "未登録")},
             {"invalidation_label", invalidated ? (en ? "Invalidated" : "無効化済み") : ""},
             {"updated_at", japanTime(r["updated_ms"].get<int64_t>())}};
    // Beyond the manual, second lines under three columns: when the device registered, which device and with
    // which account, who issued and who invalidated — what an administrator asks when a phone is lost.
    std::string registeredAt, device;
    if (registered) {
        std::string name = r["device_name"].is_string() ? r["device_name"].get<std::string>() : "";
        registeredAt = japanTime(r["registered_ms"].get<int64_t>());
        device = (en ? "Device: " : "端末：") + (name.empty() ? (en ? "(no name)" : "（名称なし）") : name) +
                 (en ? " (" : "（") + r["registered_by"].get<std::string>() + (en ? ")" : "）");
    }
    std::string who = (en ? "Issued: " : "発行：") + r["issued_by"].get<std::string>();
    if (invalidated) who += (en ? " / invalidated: " : "／無効化：") + r["invalidated_by"].get<std::string>();
    row["registered_detail"] = registeredAt;
    row["device_detail"] = device;
    row["history_detail"] = who;
    return row;
}

// GET /codes?status&valid_only&offset&limit — the results, newest 更新日時 first, a page at a time.
Response listCodes(Ctx& ctx, const Request& req) {
    auto f = readFilter(req);
    if (!f) return f.error();
    auto number = [&](const char* k, int64_t fallback) -> int64_t {
        try {
            return std::stoll(req.queryValue(k, std::to_string(fallback)));
        } catch (...) {
            return fallback;
        }
    };
    int64_t offset = std::max<int64_t>(0, number("offset", 0));
    int64_t limit = std::clamp<int64_t>(number("limit", 100), 1, 500);
    // The conditions combine with AND (OQ-66); each is either a constant test or "this column is (not) null",
    // written once with a bound switch so the SQL text stays fixed (and the same on PostgreSQL).
    const int64_t onlyUnregistered = f->status == "unregistered", onlyRegistered = f->status == "registered";
    const int64_t validOnly = f->validOnly;
    static const char* where =
        " FROM activation_codes WHERE institution = ? AND (? = 0 OR registered_ms IS NULL) "
        "AND (? = 0 OR registered_ms IS NOT NULL) AND (? = 0 OR invalidated_ms IS NULL)";
    std::string count = std::string("SELECT COUNT(*) AS n") + where;
    auto total = ctx.db().queryOne(count.c_str(), ctx.institutionCode(), onlyUnregistered, onlyRegistered, validOnly);
    if (!total) return total.error();
    std::string page = std::string(
                           "SELECT code, memo, issued_ms, issued_by, registered_ms, registered_by, "
                           "device_name, invalidated_ms, invalidated_by, updated_ms") +
                       where + " ORDER BY updated_ms DESC, issued_ms DESC, code DESC LIMIT ? OFFSET ?";
    auto rows =
        ctx.db().query(page.c_str(), ctx.institutionCode(), onlyUnregistered, onlyRegistered, validOnly, limit, offset);
    if (!rows) return rows.error();
    Json out{{"rows", Json::array()}, {"total", (*total)["n"]}};
    for (const auto& r : *rows) out["rows"].push_back(resultRow(r, req.lang));
    if (out["total"] == 0) out["message"] = text("none", req.lang);  // MSG-V06
    return Response::json(out);
}

// GET /search — 《検索》: checks the conditions and reopens the screen with them and its results area.
Response search(Ctx&, const Request& req) {
    auto f = readFilter(req);
    if (!f) return f.error();
    Json params{{"status", f->status}, {"valid_only", f->validOnly ? "true" : "false"}, {"searched", "1"}};
    return Response::json({{"goto", {{"panel", "activation.main"}, {"params", params}}}});
}

// POST /codes {"memo"?} — 《発行》 (ACT-ISS): a new 未登録, valid code, shown at the top of the results.
Response issue(Ctx& ctx, const Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    const Json memoValue = body->value("memo", Json(""));
    if (!memoValue.is_string() && !memoValue.is_null()) {
        auto e = error(400, "memo", req.lang);
        e.fields = {{"memo", e.message}};
        return e;
    }
    std::string memo = memoValue.is_string() ? memoValue.get<std::string>() : "";
    if (!acceptableText(memo, kMaxMemoChars)) {
        auto e = error(400, "memo", req.lang);
        e.fields = {{"memo", e.message}};
        return e;
    }
    if (!homeVisitOn(ctx)) return error(409, "home_visit_off", req.lang);  // ACT-01 / MSG-V05

    const int64_t now = ctx.nowMs();
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    std::string code;
    // A collision with any code ever issued (any institution, invalidated ones included) is refused by the primary
    // key and another code is drawn; with 10^12 codes a second draw is already rare.
    for (int attempt = 0; attempt < 8 && code.empty(); ++attempt) {
        std::string candidate = newCode();
        if (candidate.empty()) break;
        auto n = ctx.db().exec(
            "INSERT INTO activation_codes(code, institution, memo, issued_ms, issued_by, updated_ms) "
            "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING",
            candidate, ctx.institutionCode(), memo, now, ctx.userId(), now);
        if (!n) return n.error();
        if (*n == 1) code = candidate;
    }
    if (code.empty()) return error(500, "issue_failed", req.lang);
    if (auto a = ctx.audit("activation.code.issue", {{"code", code}, {"memo", memo}}); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    // Back to the screen with the initial conditions, so the new code is the first row (ACT-ISS step 5).
    return Response::json(
        {{"message", label("issued")},
         {"show",
          Json::array({{{"label", oqs::panel::L("アクティベーションコード", "Activation code")}, {"value", code}}})},
         {"code", code},
         {"goto",
          {{"panel", "activation.main"}, {"params", {{"status", "all"}, {"valid_only", "true"}, {"searched", "1"}}}}}},
        201);
}

// POST /codes/{code}/invalidate — 《無効化する》 (ACT-INV): for ever; 登録状況 is kept, 更新日時 becomes now.
Response invalidate(Ctx& ctx, const Request& req) {
    const std::string code = req.param("code");
    if (!isCode(code)) return error(404, "not_found", req.lang);
    const int64_t now = ctx.nowMs();
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto n = ctx.db().exec(
        "UPDATE activation_codes SET invalidated_ms = ?, invalidated_by = ?, updated_ms = ? "
        "WHERE code = ? AND institution = ? AND invalidated_ms IS NULL",
        now, ctx.userId(), now, code, ctx.institutionCode());
    if (!n) return n.error();
    if (*n == 0) {
        auto row = ctx.db().queryOne("SELECT invalidated_ms FROM activation_codes WHERE code = ? AND institution = ?",
                                     code, ctx.institutionCode());
        if (!row) return row.error();
        return row->is_null() ? error(404, "not_found", req.lang) : error(409, "already_invalidated", req.lang);
    }
    auto row = ctx.db().queryOne("SELECT registered_ms, device_name FROM activation_codes WHERE code = ?", code);
    if (!row) return row.error();
    Json detail{{"code", code}, {"registered", !(*row)["registered_ms"].is_null()}};
    if (auto a = ctx.audit("activation.code.invalidate", detail); !a) return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return Response::json({{"message", label("invalidated")}, {"reload", true}});
}

}  // namespace

void registerConsoleRoutes(oqs::Plugin& p) {
    using oqs::kAdmin;
    namespace S = oqs::schema;
    const Json text = S::string();
    const Json row = S::object({{"code", S::string("12 digits")},
                                {"memo", text},
                                {"registered", S::boolean()},
                                {"invalidated", S::boolean()},
                                {"status_label", text},
                                {"invalidation_label", text},
                                {"updated_at", S::string("Japan time, yyyy/mm/dd hh:mm")},
                                {"registered_detail", text},
                                {"device_detail", text},
                                {"history_detail", text}});
    Json page = S::page(row);
    page["properties"]["message"] = S::message();  // MSG-V06 when nothing matches
    const Json reopen = S::object({{"goto", S::object({{"panel", S::string()}, {"params", S::anyObject()}})}});
    p.route("GET", "/codes", {kAdmin}, listCodes, "The institution's activation codes (search results, paged)")
        .query(S::paged(conditionFields(), 500))
        .answers(page);
    p.route("GET", "/search", {kAdmin}, search, "Checks the search conditions and reopens the screen with them")
        .query(conditionFields())
        .answers(reopen);
    p.route("POST", "/codes", {kAdmin}, issue, "Issues an activation code (MSG-V01 → MSG-V02)")
        .accepts(issueFields())
        .answers(S::object({{"message", S::message()},
                            {"show", S::array(S::object({{"label", S::label()}, {"value", S::string()}}))},
                            {"code", S::string("12 digits")},
                            {"goto", S::object({{"panel", S::string()}, {"params", S::anyObject()}})}}),
                 201);
    p.route("POST", "/codes/{code}/invalidate", {kAdmin}, invalidate, "Invalidates a code for ever (MSG-V03 → MSG-V04)",
            oqs::Body::None)
        .answers(S::object({{"message", S::message()}, {"reload", S::boolean()}}));
}

}  // namespace activation
