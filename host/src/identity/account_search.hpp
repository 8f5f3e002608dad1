// account.search (oqs/services.hpp): the SQL behind the ［アカウント検索］ list, built for the index that answers it.
#pragma once

#include "identity/identity.hpp"

#include <optional>
#include <string>
#include <vector>

namespace oqs::host {

// The conditions after the service has checked their types; empty strings do not filter.
struct AccountQuery {
    int64_t institutionId = 0;
    std::vector<std::string> kinds;  // the caller's scope narrowed to the kinds asked for; never empty
    std::string userId, name, kana, startDate, endDate;
    std::optional<bool> valid, locked;
    std::string after;  // keyset paging: only user IDs greater than this one
    int64_t offset = 0, limit = 100;
};

struct AccountPage {
    int64_t total = 0;  // every match, whatever the page (after, offset, limit)
    std::vector<Account> rows;
};

// Accounts of the query, sorted by user ID. Partial names use accounts_name_grams (host schema step 6); the
// answers are those of `name LIKE '%needle%'` over every live account (tests/accounts/search_grams_test.cpp).
AccountPage searchAccounts(Connection& c, const AccountQuery& q);

}  // namespace oqs::host
