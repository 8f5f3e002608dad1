// Issue 10 item 2: invalid UTF-8 anywhere in a request (path, query, header, JSON body) is a 400 with the code
// request.encoding, and nothing in logging can throw: one request used to end the host (the access log dumped the
// path strictly: terminate … type_error.316).
#include "common.hpp"
#include "raw_http.hpp"
#include "real_host.hpp"

#include <algorithm>

using namespace oqs::test;

namespace {
const std::vector<std::string> kBadTargets = {"/%ff", "/api/%ff", "/%e3%81", "/%c0%ae%c0%ae/x",
                                              "/api/session/%ed%a0%80"};
}

// Run against the real binary with its access log on: on the old code the first of these ended the process.
TEST(HttpEncoding, InvalidUtf8InThePathIs400AndTheHostLives) {
    TestHost scratch;
    RealHost real(scratch.dir(), 0);
    ASSERT_GT(real.port(), 0) << real.output();
    for (const auto& target : kBadTargets) {
        auto a = raw::get(real.port(), target);
        EXPECT_EQ(a.status, 400) << target;
        EXPECT_EQ(a.errorCode(), "request.encoding") << target;
        ASSERT_TRUE(real.running()) << "the host ended on GET " << target << "\n" << real.output();
    }
    auto health = raw::get(real.port(), "/healthz");
    EXPECT_EQ(health.status, 200);
    // The access log still names the request, with the bad bytes replaced rather than thrown on.
    EXPECT_NE(real.output().find("\"status\":400"), std::string::npos);
}

class HttpEncodingLoggedIn : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        c = host.loginAs(kCode, "adm1");
    }
    // A request as the logged-in client, with the bytes of `target` and `extra` exactly as given.
    raw::Answer send(const std::string& method, const std::string& target, const std::string& extra = "",
                     const std::string& body = "") {
        raw::Conn conn(host.port());
        std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + c->cookie +
                          "\r\nX-CSRF-Token: " + c->csrf + "\r\n" + extra + "Connection: close\r\n";
        if (!body.empty() || method == "POST")
            req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        conn.send(req + "\r\n" + body);
        return conn.read();
    }
    TestHost host{{oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}};
    std::unique_ptr<Client> c;
};

// Old code: the plugin request JSON was dumped strictly → 500.
TEST_F(HttpEncodingLoggedIn, OverlongFormInARouteParameterIs400Not500) {
    auto a = send("GET", "/api/notes/notes/%c0%ae");
    EXPECT_EQ(a.status, 400);
    EXPECT_EQ(a.errorCode(), "request.encoding");
    EXPECT_EQ(send("GET", "/api/notes/notes/1").status, 404);  // a good parameter still reaches the plugin
}

TEST_F(HttpEncodingLoggedIn, InvalidUtf8InQueryHeaderOrJsonBodyIs400AndChangesNothing) {
    EXPECT_EQ(send("GET", "/api/notes/notes?offset=%ff").errorCode(), "request.encoding");
    EXPECT_EQ(send("GET", "/api/notes/notes?%c0%ae=1").errorCode(), "request.encoding");
    EXPECT_EQ(send("GET", "/api/menu", "X-Note: caf\xe9\r\n").errorCode(), "request.encoding");
    auto body = send("POST", "/api/notes/notes", "", "{\"title\":\"\xff\xfe\"}");
    EXPECT_EQ(body.status, 400);
    EXPECT_EQ(body.errorCode(), "request.encoding");
    auto overlong = send("POST", "/api/notes/notes", "", "{\"title\":\"\xc0\xae\"}");
    EXPECT_EQ(overlong.errorCode(), "request.encoding");
    EXPECT_EQ(c->get("/api/notes/notes").json["total"], 0);
    // Valid Japanese in every place is fine.
    EXPECT_EQ(
        send("POST", "/api/notes/notes?from=%E3%83%A1%E3%83%A2", "X-Note: メモ\r\n", R"({"title":"カルテ"})").status,
        201);
}

// An unauthenticated request is checked before anything else, and the message follows Accept-Language.
TEST_F(HttpEncodingLoggedIn, EncodingErrorsAreLocalised) {
    auto en = raw::get(host.port(), "/api/%ff", "Accept-Language: en\r\n");
    auto ja = raw::get(host.port(), "/api/%ff");
    EXPECT_EQ(en.errorCode(), "request.encoding");
    EXPECT_EQ(ja.errorCode(), "request.encoding");
    auto message = [](const raw::Answer& a) {
        return Json::parse(a.body, nullptr, false)["error"].value("message", "");
    };
    auto ascii = [](const std::string& s) {
        return std::all_of(s.begin(), s.end(), [](char ch) { return (ch & 0x80) == 0; });
    };
    EXPECT_FALSE(message(en).empty());
    EXPECT_TRUE(ascii(message(en)));
    EXPECT_FALSE(ascii(message(ja)));
}
