// activation — ［アクティベーションコード管理］ (SPEC.md §7): administrators issue, search and invalidate the codes
// that register the devices of マイナ資格確認アプリ; the app registers a device with one and later asks whether it
// may still be used. docs/activation.md explains every rule.
#include "activation.hpp"

namespace activation {

void registerMigrations(oqs::Plugin& p) {
    // One row per code ever issued, never deleted: the primary key makes a code unique across all institutions and
    // for ever (OQ-50). 更新日時 (updated_ms) is the issue time, then the invalidation time (§7.2).
    p.migration(1,
                "CREATE TABLE activation_codes("
                "code TEXT PRIMARY KEY, institution TEXT NOT NULL, memo TEXT NOT NULL, "
                "issued_ms INTEGER NOT NULL, issued_by TEXT NOT NULL, "
                "registered_ms INTEGER, registered_by TEXT, device_name TEXT, token_hash TEXT UNIQUE, "
                "invalidated_ms INTEGER, invalidated_by TEXT, updated_ms INTEGER NOT NULL)");
    // The results' order (newest 更新日時 first) within an institution.
    p.migration(2,
                "CREATE INDEX activation_codes_recent ON activation_codes(institution, updated_ms, issued_ms, code)");
    // Device registrations, kept a day, for the two limits on wrong codes (device_routes.cpp).
    p.migration(3,
                "CREATE TABLE activation_attempts(institution TEXT NOT NULL, address TEXT NOT NULL, "
                "at_ms INTEGER NOT NULL, ok INTEGER NOT NULL)");
    p.migration(4, "CREATE INDEX activation_attempts_address ON activation_attempts(address, at_ms)");
    p.migration(5, "CREATE INDEX activation_attempts_institution ON activation_attempts(institution, at_ms)");
    // One row per address and per institution, written first by every registration: the lock on it makes
    // simultaneous attempts take turns on PostgreSQL too (SQLite transactions already do), so none slips past a
    // limit by reading the count before another's refusal is recorded.
    p.migration(6, "CREATE TABLE activation_gate(key TEXT PRIMARY KEY, touched_ms INTEGER NOT NULL)");
}

}  // namespace activation

namespace {

void declare(oqs::Plugin& p) {
    p.id("activation").name(oqs::panel::L("マイナ資格確認アプリ管理", "Qualification app")).version("1.0.0");
    activation::registerMigrations(p);
    activation::registerConsoleRoutes(p);
    activation::registerDeviceRoutes(p);
    activation::registerPanel(p);
}

}  // namespace

OQS_PLUGIN(activation, declare)
