// What any client meets at the edges: size limits, bad JSON, unknown routes, a crashing handler, the generated
// OpenAPI document, security headers.
#include "common.hpp"

using namespace oqs::test;

class Robustness : public ::testing::Test {
  protected:
    static Options small() {
        Options o;
        o.maxBodyBytes = 4096;
        return o;
    }
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        c = host.loginAs(kCode, "adm1");
    }
    TestHost host{{oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}, small()};
    std::unique_ptr<Client> c;
};

TEST_F(Robustness, ABodyOverTheLimitIs413WithTheEnvelope) {
    auto r = c->post("/api/notes/notes", {{"title", std::string(8000, 'a')}});
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.errorCode(), "request.too_large");
    EXPECT_EQ(c->get("/api/notes/notes").json["total"], 0);
}

TEST_F(Robustness, BadJsonIs400AndChangesNothing) {
    EXPECT_EQ(c->postRaw("/api/notes/notes", "{\"title\": ", "application/json").errorCode(), "request.json");
    EXPECT_EQ(c->postRaw("/api/notes/notes", "[1,2]", "application/json").errorCode(), "request.json");
    EXPECT_EQ(c->get("/api/notes/notes").json["total"], 0);
}

TEST_F(Robustness, UnknownRoutesAndMethods) {
    EXPECT_EQ(c->get("/api/notes/nothing").status, 404);
    EXPECT_EQ(c->get("/api/nothing/at/all").errorCode(), "request.not_found");
    EXPECT_EQ(c->del("/api/notes/export").errorCode(), "request.method");
    EXPECT_EQ(host.client()->get("/no-such-file.js").status, 404);
}

TEST_F(Robustness, AThrowingHandlerIs500WithoutInternals) {
    auto r = c->get("/api/probe/throws");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("passwd"), std::string::npos);
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_TRUE(r.json["error"].contains("message"));
    EXPECT_EQ(c->get("/api/menu").status, 200);  // the host carries on
}

TEST_F(Robustness, OpenApiIsGeneratedFromTheRegisteredRoutes) {
    auto r = host.client()->get("/api/openapi.json");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json["openapi"], "3.0.3");
    const auto& paths = r.json["paths"];
    ASSERT_TRUE(paths.contains("/api/notes/notes/{id}"));
    EXPECT_EQ(paths["/api/notes/notes/{id}"]["get"]["parameters"][0]["name"], "id");
    EXPECT_EQ(paths["/api/probe/admin-only"]["post"]["x-account-kinds"], Json::array({"admin"}));
    EXPECT_TRUE(paths.contains("/api/session"));
    // The error envelope once; every operation's 4XX and 5XX refer to it, declared or not (docs/api.md).
    EXPECT_EQ(r.json["components"]["schemas"]["Error"]["required"], Json::array({"error"}));
    const Json& create = paths["/api/notes/notes"]["post"];
    EXPECT_EQ(create["responses"]["4XX"]["$ref"], "#/components/responses/Error");
    EXPECT_EQ(create["responses"]["5XX"]["$ref"], "#/components/responses/Error");
    EXPECT_EQ(create["operationId"], "notes_post_notes");
    EXPECT_FALSE(create["requestBody"].contains("required"));  // undeclared: an empty body counts as {}
    // The host's own login body comes from the login form's fields.
    const Json& login = paths["/api/session"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    EXPECT_EQ(login["required"], Json::array({"institution", "user_id", "password"}));
    EXPECT_EQ(login["properties"]["institution"]["pattern"], "^[0-9]{10}$");
    EXPECT_EQ(paths["/api/session"]["post"]["security"], Json::array());
}

TEST_F(Robustness, SecurityHeadersAndNoCaching) {
    auto r = c->get("/api/menu");
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
    EXPECT_EQ(r.header("Cache-Control"), "no-store");
}

TEST_F(Robustness, DownloadsCarryTheirFileName) {
    ASSERT_EQ(c->post("/api/notes/notes", {{"title", "カルテ"}}).status, 201);
    auto r = c->get("/api/notes/export");
    ASSERT_EQ(r.status, 200);
    // On the wire the name is percent-encoded (RFC 5987); httplib's client decodes header values for us.
    EXPECT_NE(r.header("Content-Disposition").find("filename*=UTF-8''メモ一覧.csv"), std::string::npos);
    EXPECT_EQ(r.body, "\xEF\xBB\xBFid,title\r\n1,カルテ\r\n");
}
