// Who may read and change an institution's URLs: administrators of that institution only (URL-04), never another
// institution's, never without a session or CSRF token.
#include "mynaurl_fixture.hpp"

namespace mynaurl_test {
namespace {

using MynaurlBoundary = MynaurlHost;

TEST_F(MynaurlBoundary, AnotherInstitutionCannotReadOrChangeTheseUrls) {
    auto a = institution(), b = institution();
    auto ca = admin(a), cb = admin(b);
    const std::string urlA = url(*ca, "home_visit"), urlB = url(*cb, "home_visit");
    EXPECT_NE(urlA, urlB);
    // B's administrator only ever reaches B's row, whatever it sends.
    ASSERT_EQ(operate(*cb, "home_visit", "change").status, 200);
    EXPECT_EQ(url(*ca, "home_visit"), urlA);
    EXPECT_EQ(pageStatus(urlA), 200);
    auto png = cb->get("/api/mynaurl/home_visit/png");
    EXPECT_NE(png.header("Content-Disposition").find(b + "_houmon_QR.png"), std::string::npos);
    // A's URL shows A's name; B's panel shows B's code, not A's.
    auto panel = cb->get("/api/panels/mynaurl/main");
    EXPECT_EQ(panel.body.find(urlA), std::string::npos);
    EXPECT_NE(panel.body.find(b), std::string::npos);
    EXPECT_EQ(panel.body.find(a), std::string::npos);
    EXPECT_TRUE(audit(a, "mynaurl.url.change").empty());
    EXPECT_EQ(audit(b, "mynaurl.url.change").size(), 1u);
}

TEST_F(MynaurlBoundary, OnlyAdministratorsWithSessionAndCsrf) {
    auto code = institution();
    host.addAccount(code, "general", "gen01");
    host.addAccount(code, "medinfo", "med01");
    const std::string current = url(*admin(code), "home_visit");
    for (const char* user : {"gen01", "med01"}) {
        auto c = host.loginAs(code, user);
        EXPECT_EQ(c->get("/api/mynaurl/urls").status, 403) << user;
        EXPECT_EQ(c->get("/api/mynaurl/home_visit/png").status, 403) << user;
        EXPECT_EQ(c->get("/api/panels/mynaurl/main").status, 403) << user;
        EXPECT_EQ(operate(*c, "home_visit", "change").status, 403) << user;
        auto menu = c->get("/api/menu");
        EXPECT_EQ(menu.body.find("医療機関別URL取得・変更"), std::string::npos) << user;
    }
    auto anonymous = host.client();
    EXPECT_EQ(anonymous->get("/api/mynaurl/urls").status, 401);
    EXPECT_EQ(operate(*anonymous, "home_visit", "change").status, 401);
    auto noCsrf = admin(code);
    noCsrf->csrf.clear();
    EXPECT_EQ(operate(*noCsrf, "home_visit", "change").status, 403);
    EXPECT_EQ(url(*admin(code), "home_visit"), current);
    auto menu = admin(code)->get("/api/menu");
    EXPECT_NE(menu.body.find("医療機関別URL取得・変更"), std::string::npos);
    EXPECT_NE(menu.body.find("マイナ在宅受付web管理"), std::string::npos);
}

}  // namespace
}  // namespace mynaurl_test
