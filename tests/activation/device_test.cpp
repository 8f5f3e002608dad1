// Device registration and the device's status (SPEC.md §7.6, ACT-INV-02): over HTTP as the app calls them, with
// the accounts OQ-53 allows, one answer for every unusable code, the limits on wrong codes, and the operator's
// activationDelayMinutes.
#include "activation_fixture.hpp"

#include <sodium.h>

#include <thread>

namespace activation_test {
namespace {

TEST_F(ActivationHost, ARegisteredDeviceWorksUntilItsCodeIsInvalidated) {
    std::string inst = institution();
    auto c = admin(inst);
    std::string code = issue(*c, "A のスマホ１");
    host.advance(std::chrono::minutes(3));
    auto reg = registerDevice(inst, "gen01", code, "Aさんのスマホ");
    ASSERT_EQ(reg.status, 201) << reg.body;
    const std::string token = reg.json["device_token"];
    EXPECT_EQ(token.size(), 64u);
    EXPECT_EQ(reg.json["institution"], inst);

    Json row = rowOf(*c, code);
    EXPECT_EQ(row["status_label"], "登録済み");
    EXPECT_EQ(row["updated_at"], "2026/11/25 09:00:00");  // 更新日時 is the issue or invalidation time only
    EXPECT_EQ(row["registered_detail"], "2026/11/25 09:03:00");
    EXPECT_EQ(row["device_detail"], "端末：Aさんのスマホ（gen01）");
    // Only the token's SHA-256 is stored.
    {
        auto lease = host.core().pool().lease();
        auto s = lease->prepare("SELECT token_hash FROM activation_codes WHERE code = ?");
        s.bind(1, code);
        ASSERT_TRUE(s.step());
        unsigned char d[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(token.data()), token.size());
        char hex[sizeof d * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, d, sizeof d);
        EXPECT_EQ(s.text(0), hex);
        EXPECT_NE(s.text(0), token);
    }

    auto ok = deviceStatus(token);
    EXPECT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json["status"], "active");
    EXPECT_EQ(deviceStatus(token).status, 200);

    ASSERT_EQ(c->post("/api/activation/codes/" + code + "/invalidate", Json::object()).status, 200);
    auto locked = deviceStatus(token);
    EXPECT_EQ(locked.status, 401) << locked.body;
    EXPECT_EQ(locked.code(), "activation.device_revoked");
    row = rowOf(*c, code);
    EXPECT_EQ(row["status_label"], "登録済み");  // kept (ACT-INV-03)
    EXPECT_EQ(row["invalidation_label"], "無効化済み");
    // A token nobody issued, or none, is the same 401.
    EXPECT_EQ(deviceStatus(std::string(64, 'a')).status, 401);
    EXPECT_EQ(deviceStatus("").status, 401);

    Json audited = audit(inst, "activation.device.register");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0]["user_id"], "gen01");
    EXPECT_EQ(audited[0]["detail"]["device_name"], "Aさんのスマホ");
}

