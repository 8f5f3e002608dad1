// The institution boundary, the hierarchy the host enforces, and the menu rules of SPEC.md §1.7.
#include "common.hpp"
#include "host.hpp"

using namespace oqs::test;

namespace {
Json menuItems(const Reply& menu) {
    Json ids = Json::array();
    for (const auto& g : menu.json["groups"])
        for (const auto& i : g["items"]) ids.push_back(i["id"]);
    return ids;
}
bool has(const Json& ids, const std::string& id) { return std::find(ids.begin(), ids.end(), Json(id)) != ids.end(); }
}  // namespace

class Tenancy : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution(kOther, "他院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kOther, "admin", "adm1");
        host.addAccount(kOther, "general", "secret1");
    }
    TestHost host{{oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}};
};

TEST_F(Tenancy, ASessionOfASeesNoneOfBsRows) {
    auto a = host.loginAs(kCode, "adm1");
    auto b = host.loginAs(kOther, "adm1");
    auto created = b->post("/api/notes/notes", {{"title", "B の秘密"}});
    ASSERT_EQ(created.status, 201) << created.body;
    auto id = std::to_string(created.json["id"].get<int64_t>());
    EXPECT_EQ(b->get("/api/notes/notes/" + id).status, 200);
    EXPECT_EQ(a->get("/api/notes/notes/" + id).errorCode(), "notes.not_found");
    EXPECT_EQ(a->get("/api/notes/notes").json["total"], 0);
    // Identity: A's administrator cannot see, change or reset B's accounts with the same user ID either.
    EXPECT_EQ(op(*a, "account.get", {{"user_id", "secret1"}}).errorCode(), "identity.not_found");
    EXPECT_EQ(op(*a, "account.update", {{"user_id", "secret1"}, {"valid", false}}).errorCode(), "identity.not_found");
    EXPECT_EQ(op(*a, "account.search").json["total"], 0);
    EXPECT_EQ(op(*b, "account.search").json["total"], 1);
    auto ctx = a->get("/api/probe/whoami");
    EXPECT_EQ(ctx.json["institution"]["code"], kCode);
}

TEST_F(Tenancy, TheHostEnforcesTheHierarchyWhoeverCalls) {
    host.addAccount(kCode, "master", "mst2");
    host.addAccount(kCode, "master_reset", "rst2");
    host.addAccount(kCode, "admin", "adm2");
    host.addAccount(kCode, "general", "gen1");
    auto admin = host.loginAs(kCode, "adm1");
    auto master = host.loginAs(kCode, "mst2");
    auto reset = host.loginAs(kCode, "rst2");
    // The table, read as the caller's rights (what the screens offer), before a reset ends the master's session.
    Json others = Json::array({"general", "medinfo", "webapi", "linkapp", "face"});
    EXPECT_EQ(op(*admin, "account.rights").json, (Json{{"register", others}, {"update", others}, {"reset", others}}));
    EXPECT_EQ(op(*master, "account.rights").json,
              (Json{{"register", {"admin"}}, {"update", {"admin"}}, {"reset", {"admin"}}}));
    EXPECT_EQ(op(*reset, "account.rights").json,
              (Json{{"register", Json::array()}, {"update", Json::array()}, {"reset", {"master"}}}));
    auto account = [](const char* kind) {
        return Json{
            {"kind", kind}, {"user_id", "x1"}, {"name", "名前"}, {"kana", "ナマエ"}, {"start_date", "2026-11-25"}};
    };
    EXPECT_EQ(op(*admin, "account.create", account("admin")).errorCode(), "identity.forbidden");
    EXPECT_EQ(op(*master, "account.create", account("general")).errorCode(), "identity.forbidden");
    EXPECT_EQ(op(*master, "account.create", account("admin")).status, 200);
    EXPECT_EQ(op(*admin, "account.update", {{"user_id", "adm2"}, {"name", "変更"}}).errorCode(), "identity.not_found");
    EXPECT_EQ(op(*reset, "account.update", {{"user_id", "mst2"}, {"name", "変更"}}).errorCode(), "identity.forbidden");
    EXPECT_EQ(op(*reset, "account.delete", {{"user_id", "mst2"}}).errorCode(), "identity.forbidden");
    EXPECT_EQ(op(*reset, "account.reset_password", {{"user_id", "mst2"}}).status, 200);
    EXPECT_EQ(op(*reset, "account.reset_password", {{"user_id", "adm1"}}).errorCode(), "identity.not_found");
    auto scope = op(*master, "account.search");
    for (const auto& row : scope.json["rows"]) EXPECT_EQ(row["kind"], "admin");
}

