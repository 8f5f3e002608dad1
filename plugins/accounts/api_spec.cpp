#include "api_spec.hpp"

#include "forms.hpp"

#include <oqs/api_schema.hpp>
#include <oqs/kinds.hpp>

namespace oqs::accounts::api {

namespace {
namespace S = oqs::schema;
}  // namespace

Json accountSchema() {
    return S::object({{"user_id", S::string()},
                      {"kind", S::oneOf(forms::allKinds())},
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
    Json s = S::page(accountSchema());
    s["properties"]["message"] = S::message();  // 該当するアカウントはありません when nothing matches
    return s;
}

Json updateSchema() {
    return S::object({{"message", S::message()}, {"account", accountSchema()}, {"reload", S::boolean()}}, {"reload"});
}

Json messageSchema() { return S::object({{"message", S::message()}}); }

Json gotoSchema() { return S::object({{"goto", S::object({{"panel", S::string()}, {"params", S::anyObject()}})}}); }

}  // namespace oqs::accounts::api
