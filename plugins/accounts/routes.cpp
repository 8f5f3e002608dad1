// routes.cpp — register (ACC-REG), search (§2.7), read one account, and the account settings sheet (PDF).
#include "accounts.hpp"

#include "api_spec.hpp"

#include "dates.hpp"
#include "field_check.hpp"
#include "forms.hpp"
#include "messages.hpp"
#include "pdf.hpp"
#include "search_answer.hpp"
#include "search_query.hpp"
#include "sheet_token.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

namespace {

using oqs::Request;
using oqs::Response;

const Kinds kManagers{kMaster, kAdmin};
const Kinds kSearchers{kMaster, kMasterReset, kAdmin};

Response registerAccount(Ctx& ctx, const Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    auto account = readNewAccount(*body, institutionKind(ctx));
    if (!account) return account.error();
    // The account, its audit row (written by the host) and the sheet token commit together or not at all. The
    // host refuses a kind the caller may not register, naming the rule (fromHost).
    auto tx = ctx.db().transaction();
    Json in{{"kind", account->kind},
            {"user_id", account->userId},
            {"name", account->name},
            {"kana", account->kana},
            {"start_date", account->startDate}};
    if (account->endDate) in["end_date"] = *account->endDate;
    auto issued = ctx.call("account.create", in);
    if (!issued) return fromHost(issued.error());
    auto token = issueSheetToken(ctx, account->userId,
                                 {issued->value("initial_password", ""), issued->value("initial_expires_at", "")});
    if (!token) return token.error();
    if (auto c = tx.commit(); !c) return c.error();
    return Response::json(credentialAnswer("done.register", account->userId, *issued, *token), 201);
}

Response searchAccounts(Ctx& ctx, const Request& req) {
    auto in = searchInput(req.query, req.lang);
    if (!in) return in.error();
    // The host narrows the search to the caller's scope (§2.2.3) and to the kind asked for, if any, and hands the
    // page over as rows: the answer is written from its columns, with no JSON per account in between.
    auto found = ctx.rows("account.search", *in);
    if (!found) return fromHost(found.error());
    auto body = searchAnswer(ctx, *found, (*in)["limit"].get<int64_t>());
    if (!body) return body.error();
    Response answer;
    answer.body = std::move(*body);
    return answer;
}

// 《検索》: checks the conditions, then opens the account when exactly one matches (ACC-SRCH-01) or the search
// panel again with the conditions as its parameters, which fills the form and lists the results.
Response runSearch(Ctx& ctx, const Request& req) {
    auto in = searchInput(req.query, req.lang);
    if (!in) return in.error();
    Json params = Json::object();
    for (const char* key : {"kind", "user_id", "name", "kana", "valid", "locked", "start_date", "end_date"})
        if (auto v = req.queryValue(key); !v.empty()) params[key] = v;
    params["searched"] = "1";
    Json probe = *in;
    probe["limit"] = 2;
    probe["offset"] = 0;
    auto found = ctx.call("account.search", probe);
    if (!found) return fromHost(found.error());
    if ((*found)["total"] == 1)
        return Response::json(
            {{"goto", {{"panel", "accounts.edit"}, {"params", {{"user_id", (*found)["rows"][0]["user_id"]}}}}}});
    return Response::json({{"goto", {{"panel", "accounts.search"}, {"params", params}}}});
}

Response readAccount(Ctx& ctx, const Request& req) {
    auto a = findAccount(ctx, req.param("user_id"));
    if (!a) return a.error();
    return Response::json(accountRow(*a));
}

// The sheet carries the initial password, which exists in clear only inside the one-time token (sheet_token.hpp).
Response accountSheet(Ctx& ctx, const Request& req) {
    std::string userId = req.param("user_id");
    auto a = findAccount(ctx, userId);
    if (!a) return a.error();
    auto tx = ctx.db().transaction();
    auto secret = redeemSheetToken(ctx, userId, req.queryValue("token"));
    if (!secret) {
        (void)tx.commit();  // a used or expired token stays gone
        return inBothLanguages(secret.error());
    }
    auto expires = parseIsoUtc(secret->initialExpiresAt);
    SheetData data{ctx.institutionCode(),
                   ctx.institutionName(),
                   std::string(kindLabelJa(a->value("kind", ""))),
                   userId,
                   a->value("name", ""),
                   a->value("kana", ""),
                   secret->initialPassword,
                   expires ? jstDateTime(*expires) : secret->initialExpiresAt,
                   displayDate(a->value("start_date", "")),
                   (*a)["end_date"].is_string() ? displayDate((*a)["end_date"].get<std::string>()) : "",
                   jstDateTime(ctx.nowMs())};
    auto pdf = renderAccountSheet(data);
    if (!pdf) return inBothLanguages(pdf.error());
    if (auto r = ctx.audit("accounts.sheet.download", {{"user_id", userId}}); !r) return r.error();
    if (auto c = tx.commit(); !c) return c.error();
    auto res = Response::file(std::move(*pdf), "application/pdf", sheetFileName(userId));
    res.headers["Cache-Control"] = "no-store";
    return res;
}

}  // namespace

void registerRoutes(Plugin& p) {
    p.route("POST", "/accounts", kManagers, registerAccount,
            "Register an account; answers its initial password once and a sheet download")
        .accepts(forms::registerFields(forms::allKinds(), kMed))
        .answers(api::credentialSchema(), 201);
    p.route("GET", "/accounts", kSearchers, searchAccounts, "Search the accounts the caller may manage")
        .query(schema::keysetPaged(forms::searchFields(forms::allKinds()), 1000))
        .answers(api::searchSchema());
    p.route("GET", "/search", kSearchers, runSearch, "Check search conditions; opens a single hit directly")
        .query(forms::searchFields(forms::allKinds()))
        .answers(api::gotoSchema());
    p.route("GET", "/accounts/{user_id}", kSearchers, readAccount, "Read one account").answers(api::accountSchema());
    p.route("GET", "/accounts/{user_id}/sheet.pdf", kSearchers, accountSheet,
            "The account settings sheet (PDF); needs the one-time token of a register or reset answer")
        .answersFile("application/pdf", 200, "the account settings sheet with the initial password");
}

}  // namespace oqs::accounts
