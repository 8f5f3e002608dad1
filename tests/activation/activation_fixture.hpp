// The activation suites' host: the settings and activation plugins on a fresh SQLite file, institutions made per
// test, and the app's side of the protocol (HTTP Basic registration, the device-status route) spoken over plain
// HTTP, optionally from another loopback address.
#pragma once

#include "host.hpp"
#include "storage/sql.hpp"
#include "test_host.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_activation(void);

namespace activation_test {

using oqs::test::Client;
using oqs::test::Json;
using oqs::test::Reply;

// An HTTP answer read off the socket (status, body as JSON when it is, one header).
struct Raw {
    int status = 0;
    std::string head, body;
    Json json;
    std::string header(const std::string& name) const {
        auto at = head.find("\r\n" + name + ": ");
        if (at == std::string::npos) return "";
        at += name.size() + 4;
        return head.substr(at, head.find("\r\n", at) - at);
    }
    std::string code() const {
        return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
    }
};

// One POST from the loopback address `source` (127.0.0.1, 127.0.0.2, …), as a device on another network would.
inline Raw postFrom(const char* source, int port, const std::string& path, const std::string& authorization,
                    const std::string& body) {
    Raw r;
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in src{}, dst{};
    src.sin_family = dst.sin_family = AF_INET;
    inet_pton(AF_INET, source, &src.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    dst.sin_port = htons(uint16_t(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
        ::close(fd);
        return r;
    }
    std::string rq = "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n";
    if (!authorization.empty()) rq += "Authorization: " + authorization + "\r\n";
    rq += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)!::send(fd, rq.data(), rq.size(), 0);
    std::string all;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) all.append(buf, size_t(n));
    ::close(fd);
    auto split = all.find("\r\n\r\n");
    if (all.size() < 12 || split == std::string::npos) return r;
    r.status = std::atoi(all.c_str() + 9);
    r.head = all.substr(0, split + 2);
    r.body = all.substr(split + 4);
    r.json = Json::parse(r.body, nullptr, false);
    return r;
}

class ActivationHost : public ::testing::Test {
  protected:
    explicit ActivationHost(Json pluginOptions = Json::object())
        : host({oqs_plugin_entry_settings(), oqs_plugin_entry_activation()}, options(std::move(pluginOptions))) {}

    static oqs::test::Options options(Json pluginOptions) {
        oqs::test::Options o;
        o.pluginOptions = std::move(pluginOptions);
        return o;
    }

    // A new medical institution with an administrator adm01, a general user gen01, a viewer med01 and two system
    // accounts; 訪問診療等機能 turned on through the settings screen's route unless homeVisit is false.
    std::string institution(bool homeVisit = true) {
        std::string code = "131" + std::to_string(1000000 + ++m_serial);
        host.addInstitution(code, "テスト医院" + std::to_string(m_serial), "medical");
        host.addAccount(code, "admin", "adm01");
        host.addAccount(code, "admin", "adm02");
        host.addAccount(code, "general", "gen01");
        host.addAccount(code, "medinfo", "med01");
        host.addAccount(code, "webapi", "W0api01");
        host.addAccount(code, "face", "F0read01");
        if (homeVisit) setHomeVisit(code, true);
        return code;
    }
    void setHomeVisit(const std::string& code, bool on) {
        Json form{{"settings.home_visit", on ? "use" : "not_use"}};
        if (on) form["accept_terms.settings.home_visit"] = true;
        auto r = host.loginAs(code, "adm01")->patch("/api/settings/values", form);
        ASSERT_EQ(r.status, 200) << r.body;  // the save ends every session of the institution
    }
    std::unique_ptr<Client> admin(const std::string& code, const std::string& user = "adm01") {
        return host.loginAs(code, user);
    }

    // 《発行》 as the client sends it; answers the new code ("" when refused).
    std::string issue(Client& c, const std::string& memo = "") {
        auto r = c.post("/api/activation/codes", {{"memo", memo}});
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json.is_object() ? r.json.value("code", "") : "";
    }
    // The results as the table loads them.
    Json list(Client& c, const std::string& query = "") {
        auto r = c.get("/api/activation/codes" + (query.empty() ? "" : "?" + query));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json;
    }
    Json rowOf(Client& c, const std::string& code, const std::string& query = "valid_only=false&limit=500") {
        const Json all = list(c, query);  // kept: a range-for over list(…)["rows"] would outlive the temporary
        for (const auto& row : all["rows"])
            if (row["code"] == code) return row;
        return nullptr;
    }

    // The app registering a device: HTTP Basic "<institution>/<user>", from an address.
    Raw registerDevice(const std::string& inst, const std::string& user, const std::string& code,
                       const std::string& deviceName = "スマホ", const char* from = "127.0.0.1",
                       const std::string& password = "Passw0rd!x") {
        return postFrom(from, host.port(), "/api/activation/devices", oqs::test::basicAuth(inst + "/" + user, password),
                        Json{{"activation_code", code}, {"device_name", deviceName}}.dump());
    }
    Raw deviceStatus(const std::string& token) {
        return postFrom("127.0.0.1", host.port(), "/p/activation/device/status", "",
                        Json{{"device_token", token}}.dump());
    }

    // The audit rows of an institution with that action, oldest first, as {"user_id","remote","detail"}.
    Json audit(const std::string& code, const std::string& action) {
        auto lease = host.core().pool().lease();
        auto s = lease->prepare("SELECT user_id, detail FROM audit WHERE institution = ? AND action = ? ORDER BY id");
        s.bindAll(code, action);
        Json rows = Json::array();
        while (s.step()) rows.push_back({{"user_id", s.text(0)}, {"detail", Json::parse(s.text(1))}});
        return rows;
    }

    oqs::test::TestHost host;

  private:
    int m_serial = 0;
};

}  // namespace activation_test
