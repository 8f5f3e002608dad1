// schema.hpp — the host's own tables and their numbered migrations.
#pragma once

#include "storage/sql.hpp"

#include <set>
#include <string>

namespace oqs::host {

// Brings the database to the host's current schema; each step runs once, in a transaction.
void migrateHost(Connection& c);

// Every table, index and trigger the host's migrations create (some share a plugin's prefix, e.g. the index
// accounts_live or the table settings_values): no plugin statement may touch them (sql_authorizer.hpp).
const std::set<std::string>& hostObjectNames();

}  // namespace oqs::host
