// The mynaurl suites' host: the settings plugin (whose fields switch the services) and the mynaurl plugin on a
// fresh SQLite file. Institutions are made per test with fresh codes, so cases never share state.
#pragma once

#include "host.hpp"
#include "test_host.hpp"

#include <gtest/gtest.h>

#include <string>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_mynaurl(void);

namespace mynaurl_test {

using oqs::test::Client;
using oqs::test::Json;
using oqs::test::Reply;

class MynaurlHost : public ::testing::Test {
  protected:
    MynaurlHost() : host({oqs_plugin_entry_settings(), oqs_plugin_entry_mynaurl()}) {}

    // A new medical institution with an administrator "admin01"; both services 「利用する」 unless told otherwise.
    std::string institution(bool homeVisit = true, bool online = true, const std::string& name = "テスト医院") {
        std::string code = "131" + std::to_string(1000000 + ++m_serial);
        host.addInstitution(code, name, "medical");
        host.addAccount(code, "admin", "admin01");
        setServices(code, homeVisit, online);
        return code;
    }
    std::unique_ptr<Client> admin(const std::string& code) { return host.loginAs(code, "admin01"); }

    // Saves settings as the administrator (a save ends the sessions, so this logs in afresh).
    void saveSettings(const std::string& code, const Json& values) {
        auto r = admin(code)->patch("/api/settings/values", values);
        ASSERT_EQ(r.status, 200) << r.body;
    }
    void setServices(const std::string& code, bool homeVisit, bool online) {
        saveSettings(code, {{"settings.home_visit", homeVisit ? "use" : "not_use"},
                            {"accept_terms.settings.home_visit", homeVisit},
                            {"settings.online", online ? "use" : "not_use"},
                            {"accept_terms.settings.online", online}});
    }

    // GET /api/mynaurl/urls: {"services":[{"service","enabled","url"?,…}]} as a map by service.
    Json state(Client& c) {
        auto r = c.get("/api/mynaurl/urls");
        EXPECT_EQ(r.status, 200) << r.body;
        Json out = Json::object();
        for (const auto& s : r.json["services"]) out[s["service"].get<std::string>()] = s;
        return out;
    }
    std::string url(Client& c, const std::string& service) { return state(c)[service].value("url", ""); }

    // POST /api/mynaurl/<service>/<path> with the section's checkbox ticked.
    Reply operate(Client& c, const std::string& service, const std::string& path) {
        std::string box = path;
        for (auto& ch : box)
            if (ch == '-') ch = '_';
        return c.post("/api/mynaurl/" + service + "/" + path, {{service + "_" + box, true}});
    }

    // The path of a public URL (the test host's public URL is its own address).
    static std::string pathOf(const std::string& url) {
        auto at = url.find("/p/mynaurl/");
        return at == std::string::npos ? url : url.substr(at);
    }
    int pageStatus(const std::string& url) { return host.client()->get(pathOf(url)).status; }

    // The audit rows of an institution with that action, oldest first (their details).
    Json audit(const std::string& code, const std::string& action) {
        auto lease = host.core().pool().lease();
        auto s = lease->prepare("SELECT detail FROM audit WHERE institution = ? AND action = ? ORDER BY id");
        s.bindAll(code, action);
        Json rows = Json::array();
        while (s.step()) rows.push_back(Json::parse(s.text(0)));
        return rows;
    }

    oqs::test::TestHost host;

  private:
    int m_serial = 0;
};

}  // namespace mynaurl_test
