// The settings suites' host: the settings plugin, a vendor plugin contributing "pmhlink.portal" and the probe
// fixture, on a fresh SQLite file. Institutions are made per test with fresh codes, so cases never share state.
#pragma once

#include "host.hpp"
#include "storage/sql.hpp"
#include "test_host.hpp"

#include <gtest/gtest.h>

#include <string>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_pmhlink(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_probe(void);

namespace settings_test {

using oqs::test::Client;
using oqs::test::Json;
using oqs::test::Reply;

class SettingsHost : public ::testing::Test {
  protected:
    SettingsHost() : host({oqs_plugin_entry_settings(), oqs_plugin_entry_pmhlink(), oqs_plugin_entry_probe()}) {}

    // A new institution of the kind ("MED" or "PHA") with an administrator "admin01"; answers its code.
    std::string institution(const std::string& kind, bool ehrAvailable = false,
                            const std::string& usageStart = "2026-01-01") {
        std::string serial = std::to_string(1000000 + ++m_serial);  // 7 digits for the first 8,999,999 calls
        std::string code = std::string("13") + (kind == "PHA" ? "4" : "1") + serial;
        host.addInstitution(code, kind == "PHA" ? "テスト薬局" : "テスト医院", kind == "PHA" ? "pharmacy" : "medical",
                            usageStart);
        host.addAccount(code, "admin", "admin01");
        // OQ-31: the EHR field is settable once the institution's EHR start date has come (the clock: 2026-11-25).
        if (ehrAvailable) sql("UPDATE institutions SET ehr_start = '2026-11-01' WHERE code = ?", code);
        return code;
    }
    std::unique_ptr<Client> admin(const std::string& code) { return host.loginAs(code, "admin01"); }

    // Saves as a freshly logged-in administrator (a save ends the session, so each save logs in again).
    Reply save(const std::string& code, const Json& form) { return admin(code)->patch("/api/settings/values", form); }
    Json values(const std::string& code) {
        auto r = admin(code)->get("/api/settings/values");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json["values"];
    }

    template <class... A>
    void sql(const std::string& statement, const A&... args) {
        auto lease = host.core().pool().lease();
        lease->exec(statement, args...);
    }
    // The audit rows of an institution with that action, oldest first, as {"source","user_id","detail"}.
    Json audit(const std::string& code, const std::string& action) {
        auto lease = host.core().pool().lease();
        auto s = lease->prepare(
            "SELECT source, user_id, detail FROM audit WHERE institution = ? AND action = ? ORDER BY id");
        s.bindAll(code, action);
        Json rows = Json::array();
        while (s.step())
            rows.push_back({{"source", s.text(0)}, {"user_id", s.text(1)}, {"detail", Json::parse(s.text(2))}});
        return rows;
    }

    oqs::test::TestHost host;

  private:
    int m_serial = 0;
};

}  // namespace settings_test
