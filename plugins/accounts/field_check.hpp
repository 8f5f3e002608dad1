// field_check.hpp — reads a register or update request and applies every field rule, answering all failing
// fields at once (error.fields) under the code of the first one in the form's order, each text in Japanese and
// English (the host shows the caller's language, oqs/result.hpp).
#pragma once

#include "violation.hpp"

#include <nlohmann/json.hpp>
#include <oqs/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oqs::accounts {

using Json = nlohmann::json;

class FieldErrors {
  public:
    FieldErrors() = default;
    explicit FieldErrors(const std::string& /*lang*/) {}  // the language is the host's business now
    void add(const std::string& field, const Check& check);
    bool has(const std::string& field) const { return m_fields.contains(field); }
    bool empty() const { return m_fields.empty(); }
    oqs::Error error() const;  // 400; one field → its own message, several → accounts.invalid's text

  private:
    std::string m_firstCode;
    Json m_firstText;                // {"ja","en"}
    Json m_fields = Json::object();  // {"<field>": {"ja","en"}}
};

struct NewAccount {
    std::string kind, userId, name, kana, startDate;  // dates as yyyy-mm-dd
    std::optional<std::string> endDate;
};
// The body of POST /api/accounts/accounts: {"kind","user_id","name","kana","start_date","end_date"?}.
oqs::Result<NewAccount> readNewAccount(const Json& body, std::string_view institutionKind);

struct AccountPatch {
    std::optional<std::string> name, kana, startDate;
    std::optional<std::optional<std::string>> endDate;  // set to nullopt to clear it
    std::optional<bool> valid;
    bool unlock = false;
    Json toHost(const std::string& userId) const;  // the account.update input
};
// The body of PATCH …/{user_id}: any of name, kana, valid (or the checkbox "invalid"), locked ("none" unlocks;
// "locked" only when already locked), start_date, end_date ("" or null clears). current = the account now.
oqs::Result<AccountPatch> readPatch(const Json& body, const Json& current);

}  // namespace oqs::accounts
