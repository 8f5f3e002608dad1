// Register, search, update, delete and password initialisation as an administrator uses them (SPEC.md §2.6–2.12).
#include "accounts_common.hpp"

using namespace oqs::test;

namespace {

class Manage : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addInstitution(kPhaCode, "テスト薬局", "pharmacy");
        host.addAccount(kMedCode, "admin", "adm01");
        host.addAccount(kPhaCode, "admin", "adm01");
        admin = host.loginAs(kMedCode, "adm01");
    }
    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> admin;
};

TEST_F(Manage, RegisterAnswersTheIDAndAnInitialPasswordThatMustBeChanged) {
    auto r = admin->post("/api/accounts/accounts", newAccount("general", "staff01"));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json["message"]["ja"], "アカウント情報を登録しました。");
    EXPECT_EQ(r.json["show"][0]["value"], "staff01");
    EXPECT_EQ(r.json["show"][1]["secret"], true);
    std::string password = r.json["initial_password"];
    auto user = host.client();
    auto login = user->login(kMedCode, "staff01", password);
    EXPECT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(login.json["password_change_required"], true);
    auto stored = storedAccount(host, kMedCode, "staff01");
    EXPECT_EQ(stored["start_date"], "2026-11-01");
    EXPECT_EQ(stored["end_date"], "2027-03-31");
    EXPECT_EQ(stored["kana"], "シケン　ハナコ");
}

TEST_F(Manage, EveryFailingFieldIsReportedAtOnceAndNothingIsStored) {
    Json bad{{"kind", "general"}, {"user_id", "A0x"},           {"name", "Hanako"},
             {"kana", "はなこ"},  {"start_date", "2026/02/30"}, {"end_date", ""}};
    auto r = admin->post("/api/accounts/accounts", bad);
    EXPECT_EQ(r.status, 400);
    auto fields = r.json["error"]["fields"];
    EXPECT_EQ(fields["user_id"], "ユーザIDの先頭に「R0」～「R9」、「A0」～「A9」、「F0」～「F9」は使用できません。");
    EXPECT_TRUE(fields.contains("name"));
    EXPECT_TRUE(fields.contains("kana"));
    EXPECT_TRUE(fields.contains("start_date"));
    EXPECT_TRUE(storedAccount(host, kMedCode, "A0x").is_null());

    Json order = newAccount("general", "staff02");
    order["end_date"] = "2026/10/31";
    auto o = admin->post("/api/accounts/accounts", order);
    EXPECT_EQ(o.errorCode(), "accounts.dates.order");
    EXPECT_EQ(o.json["error"]["fields"]["end_date"], "利用終了年月日は利用開始年月日以降の日付を入力してください。");
    // Same day is allowed; the end date may be left empty.
    order["end_date"] = "2026-11-01";
    EXPECT_EQ(admin->post("/api/accounts/accounts", order).status, 201);
    Json open = newAccount("medinfo", "doc01");
    open.erase("end_date");
    EXPECT_EQ(admin->post("/api/accounts/accounts", open).status, 201);
    EXPECT_TRUE(storedAccount(host, kMedCode, "doc01")["end_date"].is_null());
}

TEST_F(Manage, SystemPrefixesFollowTheInstitutionKind) {
    auto pha = host.loginAs(kPhaCode, "adm01");
    EXPECT_EQ(pha->post("/api/accounts/accounts", newAccount("webapi", "A0123")).errorCode(),
              "accounts.user_id.prefix");
    EXPECT_EQ(pha->post("/api/accounts/accounts", newAccount("webapi", "A1123")).status, 201);
    EXPECT_EQ(pha->post("/api/accounts/accounts", newAccount("linkapp", "R1123")).status, 201);
    EXPECT_EQ(pha->post("/api/accounts/accounts", newAccount("face", "F0123")).status, 201);
    EXPECT_EQ(admin->post("/api/accounts/accounts", newAccount("webapi", "A1123")).errorCode(),
              "accounts.user_id.prefix");
    EXPECT_EQ(admin->post("/api/accounts/accounts", newAccount("linkapp", "R0123")).status, 201);
    // The register panel pre-fills the prefix of the institution's kind when the role is chosen.
    auto panel = pha->get("/api/panels/accounts/register");
    ASSERT_EQ(panel.status, 200) << panel.body;
    Json kind = panel.json["body"][2]["fields"][0];
    EXPECT_EQ(kind["id"], "kind");
    for (const auto& o : kind["options"])
        if (o["value"] == "webapi") {
            EXPECT_EQ(o["fills"]["user_id"], "A1");
        }
}

