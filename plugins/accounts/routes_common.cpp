#include "accounts.hpp"

#include "dates.hpp"
#include "hierarchy.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>

namespace oqs::accounts {

using oqs::panel::L;

Json accountRow(const Json& a) {
    std::string kind = a.value("kind", "");
    bool valid = a.value("valid", true), locked = a.value("locked", false);
    std::string end = a.contains("end_date") && a["end_date"].is_string() ? a["end_date"].get<std::string>() : "";
    return {{"user_id", a.value("user_id", "")},
            {"kind", kind},
            {"kind_label", std::string(kindLabelJa(kind))},
            {"name", a.value("name", "")},
            {"kana", a.value("kana", "")},
            {"valid", valid},
            {"valid_label", valid ? "有効" : "無効"},
            {"locked", locked},
            {"lock_label", locked ? "ロック中" : "なし"},
            {"start_date", displayDate(a.value("start_date", ""))},
            {"end_date", displayDate(end)},
            {"initial_password", a.value("initial_password", false)}};
}

oqs::Result<Json> findAccount(oqs::Ctx& ctx, const std::string& userId) {
    auto a = ctx.call("account.get", {{"user_id", userId}});
    if (!a) {
        if (a.error().status == 404) return error(404, "accounts.not_found");
        return a.error();
    }
    return *a;
}

oqs::Error fromHost(const oqs::Error& e) {
    if (e.code == "identity.user_id.taken") {
        auto taken = error(409, "accounts.user_id.taken");
        return taken.field("user_id", taken.message, taken.messageEn);
    }
    if (e.code == "identity.forbidden") return refusal(e);
    if (e.code == "identity.not_found") return error(404, "accounts.not_found");
    return e;
}

oqs::Error inBothLanguages(oqs::Error e) {
    if (e.code.rfind("accounts.", 0) == 0 && e.code != "accounts.forbidden") {
        e.message = message(e.code, "ja");
        e.messageEn = message(e.code, "en");
    }
    return e;
}

std::string institutionKind(oqs::Ctx& ctx) {
    std::string kind = ctx.institutionKind();
    if (!kind.empty()) return kind;
    auto inst = ctx.call("institution.get");
    return inst ? inst->value("kind", "") : "";
}

std::string sheetPath(const std::string& userId) { return "/api/accounts/accounts/" + userId + "/sheet.pdf"; }

Json credentialAnswer(const std::string& messageKey, const std::string& userId, const Json& issued,
                      const std::string& token) {
    std::string password = issued.value("initial_password", "");
    std::string expiresIso = issued.value("initial_expires_at", "");
    auto expiresMs = parseIsoUtc(expiresIso);
    std::string expires = expiresMs ? jstDateTime(*expiresMs) : expiresIso;
    // The token rides in the query string: the host's access log records paths only (sheet_token.hpp).
    std::string download = sheetPath(userId) + "?token=" + token;
    return {
        {"message", label(messageKey)},
        {"user_id", userId},
        {"initial_password", password},
        {"initial_expires_at", expiresIso},
        {"show",
         Json::array({{{"label", L("ユーザID", "User ID")}, {"value", userId}},
                      {{"label", L("初期パスワード", "Initial password")}, {"value", password}, {"secret", true}},
                      {{"label", L("初期パスワード有効期限", "Valid until")}, {"value", expires}}})},
        {"actions",
         Json::array({oqs::panel::Action("sheet", L("ダウンロード", "Download")).call("GET", download).download()})},
        {"sheet", download}};
}

}  // namespace oqs::accounts
