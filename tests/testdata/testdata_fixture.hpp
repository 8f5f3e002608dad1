// The testdata suites' host: the testdata plugin and a vendor plugin contributing a category, in the verification
// environment. Each test makes its institutions with fresh codes: an administrator "admin01", the card reader
// "F0read01" and the WebAPI system "W0api01".
#pragma once

#include "host.hpp"
#include "storage/sql.hpp"
#include "test_host.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_testdata(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_homecare(void);

namespace testdata_test {

using oqs::test::Client;
using oqs::test::Json;
using oqs::test::Reply;

inline constexpr const char* kDevicePassword = "Device0pass";

class TestdataHost : public ::testing::Test {
  protected:
    explicit TestdataHost(std::string environment = "verification")
        : host({oqs_plugin_entry_testdata(), oqs_plugin_entry_homecare()}, options(environment)) {}

    std::string institution() {
        std::string code = "131" + std::to_string(1000000 + ++m_serial);
        host.addInstitution(code, "テスト医院", "medical");
        host.addAccount(code, "admin", "admin01");
        host.addAccount(code, "general", "gen01");
        host.addAccount(code, "face", "F0read01", kDevicePassword);
        host.addAccount(code, "webapi", "W0api01", kDevicePassword);
        return code;
    }
    std::unique_ptr<Client> admin(const std::string& code) { return host.loginAs(code, "admin01"); }

    // A device's call with HTTP Basic "<code>/<user>:<password>" (a credential route).
    Reply device(const std::string& method, const std::string& path, const std::string& code,
                 const Json& body = nullptr, const std::string& user = "F0read01",
                 const std::string& password = kDevicePassword) {
        httplib::Client cli("127.0.0.1", host.port());
        httplib::Headers h{{"Authorization", oqs::test::basicAuth(code + "/" + user, password)}};
        auto r = method == "GET" ? cli.Get(path.c_str(), h)
                                 : cli.Post(path.c_str(), h, body.is_null() ? "" : body.dump(), "application/json");
        Reply out;
        if (!r) return out;
        out.status = r->status;
        out.body = r->body;
        out.json = Json::parse(r->body, nullptr, false);
        return out;
    }
    Reply confirmCard(const std::string& code, const std::string& serial, const std::string& user = "F0read01") {
        return device("GET", "/api/testdata/qualifications/card/" + serial, code, nullptr, user);
    }
    Reply link(const std::string& code, const std::string& serial, int type, bool insurance = true,
               const Json& pmh = nullptr) {
        Json body{{"serial", serial}, {"type", std::to_string(type)}, {"insurance", insurance}};
        if (!pmh.is_null()) body["pmh_id"] = pmh;
        return admin(code)->post("/api/testdata/links", body);
    }

    // The audit rows of an institution with that action, oldest first, as their detail.
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
    static oqs::test::Options options(const std::string& environment) {
        oqs::test::Options o;
        o.environment = environment;
        return o;
    }
    int m_serial = 0;
};

}  // namespace testdata_test