TEST_F(Tenancy, RoutesRefuseAccountKindsTheyDoNotAllow) {
    host.addAccount(kCode, "general", "gen1");
    auto general = host.loginAs(kCode, "gen1");
    EXPECT_EQ(general->postRaw("/api/probe/admin-only", "", "text/plain").errorCode(), "auth.forbidden");
    EXPECT_EQ(general->get("/api/notes/export").errorCode(), "auth.forbidden");
    auto admin = host.loginAs(kCode, "adm1");
    EXPECT_EQ(admin->postRaw("/api/probe/admin-only", "", "text/plain").status, 200);
}

TEST(Menu, FollowsKindUsageStartEnvironmentAndSettings) {
    Options verification;
    verification.environment = "verification";
    TestHost prod({oqs_plugin_entry_notes(), oqs_plugin_entry_probe()});
    TestHost verif({oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}, verification);
    for (TestHost* h : {&prod, &verif}) {
        h->addInstitution(kCode, "テスト医院", "medical", "2026-01-01");
        h->addInstitution(kOther, "開業前", "medical", "2026-12-01");  // starts after the clock's today
        for (const char* code : {kCode, kOther}) {
            h->addAccount(code, "admin", "adm1");
            h->addAccount(code, "medinfo", "med1");
        }
    }
    auto adminMenu = prod.loginAs(kCode, "adm1")->get("/api/menu");
    ASSERT_EQ(adminMenu.status, 200);
    auto items = menuItems(adminMenu);
    EXPECT_TRUE(has(items, "console.password"));
    EXPECT_TRUE(has(items, "notes.main"));
    EXPECT_FALSE(has(items, "probe.verification"));
    EXPECT_FALSE(has(items, "probe.when_notes"));  // notes.enabled defaults to not_use
    EXPECT_FALSE(adminMenu.json["before_usage_start"].get<bool>());
    EXPECT_EQ(adminMenu.json["groups"][0]["id"], "accounts");  // groups sorted by order

    EXPECT_FALSE(has(menuItems(prod.loginAs(kCode, "med1")->get("/api/menu")), "notes.main"));
    EXPECT_TRUE(has(menuItems(verif.loginAs(kCode, "adm1")->get("/api/menu")), "probe.verification"));

    auto early = prod.loginAs(kOther, "adm1")->get("/api/menu");
    EXPECT_TRUE(early.json["before_usage_start"].get<bool>());
    EXPECT_TRUE(has(menuItems(early), "console.password"));
    EXPECT_FALSE(has(menuItems(early), "notes.main"));

    // A settings value shows an entry from the next login on (the session keeps its snapshot, HOST-SES-02).
    auto admin = prod.loginAs(kCode, "adm1");
    ASSERT_EQ(op(*admin, "settings.update", {{"values", {{"notes.enabled", "use"}}}}).status, 200);
    EXPECT_FALSE(has(menuItems(admin->get("/api/menu")), "probe.when_notes"));
    EXPECT_TRUE(has(menuItems(prod.loginAs(kCode, "adm1")->get("/api/menu")), "probe.when_notes"));
}

