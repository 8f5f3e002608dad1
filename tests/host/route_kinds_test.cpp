// Credential routes (devices and systems, HTTP Basic per request), public routes (anyone, under /p/), and the
// viewing terminals' route POST /api/viewing/events — over HTTP against a real host.
#include "common.hpp"
#include "host.hpp"
#include "plugins/manifest_check.hpp"

#include <httplib.h>
#include <sodium.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_devices(void);

using namespace oqs::test;

namespace {

struct Answer {
    int status = 0;
    Json json;
    std::string body;
    httplib::Headers headers;
    std::string code() const {
        return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
    }
    std::string header(const std::string& k) const {
        auto it = headers.find(k);
        return it == headers.end() ? "" : it->second;
    }
};

Answer send(int port, const std::string& method, const std::string& path, const httplib::Headers& headers,
            const std::string& body = "", const std::string& type = "application/json") {
    httplib::Client cli("127.0.0.1", port);
    httplib::Result r =
        method == "GET" ? cli.Get(path.c_str(), headers) : cli.Post(path.c_str(), headers, body, type.c_str());
    Answer a;
    if (!r) return a;
    a.status = r->status;
    a.body = r->body;
    a.headers = r->headers;
    a.json = Json::parse(r->body, nullptr, false);
    return a;
}

// A GET from another loopback address (127.0.0.2), for the per-address limit.
int statusFrom(const char* source, int port, const std::string& path) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in src{}, dst{};
    src.sin_family = dst.sin_family = AF_INET;
    inet_pton(AF_INET, source, &src.sin_addr);
    inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
    dst.sin_port = htons(uint16_t(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) != 0) {
        ::close(fd);
        return -1;
    }
    std::string rq = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    (void)!::send(fd, rq.data(), rq.size(), 0);
    char buf[64] = {};
    ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
    ::close(fd);
    return n > 12 ? std::atoi(buf + 9) : 0;
}

struct RouteKinds : ::testing::Test {
    TestHost host{{oqs_plugin_entry_devices(), oqs_plugin_entry_probe()}};
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution(kOther, "他院", "medical");
        host.addAccount(kCode, "face", "F0read01", "Reader0pass");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kOther, "face", "F0read09", "Reader0pass");
    }
    Answer ping(const std::string& user, const std::string& password) {
        return send(host.port(), "POST", "/api/devices/readers/ping", {{"Authorization", basicAuth(user, password)}});
    }
};

}  // namespace

TEST_F(RouteKinds, AReaderAuthenticatesPerRequestWithItsOwnAccount) {
    auto a = ping(std::string(kCode) + "/F0read01", "Reader0pass");
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.json["user_id"], "F0read01");
    EXPECT_EQ(a.json["kind"], "face");
    EXPECT_EQ(a.json["institution"], kCode);
    EXPECT_EQ(a.json["auth"], "credential");
    EXPECT_EQ(a.json["public_url"], "http://127.0.0.1:" + std::to_string(host.port()));
    EXPECT_EQ(a.header("Set-Cookie"), "");  // no session is made
}

TEST_F(RouteKinds, EveryWrongCallerFailsAsTheLoginDoes) {
    const std::string me = std::string(kCode) + "/F0read01";
    auto wrong = ping(me, "Wrong0pass");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.code(), "session.invalid_credentials");
    EXPECT_NE(wrong.header("WWW-Authenticate").find("Basic"), std::string::npos);
    // An unknown institution and another institution's reader answer exactly like a wrong password.
    for (const auto& user :
         {std::string("9999999999/F0read01"), std::string(kCode) + "/F0read09", std::string(kCode) + "/nobody"}) {
        auto a = ping(user, "Reader0pass");
        EXPECT_EQ(a.status, 401) << user;
        EXPECT_EQ(a.body, wrong.body) << user;
    }
    // A kind the route does not list is refused after the right password.
    auto admin = ping(std::string(kCode) + "/adm1", "Passw0rd!x");
    EXPECT_EQ(admin.status, 403);
    EXPECT_EQ(admin.code(), "auth.forbidden");
    // Malformed credentials ask for credentials.
    for (const auto& h :
         {std::string("Basic !!!"), std::string("Bearer x"), basicAuth("no-slash", "x"), std::string()}) {
        auto a = send(host.port(), "POST", "/api/devices/readers/ping", {{"Authorization", h}});
        EXPECT_EQ(a.status, 401) << h;
        EXPECT_EQ(a.code(), "session.credentials_required") << h;
    }
}

