// audit.hpp — the append-only, hash-chained audit log. Each row's hash covers its content and the previous
// row's hash, so editing or deleting any row breaks every later link; `oqs-host audit verify` finds the first.
#pragma once

#include "sql.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace oqs::host {

struct AuditEntry {
    std::string institution;  // code, "" for operator actions
    std::string userId;       // acting account, "" for operator actions
    std::string accountKind;
    std::string remote;       // client address, "cli" for the operator's CLI
    std::string source;       // "host" or the plugin id
    std::string action;       // dotted, e.g. "accounts.register"
    nlohmann::json detail = nlohmann::json::object();
};

// Appends in the connection's transaction (opening one when there is none, so the chain never forks).
void appendAudit(Connection& c, int64_t nowMs, const AuditEntry& e);

struct AuditVerdict {
    bool ok = true;
    int64_t rows = 0;
    std::optional<int64_t> brokenId;  // the first row whose link does not hold
    std::string reason;
};
AuditVerdict verifyAudit(Connection& c);

}  // namespace oqs::host
