// schema.hpp — the host's own tables and their numbered migrations.
#pragma once

#include "sql.hpp"

namespace oqs::host {

// Brings the database to the host's current schema; each step runs once, in a transaction.
void migrateHost(Connection& c);

}  // namespace oqs::host