TEST_F(Manage, RegisteredAndDeletedIDsCanNeverBeUsedAgain) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "staff01")).status, 201);
    auto again = admin->post("/api/accounts/accounts", newAccount("medinfo", "staff01"));
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.json["error"]["fields"]["user_id"],
              "指定されたユーザIDは既に登録済み、または削除済みのため使用できません。");
    ASSERT_EQ(admin->del("/api/accounts/accounts/staff01").status, 200);
    EXPECT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "staff01")).status, 409);
    // OQ-12: IDs compare case-sensitively, so another case is a different ID.
    EXPECT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "STAFF01")).status, 201);
}

TEST_F(Manage, SearchFiltersPagesAndStaysInScope) {
    for (int i = 0; i < 12; ++i) {
        std::string id = "u" + std::to_string(10 + i);
        auto a = newAccount(i % 3 == 0 ? "medinfo" : "general", id);
        a["name"] = i < 6 ? "山田　太郎" : "佐藤　花子";
        a["kana"] = i < 6 ? "ヤマダ　タロウ" : "サトウ　ハナコ";
        if (i == 11) a["start_date"] = "2027/01/01";
        ASSERT_EQ(admin->post("/api/accounts/accounts", a).status, 201);
    }
    admin->patch("/api/accounts/accounts/u10", {{"invalid", true}});
    host.addAccount(kMedCode, "admin", "adm02");  // out of an administrator's scope
    auto all = admin->get("/api/accounts/accounts?kind=all");
    EXPECT_EQ(all.json["total"], 12);
    EXPECT_EQ(all.json["rows"][0]["user_id"], "u10");  // sorted by user ID
    EXPECT_EQ(admin->get("/api/accounts/accounts?kind=medinfo").json["total"], 4);
    EXPECT_EQ(admin->get("/api/accounts/accounts?kind=admin").json["total"], 0);
    EXPECT_EQ(admin->get("/api/accounts/accounts?name=%E5%B1%B1%E7%94%B0").json["total"], 6);  // 山田, partial
    EXPECT_EQ(admin->get("/api/accounts/accounts?kana=%E3%83%8F%E3%83%8A").json["total"], 6);  // ハナ
    EXPECT_EQ(admin->get("/api/accounts/accounts?user_id=u1").json["total"], 0);               // exact match (OQ-14)
    EXPECT_EQ(admin->get("/api/accounts/accounts?user_id=u11").json["total"], 1);
    auto invalid = admin->get("/api/accounts/accounts?valid=invalid");
    EXPECT_EQ(invalid.json["total"], 1);
    EXPECT_EQ(invalid.json["rows"][0]["valid_label"], "無効");
    EXPECT_EQ(admin->get("/api/accounts/accounts?valid=valid").json["total"], 11);
    EXPECT_EQ(admin->get("/api/accounts/accounts?start_date=2027%2F01%2F01").json["total"], 1);
    EXPECT_EQ(admin->get("/api/accounts/accounts?end_date=2027-03-31&kind=general").json["total"], 8);
    EXPECT_EQ(admin->get("/api/accounts/accounts?locked=locked").json["total"], 0);
    auto page = admin->get("/api/accounts/accounts?offset=10&limit=5");
    EXPECT_EQ(page.json["total"], 12);
    ASSERT_EQ(page.json["rows"].size(), 2u);
    EXPECT_EQ(page.json["rows"][1]["user_id"], "u21");
    auto none = admin->get("/api/accounts/accounts?name=%E9%88%B4%E6%9C%A8");  // 鈴木
    EXPECT_EQ(none.json["total"], 0);
    EXPECT_EQ(none.json["message"]["ja"], "該当するアカウント情報が存在しません。");
    EXPECT_EQ(admin->get("/api/accounts/accounts?start_date=2027-13-01").errorCode(), "accounts.dates.format");
    // 《検索》: one hit opens the account, several list them in the panel.
    EXPECT_EQ(admin->get("/api/accounts/search?user_id=u11").json["goto"]["panel"], "accounts.edit");
    auto many = admin->get("/api/accounts/search?kind=general");
    EXPECT_EQ(many.json["goto"]["panel"], "accounts.search");
    EXPECT_EQ(many.json["goto"]["params"]["kind"], "general");
}

