// operations.hpp — the host operations plugins call (oqs/services.hpp; oqs_host_api::call and call_rows) and the
// host's own routes use: one table. Each family lists its operations once, with what the dispatcher must know of
// them, so a new operation is one line in its family's list and cannot be half-registered.
#pragma once

#include "plugins/host_api.hpp"

#include <span>
#include <string_view>

namespace oqs::host {

struct Operation {
    std::string_view name;
    oqs::Result<Json> (*run)(oqs_ctx&, const Json&);
    // A change and its audit row commit together: the dispatcher opens the transaction (a savepoint when the
    // plugin already opened one) and commits it only when the operation succeeds.
    bool changes = false;
    // The same answer as a statement of the ctx's connection (ABI 1.3 call_rows), for operations whose rows a
    // plugin streams: prepared and bound, not cached, handed over to the caller.
    oqs::Result<sqlite3_stmt*> (*rows)(oqs_ctx&, const Json&) = nullptr;
};

// The families, each in its own file.
std::span<const Operation> identityOperations();     // services.cpp: accounts, institution, sessions, notices
std::span<const Operation> settingsJobOperations();  // services_settings_jobs.cpp: settings, jobs, contributions
std::span<const Operation> bulkOperations();         // services_bulk.cpp: many accounts at once, sealed secrets
std::span<const Operation> viewingOperations();      // services_viewing.cpp: the viewing-event log

// The operation of that name in any family, or null.
const Operation* findOperation(std::string_view name);

}  // namespace oqs::host
