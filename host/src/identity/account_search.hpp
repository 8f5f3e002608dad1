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
// No kind in q.kinds finds nothing.
AccountPage searchAccounts(Connection& c, const AccountQuery& q);

// The same search as one statement of the list's columns (account.search as rows, ABI 1.3 call_rows): total,
// user_id, kind, name, kana, valid, locked (0/1), start_date, end_date (NULL when open), initial_password (0/1).
// One row per account of the page in user-ID order, each carrying the total; a page with no account is one row
// whose user_id is NULL, so the total still arrives. Prepared and bound, not cached: the caller finalises it.
Statement searchAccountRows(Connection& c, const AccountQuery& q);

}  // namespace oqs::host