TEST_F(Manage, UpdateChangesOnlyWhatTheScreenAllows) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "staff01")).status, 201);
    auto r = admin->patch("/api/accounts/accounts/staff01", {{"name", "試験　次郎"},
                                                             {"kana", "シケン　ジロウ"},
                                                             {"invalid", true},
                                                             {"start_date", "2027/01/01"},
                                                             {"end_date", ""},
                                                             {"kind", "medinfo"},
                                                             {"user_id", "x"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["message"]["ja"], "アカウント情報を更新しました。");
    auto s = storedAccount(host, kMedCode, "staff01");
    EXPECT_EQ(s["name"], "試験　次郎");
    EXPECT_EQ(s["valid"], false);
    EXPECT_EQ(s["kind"], "general");  // immutable (ACC-KIND-03)
    EXPECT_TRUE(s["end_date"].is_null());
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"end_date", "2026/12/31"}}).errorCode(),
              "accounts.dates.order");
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"locked", "locked"}}).errorCode(),
              "accounts.lock.manual");
    EXPECT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"name", "Jiro"}}).errorCode(), "accounts.name.charset");
    EXPECT_EQ(storedAccount(host, kMedCode, "staff01")["name"], "試験　次郎");
}

TEST_F(Manage, UnlockAndResetClearTheLock) {
    host.addAccount(kMedCode, "general", "gen01");
    auto victim = host.client();
    for (int i = 0; i < 5; ++i) victim->login(kMedCode, "gen01", "wrong-password");
    ASSERT_EQ(victim->login(kMedCode, "gen01", "Passw0rd!x").status, 423);
    EXPECT_EQ(admin->get("/api/accounts/accounts?locked=locked").json["rows"][0]["lock_label"], "ロック中");
    ASSERT_EQ(admin->patch("/api/accounts/accounts/gen01", {{"locked", "none"}}).status, 200);
    EXPECT_EQ(victim->login(kMedCode, "gen01", "Passw0rd!x").status, 200);

    for (int i = 0; i < 5; ++i) victim->login(kMedCode, "gen01", "wrong-password");
    auto reset = admin->post("/api/accounts/accounts/gen01/reset", Json::object());
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(reset.json["message"]["ja"], "パスワードを初期化しました。");
    auto login = host.client()->login(kMedCode, "gen01", reset.json["initial_password"]);
    EXPECT_EQ(login.status, 200);
    EXPECT_EQ(login.json["password_change_required"], true);
    EXPECT_EQ(host.client()->login(kMedCode, "gen01", "Passw0rd!x").status, 401);  // the old one is gone
}

TEST_F(Manage, DeletedAccountsCannotLogInAndAreNeverFound) {
    host.addAccount(kMedCode, "general", "gen01");
    ASSERT_EQ(admin->del("/api/accounts/accounts/gen01").status, 200);
    EXPECT_EQ(host.client()->login(kMedCode, "gen01", "Passw0rd!x").status, 401);
    EXPECT_EQ(admin->get("/api/accounts/accounts").json["total"], 0);
    EXPECT_EQ(admin->get("/api/accounts/accounts/gen01").status, 404);
    EXPECT_EQ(admin->del("/api/accounts/accounts/gen01").status, 404);
}

TEST_F(Manage, PanelsFollowTheCallersRights) {
    host.addAccount(kMedCode, "master", "mst01");
    auto master = host.loginAs(kMedCode, "mst01");
    auto reg = master->get("/api/panels/accounts/register");
    ASSERT_EQ(reg.status, 200) << reg.body;
    Json kind = reg.json["body"][2]["fields"][0];
    ASSERT_EQ(kind["options"].size(), 1u);  // the master registers administrators only: fixed
    EXPECT_EQ(kind["value"], "admin");
    auto adminReg = admin->get("/api/panels/accounts/register");
    EXPECT_EQ(adminReg.json["body"][2]["fields"][0]["options"].size(), 5u);

    host.addAccount(kMedCode, "master_reset", "rst01");
    auto reset = host.loginAs(kMedCode, "rst01");
    auto edit = reset->get("/api/panels/accounts/edit?user_id=mst01");
    ASSERT_EQ(edit.status, 200) << edit.body;
    std::vector<std::string> buttons;
    for (const auto& w : edit.json["body"])
        if (w["type"] == "actions")
            for (const auto& a : w["items"]) buttons.push_back(a["id"]);
    EXPECT_EQ(buttons, (std::vector<std::string>{"reset", "menu", "back"}));
    EXPECT_EQ(reset->get("/api/panels/accounts/register").status, 403);

    host.addAccount(kMedCode, "general", "gen01");
    auto adminEdit = admin->get("/api/panels/accounts/edit?user_id=gen01");
    buttons.clear();
    for (const auto& w : adminEdit.json["body"])
        if (w["type"] == "actions")
            for (const auto& a : w["items"]) {
                buttons.push_back(a["id"]);
                if (a["id"] == "delete") {
                    EXPECT_EQ(a["confirm"].size(), 2u);
                }  // two confirmations (ACC-DEL)
            }
    EXPECT_EQ(buttons, (std::vector<std::string>{"reset", "update", "delete", "menu", "back"}));
}

