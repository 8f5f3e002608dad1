// TD-01: the screen exists only in the verification environment, for administrators. In production the plugin is
// not loaded at all: no menu item, and every route and panel answers 404 (not 403), even with rows a verification
// run left in the database.
#include "testdata_fixture.hpp"

namespace testdata_test {
namespace {

bool menuHasSetup(const Json& menu) {
    for (const auto& g : menu.value("groups", Json::array()))
        for (const auto& i : g.value("items", Json::array()))
            if (i.value("panel", "") == "testdata/main") return true;
    return false;
}

struct Production : TestdataHost {
    Production() : TestdataHost("production") {}
};

TEST_F(Production, NoMenuItemAndEveryRouteAndPanelIs404) {
    auto code = institution();
    auto a = admin(code);
    auto menu = a->get("/api/menu");
    ASSERT_EQ(menu.status, 200) << menu.body;
    EXPECT_FALSE(menuHasSetup(menu.json)) << menu.body;
    EXPECT_EQ(a->get("/api/panels/testdata/main").status, 404);
    EXPECT_EQ(a->get("/api/testdata/links").status, 404);
    EXPECT_EQ(a->post("/api/testdata/links", {{"serial", "1"}, {"type", "1"}}).status, 404);
    EXPECT_EQ(a->del("/api/testdata/links").status, 404);
    EXPECT_EQ(a->get("/api/testdata/categories").status, 404);
    EXPECT_EQ(a->post("/api/testdata/consents/reset", Json::object()).status, 404);
    EXPECT_EQ(confirmCard(code, "123").status, 404);
    EXPECT_EQ(device("POST", "/api/testdata/qualifications/insurance", code, Json::object()).status, 404);
    // Listed as skipped, with the reason, so an operator sees why.
    auto plugins = host.plugins();
    bool skipped = false;
    for (const auto& s : plugins.value("skipped", Json::array())) skipped = skipped || s.value("id", "") == "testdata";
    EXPECT_TRUE(skipped) << plugins.dump();
    // The vendor plugin contributing a category is unaffected.
    bool homecare = false;
    for (const auto& l : plugins.value("loaded", Json::array())) homecare = homecare || l.value("id", "") == "homecare";
    EXPECT_TRUE(homecare);
}

TEST_F(Production, RowsLeftByAVerificationRunAreNeverServed) {
    auto code = institution();
    {
        // The plugin never ran its migrations here; give the file what a verification run would have left.
        auto lease = host.core().pool().lease();
        auto s = lease->prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'testdata_%'");
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.i64(0), 0);
        lease->exec(
            "CREATE TABLE testdata_links(institution TEXT, serial TEXT, type INTEGER, registered INTEGER, "
            "registrations INTEGER, pmh_id TEXT, linked_by TEXT, linked_ms INTEGER)");
        lease->exec("INSERT INTO testdata_links VALUES(?, '123', 1, 1, 0, NULL, 'admin01', 0)", code);
    }
    EXPECT_EQ(confirmCard(code, "123").status, 404);
    EXPECT_EQ(admin(code)->get("/api/testdata/links").status, 404);
}

TEST_F(TestdataHost, AdministratorsSeeTheMenuItemOthersDoNot) {
    auto code = institution();
    auto menu = admin(code)->get("/api/menu");
    ASSERT_EQ(menu.status, 200);
    EXPECT_TRUE(menuHasSetup(menu.json)) << menu.body;
    auto general = host.loginAs(code, "gen01");
    EXPECT_FALSE(menuHasSetup(general->get("/api/menu").json));
    EXPECT_EQ(general->get("/api/panels/testdata/main").status, 403);
    EXPECT_EQ(general->post("/api/testdata/links", {{"serial", "1"}, {"type", "1"}}).status, 403);
    EXPECT_EQ(general->del("/api/testdata/records").status, 403);
}

TEST_F(TestdataHost, ThePanelHasTheManualsAreasAndTheFourteenTypesInOrder) {
    auto code = institution();
    auto p = admin(code)->get("/api/panels/testdata/main");
    ASSERT_EQ(p.status, 200) << p.body;
    const std::string body = p.body;
    for (const char* label :
         {"① テスト用データ紐付登録", "② 紐付テストデータ削除", "③ データカテゴリ別テストデータ登録／削除",
          "④ 閲覧同意情報初期化", "紐付登録", "全件削除", "初期化", "保険証登録する", "PMH-ID"})
        EXPECT_NE(body.find(label), std::string::npos) << label;
    // The select of ① lists the 14 types in the manual's order.
    Json options;
    for (const auto& w : p.json["body"])
        if (w.value("id", "") == "area_link")
            for (const auto& f : w["body"][0]["fields"])
                if (f["id"] == "type") options = f["options"];
    ASSERT_EQ(options.size(), 14u);
    EXPECT_EQ(options[0]["label"]["ja"], "医療保険有効");
    EXPECT_EQ(options[4]["label"]["ja"], "医療保険有効（薬剤、診療・薬剤、特健情報なし）");
    EXPECT_EQ(options[13]["label"]["ja"], "医療扶助有効（自己情報提供不可）");
    // The data categories: this plugin's two and the vendor's; the malformed item is left out.
    EXPECT_NE(body.find("救急医療テスト"), std::string::npos);
    EXPECT_NE(body.find("訪問看護テスト"), std::string::npos);
    EXPECT_EQ(body.find("BAD KEY"), std::string::npos);
}

}  // namespace
}  // namespace testdata_test
