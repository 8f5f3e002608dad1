// field_check.hpp — reads a register or update request and checks it against its form (forms.hpp), answering all
// failing fields at once (error.fields) under the code of the first one, each text in Japanese and English (the
// host shows the caller's language, oqs/result.hpp).
//
// Who judges a field: the manual's rule where it has one (a type, a user ID, a name, a date, the lock: each answers
// its own accounts.* code and text), else the form spec itself, by the SDK's checker (oqs/form.hpp, the code the
// client runs before it sends), answering form.invalid with that checker's text. So whatever a field of the
// screen's form says is enforced on the server too, and a field the manual has more to say about says it once.
#pragma once

#include "violation.hpp"

#include <nlohmann/json.hpp>
#include <oqs/result.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oqs::accounts {

using Json = nlohmann::json;

class FieldErrors {
  public:
    FieldErrors() = default;
    explicit FieldErrors(const std::string& /*lang*/) {}  // the language is the host's business now
    // The verdict of the manual's rule on a field (nothing when it passed): the field counts as judged either way.
    void add(const std::string& field, const Check& check);
    // The form spec's verdict (oqs::form::checkForm) on the fields no manual rule judged.
    void addForm(const Json& fields, const Json& values);
    bool has(const std::string& field) const { return m_fields.contains(field); }
    bool empty() const { return m_fields.empty(); }
    oqs::Error error() const;  // 400; one field → its own message, several → accounts.invalid's text

  private:
    std::set<std::string> m_judged;
    std::string m_firstCode;
    Json m_firstText;                // {"ja","en"}
    Json m_fields = Json::object();  // {"<field>": {"ja","en"}}
};

struct NewAccount {
    std::string kind, userId, name, kana, startDate;  // dates as yyyy-mm-dd
    std::optional<std::string> endDate;
};
// The body of POST /api/accounts/accounts: {"kind","user_id","name","kana","start_date","end_date"?}, against
// forms::registerFields() of every kind (the host refuses a kind the caller may not register).
oqs::Result<NewAccount> readNewAccount(const Json& body, std::string_view institutionKind);

struct AccountPatch {
    std::optional<std::string> name, kana, startDate;
    std::optional<std::optional<std::string>> endDate;  // set to nullopt to clear it
    std::optional<bool> valid;
    bool unlock = false;
    Json toHost(const std::string& userId) const;  // the account.update input
};
// The body of PATCH …/{user_id}: any of name, kana, valid (or the checkbox "invalid"), locked ("none" unlocks;
// "locked" only when already locked), start_date, end_date ("" or null clears), against forms::patchFields().
// current = the account now.
oqs::Result<AccountPatch> readPatch(const Json& body, const Json& current);

}  // namespace oqs::accounts