TEST_F(Manage, TheMenuShowsTheItemsToWhoMayUseThem) {
    auto items = [](const Reply& menu) {
        std::vector<std::string> ids;
        for (const auto& g : menu.json["groups"])
            for (const auto& i : g["items"]) ids.push_back(i["id"]);
        return ids;
    };
    auto adminItems = items(admin->get("/api/menu"));
    EXPECT_NE(std::find(adminItems.begin(), adminItems.end(), "accounts.register"), adminItems.end());
    EXPECT_NE(std::find(adminItems.begin(), adminItems.end(), "accounts.update"), adminItems.end());
    host.addAccount(kMedCode, "master_reset", "rst01");
    auto resetItems = items(host.loginAs(kMedCode, "rst01")->get("/api/menu"));
    EXPECT_EQ(std::find(resetItems.begin(), resetItems.end(), "accounts.register"), resetItems.end());
    EXPECT_NE(std::find(resetItems.begin(), resetItems.end(), "accounts.update"), resetItems.end());
    host.addAccount(kMedCode, "general", "gen01");
    auto generalItems = items(host.loginAs(kMedCode, "gen01")->get("/api/menu"));
    EXPECT_EQ(std::find(generalItems.begin(), generalItems.end(), "accounts.update"), generalItems.end());
}

TEST_F(Manage, EveryChangeIsAuditedWithTheActingAccount) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "staff01")).status, 201);
    ASSERT_EQ(admin->patch("/api/accounts/accounts/staff01", {{"name", "変更　後"}}).status, 200);
    ASSERT_EQ(admin->post("/api/accounts/accounts/staff01/reset", Json::object()).status, 200);
    ASSERT_EQ(admin->del("/api/accounts/accounts/staff01").status, 200);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(host.dbPath().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "SELECT action, user_id FROM audit WHERE action LIKE 'identity.account.%' ORDER BY id",
                           -1, &st, nullptr),
        SQLITE_OK)
        << sqlite3_errmsg(db);
    std::vector<std::string> actions;
    while (sqlite3_step(st) == SQLITE_ROW) {
        actions.push_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)), "adm01");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_EQ(actions, (std::vector<std::string>{"identity.account.create", "identity.account.update",
                                                 "identity.account.reset_password", "identity.account.delete"}));
}