// The host's own screens are the built-in plugin "console" (host/builtin): its panels, its header links and the
// password item come through the plugin mechanism like any vendor's, and its notices from the host's operation.
TEST(Menu, TheHostsOwnScreensAreTheBuiltInConsolePlugin) {
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "general", "gen1");
    host.addAccount(kCode, "admin", "adm1");
    {
        auto lease = host.core().pool().lease();
        lease->exec("INSERT INTO notices(published, title, body) VALUES(?,?,?)", "2026-11-20", "保守のお知らせ",
                    "11月30日に保守作業を行います。");
    }
    auto c = host.loginAs(kCode, "gen1");
    auto contact = c->get("/api/panels/console/contact");
    ASSERT_EQ(contact.status, 200);
    EXPECT_EQ(contact.json["schema"], 1);
    EXPECT_EQ(contact.json["id"], "console.contact");
    EXPECT_NE(contact.body.find("0800-080-4583"), std::string::npos);
    auto notices = c->get("/api/panels/console/notices");
    EXPECT_EQ(notices.json["id"], "console.notices");
    EXPECT_NE(notices.body.find("2026/11/20　保守のお知らせ"), std::string::npos) << notices.body;  // yyyy/mm/dd
    EXPECT_EQ(c->get("/api/panels/console/nothing").errorCode(), "panel.not_found");
    EXPECT_EQ(c->get("/api/panels/host/contact").errorCode(), "panel.not_found");  // the host serves no screen
    EXPECT_EQ(c->get("/api/panels/nosuch/panel").errorCode(), "panel.not_found");

    auto menu = c->get("/api/menu");
    ASSERT_EQ(menu.json["header"].size(), 2u) << menu.body;
    EXPECT_EQ(menu.json["header"][0]["panel"], "console/notices");  // in the order the plugin gave them
    EXPECT_EQ(menu.json["header"][1]["panel"], "console/contact");
    EXPECT_EQ(menu.json["header"][1]["label"]["ja"], "お問い合わせ先");
    bool password = false;
    for (const auto& g : menu.json["groups"])
        for (const auto& i : g["items"])
            if (i["id"] == "console.password") password = i["builtin"] == "password" && !i.contains("panel");
    EXPECT_TRUE(password) << menu.body;

    // It is listed like any plugin, and a plugin from the folder cannot take its id.
    auto plugins = host.loginAs(kCode, "adm1")->get("/api/plugins");
    bool listed = false;
    for (const auto& p : plugins.json["loaded"])
        listed = listed || (p["id"] == "console" && p["file"] == "builtin:console");
    EXPECT_TRUE(listed) << plugins.body;
}

// Issue 10 item 11: after `institution add --usage-start 2099-04-01` the master's first login answered 403
// session.account_unusable, because its own start date was the usage start. HOST-MENU-10: the master logs in
// before it and, in the restricted menu, sets up the institution's accounts.
TEST(Menu, Issue10_NobodyCouldLogInBeforeTheUsageStart) {
    TestHost host({oqs_plugin_entry_notes(), oqs_plugin_entry_probe()});
    auto inst = host.addInstitution(kOther, "開業前", "medical", "2099-04-01");
    auto master = host.client();
    auto r = master->login(kOther, inst.masterId, inst.masterPassword);
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(
        master
            ->post("/api/session/password", {{"current_password", inst.masterPassword}, {"new_password", "Setup2099x"}})
            .status,
        200);
    auto menu = master->get("/api/menu");
    ASSERT_EQ(menu.status, 200) << menu.body;
    EXPECT_TRUE(menu.json["before_usage_start"].get<bool>());
    EXPECT_TRUE(has(menuItems(menu), "console.password"));
    EXPECT_FALSE(has(menuItems(menu), "notes.main"));
    // It registers the first administrator, who starts on the usage start date like the institution.
    auto admin = op(
        *master, "account.create",
        {{"kind", "admin"}, {"user_id", "adm1"}, {"name", "管理"}, {"kana", "カンリ"}, {"start_date", "2099-04-01"}});
    EXPECT_EQ(admin.status, 200) << admin.body;
    EXPECT_EQ(host.client()->login(kOther, inst.resetId, inst.resetPassword).status, 200);  // master-reset too
}
