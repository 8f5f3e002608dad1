// Saving (SET-UPD): the terms of use when home-visit or online consultation is newly turned on, the audit trail,
// every session of the institution ending (and no other institution's), and other plugins reading the result.
#include "settings_fixture.hpp"

namespace settings_test {
namespace {

TEST_F(SettingsHost, TurningHomeVisitOnNeedsTheTermsAccepted) {
    std::string code = institution("MED");
    auto refused = save(code, {{"settings.home_visit", "use"}});
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_EQ(refused.errorCode(), "settings.terms");
    EXPECT_TRUE(refused.json["error"]["fields"].contains("settings.home_visit"));
    // An unticked box (the client cancelled nothing but the user unticked it) is no acceptance either.
    EXPECT_EQ(save(code, {{"settings.home_visit", "use"}, {"accept_terms.settings.home_visit", false}}).errorCode(),
              "settings.terms");
    // Accepting one field's terms does not accept the other's.
    EXPECT_EQ(save(code, {{"settings.online", "use"}, {"accept_terms.settings.home_visit", true}}).errorCode(),
              "settings.terms");
    EXPECT_EQ(values(code)["settings.home_visit"], "not_use");
    EXPECT_TRUE(audit(code, "settings.terms_accepted").empty());

    auto ok = save(code, {{"settings.home_visit", "use"}, {"accept_terms.settings.home_visit", true}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(values(code)["settings.home_visit"], "use");
    Json accepted = audit(code, "settings.terms_accepted");
    ASSERT_EQ(accepted.size(), 1u);
    EXPECT_EQ(accepted[0]["source"], "settings");
    EXPECT_EQ(accepted[0]["user_id"], "admin01");
    EXPECT_EQ(accepted[0]["detail"]["keys"], Json::array({"settings.home_visit"}));
    EXPECT_EQ(accepted[0]["detail"]["terms_version"], "1");

    // Already on: other changes need no new acceptance, and neither does turning it off.
    EXPECT_EQ(save(code, {{"settings.home_visit", "use"}, {"settings.emergency", "use"}}).status, 200);
    EXPECT_EQ(save(code, {{"settings.home_visit", "not_use"}}).status, 200);
    EXPECT_EQ(values(code)["settings.home_visit"], "not_use");
    EXPECT_EQ(audit(code, "settings.terms_accepted").size(), 1u);
}

TEST_F(SettingsHost, TurningOnlineConsultationOnNeedsTheTermsAccepted) {
    std::string code = institution("PHA");
    EXPECT_EQ(save(code, {{"settings.online", "use"}}).errorCode(), "settings.terms");
    ASSERT_EQ(save(code, {{"settings.online", "use"},
                          {"accept_terms.settings.online", true},
                          {"settings.home_visit", "use"},
                          {"accept_terms.settings.home_visit", true}})
                  .status,
              200);
    Json v = values(code);
    EXPECT_EQ(v["settings.online"], "use");
    EXPECT_EQ(v["settings.home_visit"], "use");
    EXPECT_EQ(audit(code, "settings.terms_accepted").at(0)["detail"]["keys"].size(), 2u);
}

TEST_F(SettingsHost, SavingEndsEverySessionOfTheInstitutionAndNoOther) {
    std::string code = institution("MED"), other = institution("MED");
    host.addAccount(code, "general", "user01");
    host.addAccount(code, "medinfo", "view01");
    host.addAccount(other, "general", "user01");
    auto admin1 = admin(code);
    auto user1 = host.loginAs(code, "user01");
    auto view1 = host.loginAs(code, "view01");
    auto admin2 = admin(other);
    auto user2 = host.loginAs(other, "user01");

    auto r = admin1->patch("/api/settings/values", {{"settings.medical_aid", "use"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["goto"], "login");
    EXPECT_EQ(r.json["sessions_ended"], 3);
    EXPECT_EQ(r.json["changed"], Json::array({"settings.medical_aid"}));
    std::string done = r.json["message"]["ja"];
    EXPECT_EQ(done.rfind("環境設定情報を更新しました。設定した内容を反映するために、システムからログアウトし、"
                         "ログインし直してください。全ての利用者に再度ログインしていただく必要があります。",
                         0),
              0u)
        << done;

    for (Client* c : {admin1.get(), user1.get(), view1.get()}) {
        auto menu = c->get("/api/menu");
        EXPECT_EQ(menu.status, 401);
        EXPECT_EQ(menu.errorCode(), "session.required");
    }
    for (Client* c : {admin2.get(), user2.get()}) EXPECT_EQ(c->get("/api/menu").status, 200);
    EXPECT_EQ(values(code)["settings.medical_aid"], "use");
    EXPECT_EQ(values(other)["settings.medical_aid"], "not_use");
}

TEST_F(SettingsHost, SavingNothingNewKeepsEveryoneLoggedIn) {
    std::string code = institution("MED");
    host.addAccount(code, "general", "user01");
    auto user = host.loginAs(code, "user01");
    auto admin1 = admin(code);
    auto r = admin1->patch("/api/settings/values", values(code));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["changed"], Json::array());
    EXPECT_FALSE(r.json.contains("goto"));
    EXPECT_EQ(user->get("/api/menu").status, 200);
    EXPECT_EQ(admin1->get("/api/menu").status, 200);
}

TEST_F(SettingsHost, ARefusedSaveEndsNoSession) {
    std::string code = institution("MED");
    auto admin1 = admin(code);
    EXPECT_EQ(admin1->patch("/api/settings/values", {{"settings.eprescription.timing", "at_confirmation"}}).status,
              400);
    EXPECT_EQ(admin1->get("/api/menu").status, 200);
}

TEST_F(SettingsHost, TheAuditEntryHoldsBeforeAndAfter) {
    std::string code = institution("MED");
    ASSERT_EQ(save(code, {{"settings.consent.clinical", "use"}, {"settings.display_name", "テスト在宅窓口"}}).status,
              200);
    Json rows = audit(code, "settings.update");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0]["user_id"], "admin01");
    const Json& d = rows[0]["detail"];
    // The drug item was switched off by the rule (OQ-30): that change is recorded too.
    EXPECT_EQ(d["before"], (Json{{"settings.consent.clinical", "not_use"},
                                 {"settings.consent.drug", "use"},
                                 {"settings.display_name", ""}}));
    EXPECT_EQ(d["after"], (Json{{"settings.consent.clinical", "use"},
                                {"settings.consent.drug", "not_use"},
                                {"settings.display_name", "テスト在宅窓口"}}));
    EXPECT_EQ(audit(code, "sessions.end_institution").size(), 1u);
}

TEST_F(SettingsHost, OtherPluginsReadTheSavedValuesFromTheNextLogin) {
    std::string code = institution("MED");
    host.addAccount(code, "general", "user01");
    ASSERT_EQ(save(code, {{"settings.home_visit", "use"}, {"accept_terms.settings.home_visit", true}}).status, 200);
    auto user = host.loginAs(code, "user01");
    auto r = user->post("/api/probe/call", {{"op", "settings.get"}, {"in", Json::object()}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["values"]["settings.home_visit"], "use");
    EXPECT_EQ(user->get("/api/probe/whoami").json["settings"]["settings.home_visit"], "use");
}

}  // namespace
}  // namespace settings_test
