// field_check.hpp — reads a register or update request and applies every field rule, answering all failing
// fields at once (error.fields) under the code of the first one in the form's order.
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
    explicit FieldErrors(std::string lang) : m_lang(std::move(lang)) {}
    void add(const std::string& field, const Check& check);
    bool has(const std::string& field) const { return m_fields.contains(field); }
    bool empty() const { return m_fields.empty(); }
    oqs::Error error() const;  // 400; one field → its own message, several → accounts.invalid's text

  private:
    std::string m_lang, m_firstCode, m_firstMessage;
    Json m_fields = Json::object();
};

struct NewAccount {
    std::string kind, userId, name, kana, startDate;  // dates as yyyy-mm-dd
    std::optional<std::string> endDate;
};
// The body of POST /api/accounts/accounts: {"kind","user_id","name","kana","start_date","end_date"?}.
oqs::Result<NewAccount> readNewAccount(const Json& body, std::string_view institutionKind, const std::string& lang);

struct AccountPatch {
    std::optional<std::string> name, kana, startDate;
    std::optional<std::optional<std::string>> endDate;  // set to nullopt to clear it
    std::optional<bool> valid;
    bool unlock = false;
    Json toHost(const std::string& userId) const;  // the account.update input
};
// The body of PATCH …/{user_id}: any of name, kana, valid (or the checkbox "invalid"), locked ("none" unlocks;
// "locked" only when already locked), start_date, end_date ("" or null clears). current = the account now.
oqs::Result<AccountPatch> readPatch(const Json& body, const Json& current, const std::string& lang);

}  // namespace oqs::accounts