TEST_F(ActivationHost, EveryUnusableCodeGetsTheSameAnswer) {
    std::string inst = institution(), other = institution();
    auto c = admin(inst);
    std::string used = issue(*c), dropped = issue(*c);
    std::string elsewhere = issue(*admin(other));
    ASSERT_EQ(registerDevice(inst, "gen01", used, "一台目").status, 201);
    ASSERT_EQ(c->post("/api/activation/codes/" + dropped + "/invalidate", Json::object()).status, 200);

    // A second device with a registered code, an invalidated code, an unknown code, another institution's code,
    // and things that are no code at all: each from its own address, so no limit is reached.
    const std::vector<std::pair<std::string, std::string>> tries{
        {used, "127.0.0.11"},      {dropped, "127.0.0.12"}, {"000000000001", "127.0.0.13"},
        {elsewhere, "127.0.0.14"}, {"12345", "127.0.0.15"}, {"abcdefghijkl", "127.0.0.16"}};
    std::string first;
    for (const auto& [code, from] : tries) {
        auto r = registerDevice(inst, "med01", code, "二台目", from.c_str());
        EXPECT_EQ(r.status, 403) << code;
        EXPECT_EQ(r.code(), "activation.code_rejected") << code;
        if (first.empty()) first = r.body;
        EXPECT_EQ(r.body, first) << code;
    }
    EXPECT_EQ(rowOf(*c, used)["device_detail"], "端末：一台目（gen01）");  // still bound to the first device
    // The other institution's code is still 未登録 there.
    EXPECT_EQ(rowOf(*admin(other), elsewhere)["status_label"], "未登録");
    // Every attempt is audited, with the reason (for this institution's administrators only) and a masked code.
    Json refused = audit(inst, "activation.device.register_refused");
    ASSERT_EQ(refused.size(), tries.size());
    std::vector<std::string> reasons;
    for (const auto& r : refused) reasons.push_back(r["detail"]["reason"]);
    EXPECT_EQ(reasons, (std::vector<std::string>{"already_registered", "invalidated", "unknown", "unknown", "malformed",
                                                 "malformed"}));
    EXPECT_EQ(refused[0]["detail"]["code"], "********" + used.substr(8));
    EXPECT_EQ(refused[0]["user_id"], "med01");
    EXPECT_TRUE(audit(other, "activation.device.register_refused").empty());
}

TEST_F(ActivationHost, OnlyTheAccountsOq53AllowsRegisterDevices) {
    std::string inst = institution();
    auto c = admin(inst);
    for (const char* user : {"adm01", "gen01", "med01"})
        EXPECT_EQ(registerDevice(inst, user, issue(*c), user).status, 201) << user;
    std::string code = issue(*c);
    host.addAccount(inst, "master", "mst01");
    for (const char* user : {"W0api01", "F0read01", "mst01"}) {
        auto r = registerDevice(inst, user, code);
        EXPECT_EQ(r.status, 403) << user;
        EXPECT_EQ(r.code(), "auth.forbidden") << user;
    }
    // A wrong password is the host's 401, and no code is tried.
    auto wrong = registerDevice(inst, "gen01", code, "x", "127.0.0.1", "Wrong0pass!");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.code(), "session.invalid_credentials");
    // A console session is no credential for the app's route.
    EXPECT_EQ(c->post("/api/activation/devices", {{"activation_code", code}}).status, 401);
    EXPECT_EQ(rowOf(*c, code)["status_label"], "未登録");
    EXPECT_EQ(registerDevice(inst, "gen01", code, std::string(51, 'x')).code(), "activation.device_name");
    EXPECT_EQ(registerDevice(inst, "gen01", code, "a\nb").code(), "activation.device_name");
    auto numbered =
        postFrom("127.0.0.1", host.port(), "/api/activation/devices",
                 oqs::test::basicAuth(inst + "/gen01", "Passw0rd!x"), Json{{"activation_code", 123456789012LL}}.dump());
    EXPECT_EQ(numbered.code(), "activation.code_rejected");  // a code must be sent as text (leading zeros)
    EXPECT_EQ(registerDevice(inst, "gen01", code, std::string(50, 'x')).status, 201);
    // No name at all (absent or null) is fine.
    std::string unnamed = issue(*c);
    EXPECT_EQ(postFrom("127.0.0.1", host.port(), "/api/activation/devices",
                       oqs::test::basicAuth(inst + "/gen01", "Passw0rd!x"),
                       Json{{"activation_code", unnamed}, {"device_name", nullptr}}.dump())
                  .status,
              201);
    EXPECT_EQ(rowOf(*c, unnamed)["device_detail"], "端末：（名称なし）（gen01）");
}