TEST_F(RouteKinds, WrongPasswordsCountTowardsTheLockAndAnInvalidAccountIsRefused) {
    const std::string me = std::string(kCode) + "/F0read01";
    for (int i = 0; i < 4; ++i) EXPECT_EQ(ping(me, "Wrong0pass").status, 401);
    EXPECT_EQ(ping(me, "Wrong0pass").status, 423);
    auto locked = ping(me, "Reader0pass");
    EXPECT_EQ(locked.status, 423);
    EXPECT_EQ(locked.code(), "session.locked");

    host.addAccount(kCode, "face", "F0read02", "Reader0pass");
    {
        auto lease = host.core().pool().lease();
        lease->exec("UPDATE accounts SET valid = 0 WHERE user_id = 'F0read02'");
    }
    auto invalid = ping(std::string(kCode) + "/F0read02", "Reader0pass");
    EXPECT_EQ(invalid.status, 403);
    EXPECT_EQ(invalid.code(), "session.account_unusable");
}

TEST_F(RouteKinds, ASessionCookieAloneDoesNotAuthenticateACredentialRoute) {
    auto admin = host.loginAs(kCode, "adm1");
    auto r = admin->post("/api/devices/readers/ping", Json::object());
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.errorCode(), "session.credentials_required");
    // And system accounts still cannot log in to the console.
    auto c = host.client();
    EXPECT_EQ(c->login(kCode, "F0read01", "Reader0pass").errorCode(), "session.system_account");
}

