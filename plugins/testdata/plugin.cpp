// testdata — ［テスト用データセットアップ］ (SPEC.md §4; docs/testdata.md). Exists only in the connection-test
// environment: a production host does not load it, so its menu item, routes and panel are absent there (404).
#include "testdata.hpp"

namespace testdata {

void registerMigrations(oqs::Plugin& p) {
    // ① links: one per serial number and institution (OQ-39 upsert).
    p.migration(1,
                "CREATE TABLE testdata_links(institution TEXT NOT NULL, serial TEXT NOT NULL, type INTEGER NOT NULL, "
                "registered INTEGER NOT NULL, registrations INTEGER NOT NULL, pmh_id TEXT, linked_by TEXT NOT NULL, "
                "linked_ms INTEGER NOT NULL, PRIMARY KEY(institution, serial))");
    // ③ records: one insured family a registration (seq), one row a member (branch).
    p.migration(2,
                "CREATE TABLE testdata_records(institution TEXT NOT NULL, seq INTEGER NOT NULL, branch TEXT NOT NULL, "
                "category TEXT NOT NULL, type INTEGER NOT NULL, serial TEXT, insurer_number TEXT NOT NULL, "
                "symbol TEXT NOT NULL, number TEXT NOT NULL, name TEXT NOT NULL, kana TEXT NOT NULL, "
                "birth_date TEXT NOT NULL, created_by TEXT NOT NULL, created_ms INTEGER NOT NULL, "
                "PRIMARY KEY(institution, seq, branch))");
    p.migration(
        3, "CREATE INDEX testdata_records_insured ON testdata_records(institution, insurer_number, symbol, number)");
    p.migration(4, "CREATE INDEX testdata_records_serial ON testdata_records(institution, serial)");
    p.migration(5, "CREATE INDEX testdata_records_category ON testdata_records(institution, category)");
    // ④ revoked viewing consents; a subject without a row is consented.
    p.migration(6,
                "CREATE TABLE testdata_revocations(institution TEXT NOT NULL, subject TEXT NOT NULL, "
                "revoked_by TEXT NOT NULL, revoked_ms INTEGER NOT NULL, PRIMARY KEY(institution, subject))");
}

// OQ-37: 救急医療テスト (serial required, one record) and the insured-number rehearsal the manual's example count
// of 3 implies (one insured person and two dependants).
void registerCategories(oqs::Plugin& p) {
    using oqs::panel::L;
    p.contribute("testdata.categories", {{"key", "testdata.emergency"},
                                         {"label", L("救急医療テスト", "Emergency medical test")},
                                         {"needsSerial", true},
                                         {"records", 1}});
    p.contribute("testdata.categories",
                 {{"key", "testdata.insured_number"},
                  {"label", L("被保険者番号による資格確認テスト", "Confirmation by insured-person number")},
                  {"needsSerial", false},
                  {"records", 3}});
}

}  // namespace testdata

OQS_PLUGIN(testdata) {
    p.name(oqs::panel::L("テスト用データセットアップ", "Test data setup")).version("1.0.0");
    p.environments({"verification"});
    testdata::registerMigrations(p);
    testdata::registerCategories(p);
    testdata::registerLinks(p);
    testdata::registerRecords(p);
    testdata::registerConsents(p);
    testdata::registerConfirm(p);
    testdata::registerPanel(p);
}
