// search_query.hpp — the ［アカウント検索］ conditions (SPEC.md §2.7, OQ-14) → the host's account.search input.
#pragma once

#include <nlohmann/json.hpp>
#include <oqs/result.hpp>
#include <string>

namespace oqs::accounts {

// query: {"kind": "all"|kind, "user_id" (exact), "name"/"kana" (partial), "valid": "all|valid|invalid",
// "locked": "all|none|locked", "start_date"/"end_date" (exact, any accepted date form), "after" (the last user ID
// of the previous page: keyset paging), "offset", "limit"}.
// Empty values do not filter; the caller's scope (§2.2.3) is applied by the host and again by the route.
oqs::Result<nlohmann::json> searchInput(const nlohmann::json& query, const std::string& lang);

}  // namespace oqs::accounts