// Issue 10 item 5b: a field of the wrong JSON type answered 500 ({"unlock":"yes"}). Every field the routes read is
// type-checked and refused by name, and nothing changes.
TEST_F(Manage, Issue10_WrongJsonTypesAnswered500) {
    host.addAccount(kMedCode, "general", "gen01");
    auto before = storedAccount(host, kMedCode, "gen01");
    const Json patches[] = {
        {{"unlock", "yes"}},
        {{"unlock", 1}},
        {{"valid", "no"}},
        {{"invalid", 1}},
        {{"locked", "maybe"}},
        {{"locked", 5}},
        {{"name", 5}},
        {{"kana", true}},
        {{"start_date", 20261101}},
        {{"end_date", false}},
        {{"name", Json::array({"山田"})}},
        {{"kana", Json::object()}},
    };
    for (const auto& body : patches) {
        auto r = admin->patch("/api/accounts/accounts/gen01", body);
        EXPECT_EQ(r.status, 400) << body.dump() << " " << r.body;
        EXPECT_EQ(r.errorCode(), "accounts.type") << body.dump();
        EXPECT_TRUE(r.json["error"]["fields"].contains(body.begin().key())) << r.body;
    }
    EXPECT_EQ(storedAccount(host, kMedCode, "gen01"), before);

    for (const char* field : {"kind", "user_id", "name", "kana", "start_date", "end_date"})
        for (const Json& wrong : {Json(123), Json::array(), Json::object(), Json(true)}) {
            Json body = newAccount("general", "staff01");
            body[field] = wrong;
            auto r = admin->post("/api/accounts/accounts", body);
            EXPECT_EQ(r.status, 400) << field << "=" << wrong.dump() << " " << r.body;
            EXPECT_TRUE(r.json["error"]["fields"].contains(field)) << r.body;
            EXPECT_EQ(r.json["error"]["fields"].size(), 1u) << r.body;  // the other fields are fine
        }
    EXPECT_TRUE(storedAccount(host, kMedCode, "staff01").is_null());

    for (const char* query : {"offset=abc", "limit=1.5", "offset=-"}) {
        auto r = admin->get(std::string("/api/accounts/accounts?") + query);
        EXPECT_EQ(r.errorCode(), "accounts.query.invalid") << query;
        EXPECT_TRUE(r.json["error"]["fields"].contains(std::string(query).substr(0, std::string(query).find('='))));
    }
    auto en = host.client("en");
    en->login(kMedCode, "adm01", "Passw0rd!x");
    auto r = en->patch("/api/accounts/accounts/gen01", {{"unlock", "yes"}});
    EXPECT_EQ(r.json["error"]["fields"]["unlock"], "Wrong type: send true or false.");
}

// Issue 10 item 7: an account made 無効 or deleted, or given a new initial password, kept its open sessions.
TEST_F(Manage, Issue10_ChangedAccountsKeptTheirSessions) {
    for (const char* id : {"gen01", "gen02", "gen03", "gen04"}) host.addAccount(kMedCode, "general", id);
    auto invalidated = host.loginAs(kMedCode, "gen01");
    auto deleted = host.loginAs(kMedCode, "gen02");
    auto reset = host.loginAs(kMedCode, "gen03");
    auto renamed = host.loginAs(kMedCode, "gen04");
    ASSERT_EQ(admin->patch("/api/accounts/accounts/gen01", {{"invalid", true}}).status, 200);
    ASSERT_EQ(admin->del("/api/accounts/accounts/gen02").status, 200);
    ASSERT_EQ(admin->post("/api/accounts/accounts/gen03/reset", Json::object()).status, 200);
    ASSERT_EQ(admin->patch("/api/accounts/accounts/gen04", {{"name", "改名　後"}}).status, 200);
    EXPECT_EQ(invalidated->get("/api/menu").status, 401);
    EXPECT_EQ(deleted->get("/api/menu").status, 401);
    EXPECT_EQ(reset->get("/api/menu").status, 401);
    EXPECT_EQ(renamed->get("/api/menu").status, 200);  // still usable: nothing to end
    EXPECT_EQ(admin->get("/api/menu").status, 200);
}

// Issue 10 item 14: 𠮷 and 𩸽 in ユーザ名, ・ in カナ and names pasted in decomposed form were refused. They are
// stored in NFC, and a decomposed search condition finds them.
TEST_F(Manage, Issue10_NamesRealPeopleHaveWereRefused) {
    auto a = newAccount("general", "yoshi1");
    a["name"] = "𠮷田　𩸽";
    a["kana"] = "ジョン・スミス";
    auto r = admin->post("/api/accounts/accounts", a);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(storedAccount(host, kMedCode, "yoshi1")["name"], "𠮷田　𩸽");

    auto d = newAccount("general", "deco1");
    d["name"] = "か\u3099くと";  // が, decomposed
    d["kana"] = "カ\u3099クト";
    ASSERT_EQ(admin->post("/api/accounts/accounts", d).status, 201);
    EXPECT_EQ(storedAccount(host, kMedCode, "deco1")["name"], "がくと");
    EXPECT_EQ(storedAccount(host, kMedCode, "deco1")["kana"], "ガクト");
    ASSERT_EQ(admin->patch("/api/accounts/accounts/deco1", {{"kana", "ハ\u309Aン"}}).status, 200);
    EXPECT_EQ(storedAccount(host, kMedCode, "deco1")["kana"], "パン");
    EXPECT_EQ(admin->get("/api/accounts/accounts?name=%E3%81%8B%E3%82%99").json["total"], 1);  // か + U+3099
}

}  // namespace
