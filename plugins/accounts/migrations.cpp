// migrations.cpp — the plugin's own tables, in one numbered list (numbers are never reused or edited).
#include "accounts.hpp"

namespace oqs::accounts {

void registerMigrations(Plugin& p) {
    // The sealed initial passwords behind the account-sheet links (sheet_token.hpp).
    p.migration(1,
                "CREATE TABLE accounts_sheet_tokens(id TEXT PRIMARY KEY, institution TEXT NOT NULL, "
                "issuer TEXT NOT NULL, user_id TEXT NOT NULL, sealed TEXT NOT NULL, expires_ms INTEGER NOT NULL)");
    p.migration(2, "CREATE INDEX accounts_sheet_tokens_expiry ON accounts_sheet_tokens(institution, expires_ms)");
    // Bulk registration: the uploaded file until its job has read it, then the result file (bulk.hpp).
    p.migration(3,
                "CREATE TABLE accounts_bulk_uploads(id INTEGER PRIMARY KEY, institution TEXT NOT NULL, "
                "user_id TEXT NOT NULL, created_ms INTEGER NOT NULL, bytes INTEGER NOT NULL, file BLOB, "
                "result BLOB, result_encoding TEXT)");
    p.migration(4, "CREATE INDEX accounts_bulk_uploads_age ON accounts_bulk_uploads(institution, created_ms)");
}

}  // namespace oqs::accounts
