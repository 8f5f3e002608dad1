// search_answer.hpp — the ［アカウント検索］ list's answer written from account.search's rows (ABI 1.3 ctx.rows):
// no JSON object per account on either side of the boundary.
#pragma once

#include <oqs/ctx.hpp>
#include <oqs/db.hpp>

#include <string>

namespace oqs::accounts {

// {"message"?, "next"?, "rows": [accountRow…], "total"} as JSON text: the bytes nlohmann::json would write for the
// answer built from account.search's JSON (members sorted, as it sorts them), so the two forms cannot drift
// (tests/accounts/search_rows_test.cpp). "next" is the last user ID of a full page (`limit` rows).
oqs::Result<std::string> searchAnswer(oqs::Ctx& ctx, oqs::Stmt& rows, int64_t limit);

}  // namespace oqs::accounts
