// audit.hpp — the append-only audit log: a keyed hash chain whose head is anchored outside the database.
//
// Each row's hash is an HMAC-SHA-256 over its content and the previous row's hash, with a key derived from the
// server key file (DB.key, never in the database): editing, inserting or deleting a row breaks every later link,
// and whoever has the database but not the key cannot recompute the chain. After every commit that added rows the
// head (last id and hash) is written beside the key file (DB.key.audit-head), so deleting the last rows is found
// too. `oqs-host audit verify` checks both; docs/architecture.md says what is and is not detectable.
//
// Rows written before the chain was keyed (a bare SHA-256 hex hash) still verify, but only as the chain's prefix:
// the anchor records where the keyed rows start, and an unkeyed row after that is a forgery.
#pragma once

#include "storage/sql.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace oqs::host {

class Crypto;

struct AuditEntry {
    std::string institution;  // code, "" for operator actions
    std::string userId;       // acting account, "" for operator actions
    std::string accountKind;
    std::string remote;  // client address, "cli" for the operator's CLI
    std::string source;  // "host" or the plugin id
    std::string action;  // dotted, e.g. "accounts.register"
    nlohmann::json detail = nlohmann::json::object();
};

// How one database's chain is keyed and where its head is anchored.
struct AuditChain {
    std::string key;         // the HMAC key (32 bytes); empty when the key file is missing (verify only)
    std::string anchorFile;  // the head, beside the server key
};
// From the host's key (Crypto) or, for `audit verify`, from the key file (never created here).
AuditChain auditChainFor(const Crypto& crypto, const std::string& keyFile);
AuditChain auditChainFor(const std::string& keyFile);

// Called once per database by the host, after its migrations: appendAudit on that file keys its rows with this
// chain and anchors the head after each commit. A database without an anchor and without keyed rows (new, or from
// before keyed chains) is anchored at once, which pins its unkeyed rows; a missing anchor beside keyed rows is not
// re-created (it would hide a truncation): `oqs-host audit anchor` does that once the operator has checked.
void attachAuditChain(Connection& c, const AuditChain& chain);

// Appends in the connection's transaction (opening one when there is none, so the chain never forks).
// Throws SqlError when no chain is attached to the connection's database.
void appendAudit(Connection& c, int64_t nowMs, const AuditEntry& e);

struct AuditVerdict {
    bool ok = true;
    int64_t rows = 0;
    std::optional<int64_t> brokenId;    // the first row whose link does not hold (or where rows are missing)
    std::string problem;                // stable: removed, relinked, edited, unkeyed, no_key, truncated,
                                        // head_changed, no_anchor
    std::string reason;                 // for people
    std::optional<int64_t> anchoredId;  // the head the anchor names
};
// Reads the anchor before the rows, so a head anchored by another process during the check is never ahead.
AuditVerdict verifyAudit(Connection& c, const AuditChain& chain);

// Accepts the database's current head as the anchor (after restoring a backup, or once a reported break has been
// looked into). Returns the anchored row id (0: an empty log).
int64_t reanchorAudit(Connection& c, const AuditChain& chain);

}  // namespace oqs::host
