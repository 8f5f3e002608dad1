// The card-reader plugin of docs/plugins.md (tests/fixtures/readers_plugin.cpp) over a real host: SDK 1.1's
// promises as a vendor relies on them — the id named once, paths and panels relative to the plugin, one form spec
// checked on the server in the caller's language, a paged list, and an entry point without a forwarder file.
#include "test_host.hpp"

#include <gtest/gtest.h>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_readers(void);

namespace {

using oqs::test::Json;
using oqs::test::TestHost;

constexpr const char* kCode = "1312345670";

struct ReadersExample : ::testing::Test {
    TestHost host{{oqs_plugin_entry_readers()}};
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution("1312345671", "他院", "medical");
        host.addAccount(kCode, "admin", "admin01");
        host.addAccount("1312345671", "admin", "admin01");
        host.addAccount(kCode, "general", "gen01");
    }
};

TEST_F(ReadersExample, ThePanelNamesEverythingAbsolutelyForTheClient) {
    auto p = host.loginAs(kCode, "admin01")->get("/api/panels/readers/main");
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.json["id"], "readers.main");
    const std::string body = p.body;
    EXPECT_NE(body.find(R"("path":"/api/readers/readers")"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("path":"/api/readers/readers/{serial}")"), std::string::npos) << body;
    EXPECT_EQ(body.find(R"("path":"readers)"), std::string::npos) << body;
}

TEST_F(ReadersExample, TheServerChecksTheFormsSpecInTheCallersLanguage) {
    auto a = host.loginAs(kCode, "admin01");
    auto bad = a->post("/api/readers/readers", {{"serial", "ab-1"}, {"place", std::string(31, 'x')}});
    ASSERT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.errorCode(), "form.invalid");
    EXPECT_EQ(bad.json["error"]["fields"]["serial"], "半角英大文字・数字で入力してください。");
    EXPECT_EQ(bad.json["error"]["fields"]["place"], "30文字以内で入力してください。");
    auto en = host.client("en");
    ASSERT_EQ(en->login(kCode, "admin01", "Passw0rd!x").status, 200);
    auto english = en->post("/api/readers/readers", {{"place", "受付"}});
    EXPECT_EQ(english.json["error"]["fields"]["serial"], "Use capital letters and digits.") << english.body;
    EXPECT_EQ(english.json["error"]["message"], "Some entries are not valid.");
    EXPECT_EQ(a->get("/api/readers/readers").json["total"], 0);  // nothing was stored
}

TEST_F(ReadersExample, AddListPageAndDeleteWithinTheInstitution) {
    auto a = host.loginAs(kCode, "admin01");
    for (const char* s : {"R3", "R1", "R2"})
        ASSERT_EQ(a->post("/api/readers/readers", {{"serial", s}, {"place", "受付"}}).status, 200);
    EXPECT_EQ(a->post("/api/readers/readers", {{"serial", "R1"}, {"place", "診察室"}}).status, 409);
    auto page = a->get("/api/readers/readers?offset=1&limit=1");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(page.json["total"], 3);
    ASSERT_EQ(page.json["rows"].size(), 1u);
    EXPECT_EQ(page.json["rows"][0]["serial"], "R2");
    EXPECT_FALSE(page.json["rows"][0].contains("oqs_total"));
    EXPECT_EQ(a->get("/api/readers/readers?offset=9").json["total"], 3);  // past the end, still the total
    EXPECT_EQ(a->get("/api/readers/readers?limit=abc").errorCode(), "request.paging");
    EXPECT_EQ(a->get("/api/readers/readers?offset=-1").status, 400);
    auto other = host.loginAs("1312345671", "admin01");
    EXPECT_EQ(other->get("/api/readers/readers").json["total"], 0);
    EXPECT_EQ(other->del("/api/readers/readers/R1").status, 404);
    EXPECT_EQ(a->del("/api/readers/readers/R1").status, 200);
    EXPECT_EQ(a->get("/api/readers/readers").json["total"], 2);
    EXPECT_EQ(host.loginAs(kCode, "gen01")->get("/api/readers/readers").status, 403);
}

TEST_F(ReadersExample, ABareSharedLibraryLoadsWithoutAForwarder) {
    oqs::test::Options o;
    o.pluginFiles = {OQS_READERS_BARE_SO};
    TestHost fromFile({}, o);
    auto plugins = fromFile.plugins();
    ASSERT_EQ(plugins["loaded"].size(), 2u) << plugins.dump();  // the built-in console, then the file
    EXPECT_EQ(plugins["loaded"][1]["id"], "readers");
    fromFile.addInstitution(kCode, "テスト医院", "medical");
    fromFile.addAccount(kCode, "admin", "admin01");
    EXPECT_EQ(
        fromFile.loginAs(kCode, "admin01")->post("/api/readers/readers", {{"serial", "R9"}, {"place", "受付"}}).status,
        200);
}

}  // namespace
