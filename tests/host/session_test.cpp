// Sessions: timeouts on the injectable clock, CSRF, logout, ending every session of one institution.
#include "common.hpp"

using namespace oqs::test;
using namespace std::chrono_literals;

class Sessions : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution(kOther, "他院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kCode, "general", "gen1");
        host.addAccount(kOther, "admin", "adm1");
    }
    TestHost host{{oqs_plugin_entry_probe()}};
};

TEST_F(Sessions, IdleTimeoutEndsTheSession) {
    auto c = host.loginAs(kCode, "adm1");
    host.advance(29min);
    EXPECT_EQ(c->get("/api/menu").status, 200);  // activity moves the idle clock
    host.advance(29min);
    EXPECT_EQ(c->get("/api/menu").status, 200);
    host.advance(30min);
    EXPECT_EQ(c->get("/api/menu").errorCode(), "session.expired");
    EXPECT_EQ(c->get("/api/menu").errorCode(), "session.required");  // the row is gone
}

TEST_F(Sessions, AbsoluteTimeoutEndsEvenAnActiveSession) {
    auto c = host.loginAs(kCode, "adm1");
    for (int i = 0; i < 35; ++i) {  // 35 × 20 min = 11 h 40 min of steady work
        host.advance(20min);
        ASSERT_EQ(c->get("/api/menu").status, 200) << i;
    }
    host.advance(20min);
    EXPECT_EQ(c->get("/api/menu").errorCode(), "session.expired");
}

TEST_F(Sessions, StateChangingRequestsNeedTheCsrfToken) {
    auto c = host.loginAs(kCode, "adm1");
    std::string token = c->csrf;
    c->csrf.clear();
    EXPECT_EQ(op(*c, "institution.get").errorCode(), "session.csrf");
    c->csrf = "forged";
    EXPECT_EQ(op(*c, "institution.get").errorCode(), "session.csrf");
    c->csrf = token;
    EXPECT_EQ(op(*c, "institution.get").status, 200);
    // Another session's token does not work either.
    auto other = host.loginAs(kCode, "gen1");
    c->csrf = other->csrf;
    EXPECT_EQ(c->del("/api/session").errorCode(), "session.csrf");
}

TEST_F(Sessions, LogoutEndsTheSessionAndClearsTheCookie) {
    auto c = host.loginAs(kCode, "adm1");
    auto r = c->del("/api/session");
    EXPECT_EQ(r.status, 204);
    EXPECT_NE(r.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(c->get("/api/menu").errorCode(), "session.required");
}

TEST_F(Sessions, AForgedCookieIsNotASession) {
    auto c = host.client();
    c->cookie = "oqs_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    EXPECT_EQ(c->get("/api/menu").errorCode(), "session.required");
}

TEST_F(Sessions, EndingAnInstitutionsSessionsTouchesNoOtherInstitution) {
    auto admin = host.loginAs(kCode, "adm1");
    auto general = host.loginAs(kCode, "gen1");
    auto otherAdmin = host.loginAs(kOther, "adm1");
    auto r = op(*admin, "sessions.end_institution", {{"keep_current", true}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["ended"], 1);
    EXPECT_EQ(general->get("/api/menu").errorCode(), "session.required");
    EXPECT_EQ(admin->get("/api/menu").status, 200);
    EXPECT_EQ(otherAdmin->get("/api/menu").status, 200);
    EXPECT_EQ(op(*admin, "sessions.end_institution").status, 200);
    EXPECT_EQ(admin->get("/api/menu").errorCode(), "session.required");
}

TEST_F(Sessions, ResettingAPasswordEndsThatAccountsSessions) {
    host.addAccount(kCode, "master", "mst2");
    auto admin = host.loginAs(kCode, "adm1");
    auto master = host.loginAs(kCode, "mst2");
    ASSERT_EQ(op(*master, "account.reset_password", {{"user_id", "adm1"}}).status, 200);
    EXPECT_EQ(admin->get("/api/menu").errorCode(), "session.required");
}

// Issue 10 item 7: an account made 無効, locked or deleted, or put out of its dates, kept its open sessions.
TEST_F(Sessions, Issue10_SessionsOutlivedTheAccountsState) {
    for (const char* id : {"gen2", "gen3", "gen4", "gen5", "gen6"}) host.addAccount(kCode, "general", id);
    auto admin = host.loginAs(kCode, "adm1");
    struct Change {
        const char* userId;
        Json in;
        const char* op;
    };
    const Change changes[] = {
        {"gen1", {{"valid", false}}, "account.update"},
        {"gen2", {{"end_date", "2026-11-24"}}, "account.update"},
        {"gen3", {{"start_date", "2026-11-26"}}, "account.update"},
        {"gen4", Json::object(), "account.delete"},
        {"gen5", Json::object(), "account.reset_password"},
    };
    for (const auto& ch : changes) {
        auto user = host.loginAs(kCode, ch.userId);
        ASSERT_EQ(user->get("/api/menu").status, 200);
        Json in = ch.in;
        in["user_id"] = ch.userId;
        auto r = op(*admin, ch.op, in);
        ASSERT_EQ(r.status, 200) << ch.op << " " << r.body;
        EXPECT_EQ(user->get("/api/menu").status, 401) << ch.userId << " after " << ch.op << " " << ch.in.dump();
    }
    // A change that leaves the account usable leaves its sessions alone.
    auto user = host.loginAs(kCode, "gen6");
    ASSERT_EQ(op(*admin, "account.update", {{"user_id", "gen6"}, {"name", "改名"}}).status, 200);
    EXPECT_EQ(user->get("/api/menu").status, 200);
    EXPECT_EQ(admin->get("/api/menu").status, 200);
}

// Issue 10 item 7: the wrong passwords that lock an account left its open sessions working.
TEST_F(Sessions, Issue10_ALockedAccountKeptItsSessions) {
    auto user = host.loginAs(kCode, "gen1");
    auto guesser = host.client();
    for (int i = 0; i < 4; ++i) ASSERT_EQ(guesser->login(kCode, "gen1", "Wrong0000").status, 401);
    EXPECT_EQ(user->get("/api/menu").status, 200);  // failures alone end nothing
    EXPECT_EQ(guesser->login(kCode, "gen1", "Wrong0000").errorCode(), "session.locked");
    EXPECT_EQ(user->get("/api/menu").status, 401);
}

// Issue 10 item 7: changing one's password left one's other sessions open. The session that changed it stays.
TEST_F(Sessions, Issue10_APasswordChangeLeftTheOtherSessionsOpen) {
    auto here = host.loginAs(kCode, "gen1");
    auto elsewhere = host.loginAs(kCode, "gen1");
    auto colleague = host.loginAs(kCode, "adm1");
    auto r = here->post("/api/session/password", {{"current_password", "Passw0rd!x"}, {"new_password", "Neue0pass"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(here->get("/api/menu").status, 200);
    EXPECT_EQ(elsewhere->get("/api/menu").status, 401);
    EXPECT_EQ(colleague->get("/api/menu").status, 200);
}
