#include "api_spec.hpp"

#include "name_rules.hpp"

#include <oqs/api_schema.hpp>
#include <oqs/kinds.hpp>

namespace oqs::accounts::api {

namespace {
namespace S = oqs::schema;
using F = oqs::panel::Field;
using oqs::panel::L;

const char* kIdPattern = "^[0-9A-Za-z]*$";

F select(const std::string& id, Json label, const std::vector<std::string>& values) {
    F f(id, "select", std::move(label));
    for (const auto& v : values) f.option(v, L(v));
    return f;
}
std::vector<std::string> allKinds(bool withAll) {
    std::vector<std::string> out;
    if (withAll) out.emplace_back("all");
    for (auto k : kAccountKinds) out.emplace_back(k);
    return out;
}
}  // namespace

Json registerForm() {
    return Json::array({
        select("kind", L("権限区分", "Role"), allKinds(false))
            .required()
            .hint(L("", "The roles the caller may register depend on its own role (docs/accounts.md)")),
        F("user_id", "text", L("ユーザID", "User ID"))
            .required()
            .min(2)
            .max(8)
            .pattern(kIdPattern)
            .hint(L("", "2-8 letters and digits (3-8 for system accounts, with their prefix)")),
        F("name", "text", L("ユーザ名", "User name"))
            .required()
            .max(kMaxNameLength)
            .hint(L("", "Up to 20 full-width characters")),
        F("kana", "text", L("ユーザ名（カナ）", "User name (kana)"))
            .required()
            .max(kMaxKanaLength)
            .hint(L("", "Up to 40 full-width katakana")),
        F("start_date", "date", L("利用開始年月日", "Start date")).required(),
        F("end_date", "date", L("利用終了年月日", "End date")),
    });
}

Json searchForm() {
    return Json::array({
        select("kind", L("権限区分", "Role"), allKinds(true)),
        F("user_id", "text", L("ユーザID", "User ID")).max(8).pattern(kIdPattern),
        F("name", "text", L("ユーザ名", "User name")).max(kMaxNameLength).hint(L("", "Partial match")),
        F("kana", "text", L("ユーザ名（カナ）", "User name (kana)")).max(kMaxKanaLength).hint(L("", "Partial match")),
        select("valid", L("有効／無効", "Valid / invalid"), {"all", "valid", "invalid"}),
        select("locked", L("アカウントロック", "Account lock"), {"all", "none", "locked"}),
        F("start_date", "date", L("利用開始年月日", "Start date")),
        F("end_date", "date", L("利用終了年月日", "End date")),
    });
}

// Every member optional: what is sent is changed (field_check.cpp readPatch); the screen sends all of them.
Json updateForm() {
    return Json::array({
        F("name", "text", L("ユーザ名", "User name")).max(kMaxNameLength),
        F("kana", "text", L("ユーザ名（カナ）", "User name (kana)")).max(kMaxKanaLength),
        F("invalid", "checkbox", L("無効にする", "Invalid")),
        F("valid", "checkbox", L("有効", "Valid")).hint(L("", "For API clients: the opposite of invalid")),
        F("unlock", "checkbox", L("ロック解除", "Unlock")).hint(L("", "For API clients: true clears a lock")),
        select("locked", L("アカウントロック", "Account lock"), {"none", "locked"})
            .hint(L("", "Only locked → none (unlock) is allowed")),
        F("start_date", "date", L("利用開始年月日", "Start date")),
        F("end_date", "date", L("利用終了年月日", "End date")),
    });
}

Json accountSchema() {
    return S::object({{"user_id", S::string()},
                      {"kind", S::oneOf(allKinds(false))},
                      {"kind_label", S::string("権限区分 as the screens show it")},
                      {"name", S::string()},
                      {"kana", S::string()},
                      {"valid", S::boolean()},
                      {"valid_label", S::string()},
                      {"locked", S::boolean()},
                      {"lock_label", S::string()},
                      {"start_date", S::string("yyyy/mm/dd")},
                      {"end_date", S::string("yyyy/mm/dd, or empty")},
                      {"initial_password", S::boolean("the initial password has not been changed yet")}});
}

Json credentialSchema() {
    return S::object(
        {{"message", S::message()},
         {"user_id", S::string()},
         {"initial_password", S::string("shown once; also inside the sheet")},
         {"initial_expires_at", S::string("ISO 8601, UTC")},
         {"show",
          S::array(S::object({{"label", S::label()}, {"value", S::string()}, {"secret", S::boolean()}}, {"secret"}))},
         {"actions", S::array(S::anyObject("a follow-up action (docs/panels.md)"))},
         {"sheet", S::string("GET it once for the account settings sheet (PDF)")}},
        {"show", "actions"});
}

Json searchSchema() {
    Json s = S::cursorPage(accountSchema());
    s["properties"]["message"] = S::message();  // 該当するアカウントはありません when nothing matches
    return s;
}

Json updateSchema() {
    return S::object({{"message", S::message()}, {"account", accountSchema()}, {"reload", S::boolean()}}, {"reload"});
}

Json messageSchema() { return S::object({{"message", S::message()}}); }

Json gotoSchema() { return S::object({{"goto", S::object({{"panel", S::string()}, {"params", S::anyObject()}})}}); }

}  // namespace oqs::accounts::api