TEST_F(RouteKinds, APublicRouteNeedsNothingAndNamesTheInstitution) {
    auto admin = host.loginAs(kCode, "adm1");
    auto link = admin->post("/api/devices/links", Json::object());
    ASSERT_EQ(link.status, 201) << link.body;
    std::string url = link.json["url"];
    std::string path = url.substr(url.find("/p/"));
    auto page = send(host.port(), "GET", path, {});
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<h1>テスト医院</h1>"), std::string::npos) << page.body;
    EXPECT_NE(page.body.find("auth=public account="), std::string::npos);
    EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    EXPECT_EQ(page.header("Content-Security-Policy").find("script-src"), std::string::npos);
    EXPECT_EQ(page.header("Cache-Control"), "no-store");
    // One policy, the public one: a second (the API's) would forbid the inline style browsers apply to the page.
    EXPECT_EQ(page.headers.count("Content-Security-Policy"), 1u);
    EXPECT_NE(page.header("Content-Security-Policy").find("style-src 'unsafe-inline'"), std::string::npos);
    EXPECT_EQ(page.headers.count("Cache-Control"), 1u);
    EXPECT_EQ(page.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(send(host.port(), "GET", "/p/devices/t/nothing-here", {}).status, 410);
    EXPECT_EQ(send(host.port(), "GET", "/p/devices/none", {}).status, 404);
    EXPECT_EQ(send(host.port(), "GET", "/p/nobody/t/x", {}).status, 404);
    // A session route is not reachable under /p/, nor a public one under /api/.
    EXPECT_EQ(send(host.port(), "GET", "/api/devices/t/x", {}).status, 401);
}

TEST_F(RouteKinds, APublicBodyIsSmall) {
    EXPECT_EQ(send(host.port(), "POST", "/p/devices/echo", {}, std::string(1000, 'x'), "text/plain").json["bytes"],
              1000);
    auto big = send(host.port(), "POST", "/p/devices/echo", {}, std::string(17 * 1024, 'x'), "text/plain");
    EXPECT_EQ(big.status, 413);
}

TEST_F(RouteKinds, APublicRouteIsThrottledPerAddress) {
    int first429 = -1;
    for (int i = 0; i < 200 && first429 < 0; ++i)
        if (send(host.port(), "GET", "/p/devices/t/x", {}).status == 429) first429 = i;
    EXPECT_EQ(first429, 120);  // the documented limit: 120 requests a minute from one address
    auto refused = send(host.port(), "GET", "/p/devices/t/x", {});
    EXPECT_EQ(refused.code(), "request.rate_limited");
    EXPECT_GE(std::atoi(refused.header("Retry-After").c_str()), 1);
    EXPECT_EQ(statusFrom("127.0.0.2", host.port(), "/p/devices/t/x"), 410);  // another address is still served
    host.advance(std::chrono::seconds(61));
    EXPECT_EQ(send(host.port(), "GET", "/p/devices/t/x", {}).status, 410);
}

TEST_F(RouteKinds, ViewingTerminalsRecordEventsWithTheirAccounts) {
    host.addAccount(kCode, "medinfo", "doc01", "Passw0rd!x", "医師 一郎");
    Json ev{{"at", "2026-11-24T12:00:00+09:00"},
            {"category", "medical.drug"},
            {"patient", {{"name", "山田　太郎"}, {"kana", "ヤマダ　タロウ"}, {"birth_date", "1960-04-01"}}},
            {"insurer_number", "01130012"},
            {"card_number", "5678"}};
    Json batch = Json::array();
    for (int i = 0; i < 1000; ++i) batch.push_back(ev);
    auto ok = send(host.port(), "POST", "/api/viewing/events",
                   {{"Authorization", basicAuth(std::string(kCode) + "/doc01", "Passw0rd!x")}},
                   Json{{"events", batch}}.dump());
    ASSERT_EQ(ok.status, 201) << ok.body.substr(0, 300);
    EXPECT_EQ(ok.json["recorded"], 1000);
    // A card reader is no viewer; a session is no credential; another institution's event is refused.
    EXPECT_EQ(send(host.port(), "POST", "/api/viewing/events",
                   {{"Authorization", basicAuth(std::string(kCode) + "/F0read01", "Reader0pass")}},
                   Json{{"events", {ev}}}.dump())
                  .status,
              403);
    EXPECT_EQ(host.loginAs(kCode, "adm1")->post("/api/viewing/events", {{"events", {ev}}}).status, 401);
    Json foreign = ev;
    foreign["institution"] = kOther;
    auto refused = send(host.port(), "POST", "/api/viewing/events",
                        {{"Authorization", basicAuth(std::string(kCode) + "/doc01", "Passw0rd!x")}},
                        Json{{"events", {foreign}}}.dump());
    EXPECT_EQ(refused.code(), "viewing.institution");
    auto lease = host.core().pool().lease();
    auto s = lease->prepare("SELECT count(*), min(user_name), min(institution) FROM viewing_events");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.i64(0), 1000);
    EXPECT_EQ(s.text(1), "医師 一郎");
    EXPECT_EQ(s.text(2), kCode);
}

TEST(RouteManifest, RouteKindsAreCheckedAtLoad) {
    auto check = [](Json route) {
        Json m{{"id", "dev"}, {"name", {{"ja", "端末"}}}, {"routes", {route}}};
        oqs::host::LoadedPlugin out;
        auto checked = oqs::host::checkManifest("dev", m, out);
        return checked ? std::string() : checked.error().message;
    };
    EXPECT_EQ(check({{"method", "GET"}, {"path", "/p/dev/x"}, {"auth", "public"}}), "");
    EXPECT_EQ(check({{"method", "GET"}, {"path", "/api/dev/x"}, {"auth", "credential"}, {"kinds", {"face"}}}), "");
    EXPECT_NE(check({{"method", "GET"}, {"path", "/api/dev/x"}, {"auth", "public"}}), "");
    EXPECT_NE(check({{"method", "GET"}, {"path", "/p/dev/x"}, {"auth", "session"}, {"kinds", {"admin"}}}), "");
    EXPECT_NE(check({{"method", "GET"}, {"path", "/p/dev/x"}, {"auth", "public"}, {"kinds", {"admin"}}}), "");
    EXPECT_NE(check({{"method", "DELETE"}, {"path", "/p/dev/x"}, {"auth", "public"}}), "");
    EXPECT_NE(check({{"method", "GET"}, {"path", "/api/dev/x"}, {"auth", "credential"}}), "");
    EXPECT_NE(check({{"method", "GET"}, {"path", "/api/dev/x"}, {"auth", "cookie"}, {"kinds", {"face"}}}), "");
}