TEST_F(ActivationHost, WrongCodesAreLimitedPerAddress) {
    std::string inst = institution();
    auto c = admin(inst);
    std::string good = issue(*c), spare = issue(*c);
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(registerDevice(inst, "gen01", "00000000000" + std::to_string(i)).status, 403) << i;
    // The sixth try from that address is refused before the code is looked at, even a right one.
    auto blocked = registerDevice(inst, "gen01", good);
    EXPECT_EQ(blocked.status, 429) << blocked.body;
    EXPECT_EQ(blocked.code(), "activation.throttled");
    int retry = std::atoi(blocked.header("Retry-After").c_str());
    EXPECT_GT(retry, 0);
    EXPECT_LE(retry, 15 * 60);
    EXPECT_EQ(rowOf(*c, good)["status_label"], "未登録");
    // Another address is served.
    EXPECT_EQ(registerDevice(inst, "gen01", spare, "x", "127.0.0.2").status, 201);
    // After the window the first address may try again.
    host.advance(std::chrono::minutes(15));
    EXPECT_EQ(registerDevice(inst, "gen01", good).status, 201);
    EXPECT_EQ(audit(inst, "activation.device.throttled").size(), 1u);
}

TEST_F(ActivationHost, WrongCodesAreLimitedPerInstitution) {
    std::string inst = institution(), other = institution();
    auto c = admin(inst);
    std::string good = issue(*c);
    // Ten wrong codes from ten addresses (two each from five, under the per-address limit).
    for (int i = 0; i < 10; ++i) {
        std::string from = "127.0.1." + std::to_string(i / 2 + 1);
        EXPECT_EQ(registerDevice(inst, "gen01", "99999999999" + std::to_string(i % 10), "x", from.c_str()).status, 403)
            << i;
    }
    auto blocked = registerDevice(inst, "gen01", good, "x", "127.0.2.1");
    EXPECT_EQ(blocked.status, 429) << blocked.body;
    // Another institution is not affected.
    EXPECT_EQ(registerDevice(other, "gen01", issue(*admin(other)), "x", "127.0.2.2").status, 201);
    host.advance(std::chrono::hours(1));
    EXPECT_EQ(registerDevice(inst, "gen01", good, "x", "127.0.2.1").status, 201);
}

TEST_F(ActivationHost, SimultaneousWrongCodesDoNotSlipPastTheLimit) {
    // 16 wrong codes sent at the same moment from one address, 4 by each of 4 accounts (more than 4 at once with
    // one account would lock that account: the host's own rule): only the first 5 may be looked at.
    std::string inst = institution();
    const char* users[] = {"adm01", "adm02", "gen01", "med01"};
    std::vector<int> statuses(16);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < statuses.size(); ++i)
        threads.emplace_back(
            [&, i] { statuses[i] = registerDevice(inst, users[i % 4], "7777777777" + std::to_string(10 + i)).status; });
    for (auto& t : threads) t.join();
    int refused = 0, throttled = 0;
    std::string seen;
    for (int s : statuses) {
        refused += s == 403;
        throttled += s == 429;
        seen += std::to_string(s) + " ";
    }
    EXPECT_EQ(refused, 5) << seen;
    EXPECT_EQ(throttled, 11) << seen;
    EXPECT_EQ(audit(inst, "activation.device.register_refused").size(), 5u);
}

// The operator set activationDelayMinutes (serve --plugin-config) to 10.
class DelayedActivation : public ActivationHost {
  protected:
    DelayedActivation() : ActivationHost(Json{{"activation", {{"activationDelayMinutes", 10}}}}) {}
};

TEST_F(DelayedActivation, ACodeTooEarlyIsRefusedLikeAWrongOne) {
    std::string inst = institution();
    auto c = admin(inst);
    std::string code = issue(*c);
    auto unknown = registerDevice(inst, "gen01", "000000000000", "x", "127.0.0.21");
    auto early = registerDevice(inst, "gen01", code, "x", "127.0.0.22");
    EXPECT_EQ(early.status, 403);
    EXPECT_EQ(early.body, unknown.body);
    host.advance(std::chrono::minutes(9));
    EXPECT_EQ(registerDevice(inst, "gen01", code, "x", "127.0.0.23").status, 403);
    host.advance(std::chrono::minutes(1));
    EXPECT_EQ(registerDevice(inst, "gen01", code, "x", "127.0.0.24").status, 201);
    Json refused = audit(inst, "activation.device.register_refused");
    ASSERT_EQ(refused.size(), 3u);
    EXPECT_EQ(refused[1]["detail"]["reason"], "too_early");
}

}  // namespace
}  // namespace activation_test
