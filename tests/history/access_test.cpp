// Who may use ［医療情報閲覧履歴照会］ (HIS-02, SPEC.md §1.7.2): administrators only. General, medical-information,
// master and master-reset accounts neither see the menu item nor reach the screen or its routes; nobody reaches
// them without a session.
#include "history_fixture.hpp"

namespace history_test {
namespace {

bool menuHasHistory(const Json& menu) {
    const std::string text = menu.dump();
    return text.find("医療情報閲覧履歴照会") != std::string::npos;
}

TEST_F(HistoryHost, OnlyAdministratorsSeeAndUseIt) {
    auto code = institution();
    append({event(code, jst(2026, 11, 20, 10, 0))});
    const auto q = query("2026/11/20", 0, 0, "2026/11/20", 23, 59);

    auto a = admin(code);
    auto menu = a->get("/api/menu");
    ASSERT_EQ(menu.status, 200);
    EXPECT_TRUE(menuHasHistory(menu.json)) << menu.body;
    EXPECT_NE(menu.body.find("問い合わせ管理"), std::string::npos);

    const std::pair<std::string, std::string> others[] = {
        {"general", "gen01"}, {"medinfo", "med01"}, {"master", "mas01"}, {"master_reset", "rst01"}};
    for (const auto& [kind, id] : others) {
        host.addAccount(code, kind, id);
        auto c = host.loginAs(code, id);
        auto m = c->get("/api/menu");
        EXPECT_FALSE(menuHasHistory(m.json)) << kind;
        EXPECT_EQ(c->get("/api/panels/history/main").status, 403) << kind;
        auto s = c->get("/api/history/summary" + q);
        EXPECT_EQ(s.status, 403) << kind;
        EXPECT_EQ(s.errorCode(), "auth.forbidden") << kind;
        auto d = c->get("/api/history/download" + q);
        EXPECT_EQ(d.status, 403) << kind;
        EXPECT_EQ(d.body.find("山田"), std::string::npos) << kind;
    }
    auto anonymous = host.client();
    EXPECT_EQ(anonymous->get("/api/history/download" + q).status, 401);
    EXPECT_TRUE(audit(code, "history.download").empty());
}

}  // namespace
}  // namespace history_test
