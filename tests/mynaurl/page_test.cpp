// The patients' page (/p/mynaurl/<token>) and the screen's sections as the settings switch them (OQ-49, SET-R10).
#include "mynaurl_fixture.hpp"

namespace mynaurl_test {
namespace {

using MynaurlPage = MynaurlHost;

// The widget with that id anywhere in a panel (sections included), or null.
Json widget(const Json& body, const std::string& id) {
    for (const auto& w : body) {
        if (w.value("id", "") == id) return w;
        if (w.contains("body"))
            if (Json found = widget(w["body"], id); !found.is_null()) return found;
        if (w.contains("fields"))
            if (Json found = widget(w["fields"], id); !found.is_null()) return found;
        if (w.contains("items"))
            if (Json found = widget(w["items"], id); !found.is_null()) return found;
    }
    return Json();
}

TEST_F(MynaurlPage, CurrentUrlShowsDisplayNameAndServiceWithoutScript) {
    auto code = institution(true, true, "テスト医院");
    auto c = admin(code);
    auto page = host.client()->get(pathOf(url(*c, "home_visit")));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.header("Content-Type").find("text/html"), std::string::npos);
    EXPECT_NE(page.body.find("<h1>テスト医院</h1>"), std::string::npos);  // SET-R10: empty display name → 医療機関名
    EXPECT_NE(page.body.find("訪問診療等"), std::string::npos);
    EXPECT_NE(page.body.find("マイナンバーカード"), std::string::npos);  // what happens next
    EXPECT_NE(page.body.find("name=\"viewport\""), std::string::npos);   // phones
    EXPECT_EQ(page.body.find("<script"), std::string::npos);
    EXPECT_NE(page.header("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    // The inline style is allowed: exactly one policy, the host's public one.
    EXPECT_EQ(page.headers.count("Content-Security-Policy"), 1u);
    EXPECT_NE(page.header("Content-Security-Policy").find("style-src 'unsafe-inline'"), std::string::npos);

    saveSettings(code, {{"settings.display_name", "<b>在宅クリニック</b>&"}});
    c = admin(code);
    page = host.client()->get(pathOf(url(*c, "online")));
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("&lt;b&gt;在宅クリニック&lt;/b&gt;&amp;"), std::string::npos);  // escaped, never markup
    EXPECT_EQ(page.body.find("<b>在宅"), std::string::npos);
    EXPECT_NE(page.body.find("オンライン診療等・外来診療等（通常とは異なる動線）"), std::string::npos);
}

TEST_F(MynaurlPage, UnknownAndMalformedTokensAnswerTheSameGonePage) {
    auto code = institution();
    auto c = admin(code);
    const std::string live = url(*c, "home_visit");
    std::string token = live.substr(live.rfind('/') + 1);
    std::string other = token;
    other[0] = other[0] == 'A' ? 'B' : 'A';
    for (const std::string& path : {"/p/mynaurl/" + other, std::string("/p/mynaurl/short"), "/p/mynaurl/" + token + "x",
                                    std::string("/p/mynaurl/%27%20OR%201%3D1")}) {
        auto r = host.client()->get(path);
        EXPECT_EQ(r.status, 410) << path;
        EXPECT_NE(r.body.find("このURLは使用できません"), std::string::npos) << path;
        EXPECT_NE(r.body.find("お問い合わせください"), std::string::npos) << path;
    }
}

TEST_F(MynaurlPage, SettingOffClosesPageAndDisablesSectionThenSameFirstUrlReturns) {
    auto code = institution(true, true);
    auto c = admin(code);
    const std::string home = url(*c, "home_visit"), online = url(*c, "online");
    ASSERT_EQ(pageStatus(home), 200);

    setServices(code, false, true);
    EXPECT_EQ(pageStatus(home), 410);    // at once: the page reads the stored setting
    EXPECT_EQ(pageStatus(online), 200);  // the other service is untouched
    c = admin(code);
    EXPECT_EQ(state(*c)["home_visit"]["enabled"], false);
    EXPECT_FALSE(state(*c)["home_visit"].contains("url"));
    EXPECT_EQ(operate(*c, "home_visit", "change").errorCode(), "mynaurl.service_off");
    EXPECT_EQ(c->get("/api/mynaurl/home_visit/png").errorCode(), "mynaurl.service_off");
    EXPECT_EQ(c->get("/api/mynaurl/home_visit/pdf").errorCode(), "mynaurl.service_off");

    auto panel = c->get("/api/panels/mynaurl/main");
    ASSERT_EQ(panel.status, 200) << panel.body;
    const Json& body = panel.json["body"];
    Json section = widget(body, "area_home_visit");
    ASSERT_FALSE(section.is_null());
    EXPECT_NE(section.dump().find("利用しない設定のため、URLは表示されません。"), std::string::npos);
    EXPECT_TRUE(widget(section["body"], "url_home_visit").is_null());  // no URL, no QR code
    EXPECT_EQ(section.dump().find("\"image\""), std::string::npos);
    const Json never = {{"field", "$"}, {"in", Json::array()}};
    for (const char* id : {"home_visit_change", "home_visit_revert_previous", "home_visit_revert_first"})
        EXPECT_EQ(widget(section["body"], id)["enabledWhen"], never) << id;
    for (const char* id : {"home_visit_png", "home_visit_pdf"})
        EXPECT_EQ(widget(section["body"], id)["enabledWhen"], never) << id;
    EXPECT_FALSE(widget(body, "url_online").is_null());  // the online section still shows its URL

    setServices(code, true, true);  // OQ-49: switched on again, the first URL is the one kept
    c = admin(code);
    EXPECT_EQ(url(*c, "home_visit"), home);
    EXPECT_EQ(pageStatus(home), 200);
}

TEST_F(MynaurlPage, NeverUsedServiceMakesNoUrlAndPanelFollowsState) {
    auto code = institution(false, false);
    auto c = admin(code);
    auto panel = c->get("/api/panels/mynaurl/main");
    ASSERT_EQ(panel.status, 200);
    EXPECT_TRUE(audit(code, "mynaurl.url.create").empty());  // nothing made while the services are off
    EXPECT_EQ(widget(panel.json["body"], "code")["value"], code);
    EXPECT_EQ(widget(panel.json["body"], "name")["value"], "テスト医院");

    setServices(code, true, false);
    c = admin(code);
    panel = c->get("/api/panels/mynaurl/main");
    const Json& body = panel.json["body"];
    Json change = widget(body, "home_visit_change");
    EXPECT_EQ(change["type"], "checkbox");
    EXPECT_EQ(change["caution"]["ja"], "現在のURLは使用できなくなります。");
    EXPECT_EQ(change["confirmWhen"]["revert"], false);  // cancelling the warning unticks it
    EXPECT_NE(change["confirmWhen"]["text"]["ja"].get<std::string>().find("URLを変更すると"), std::string::npos);
    Json run = widget(body, "home_visit_change_run");
    EXPECT_EQ(run["enabledWhen"], (Json{{"field", "home_visit_change"}, {"equals", true}}));
    EXPECT_EQ(run["confirm"][0]["ja"], "URLを変更します。よろしいですか？");
    // Fresh: nothing to go back to, so those two boxes are disabled (OQ-46, OQ-47).
    EXPECT_TRUE(widget(body, "home_visit_revert_previous").contains("enabledWhen"));
    EXPECT_TRUE(widget(body, "home_visit_revert_first").contains("enabledWhen"));
    ASSERT_EQ(operate(*c, "home_visit", "change").status, 200);
    Json after = c->get("/api/panels/mynaurl/main").json["body"];
    EXPECT_FALSE(widget(after, "home_visit_revert_previous").contains("enabledWhen"));
    EXPECT_FALSE(widget(after, "home_visit_revert_first").contains("enabledWhen"));
    EXPECT_EQ(widget(after, "home_visit_revert_first")["value"], false);  // boxes start cleared
    EXPECT_EQ(widget(after, "url_home_visit")["value"], url(*c, "home_visit"));
    for (const char* id : {"home_visit_png", "home_visit_pdf"}) {
        Json d = widget(after, id);
        EXPECT_EQ(d["download"], true) << id;  // the answer is a file to save, not JSON
        EXPECT_EQ(d["confirm"][0]["ja"], "二次元バーコードをダウンロードします。よろしいですか？") << id;  // MSG-U01
        EXPECT_EQ(d["done"]["ja"], "ダウンロードが完了しました。") << id;                                  // MSG-U02
        EXPECT_FALSE(d.contains("enabledWhen")) << id;
    }
}

TEST(MynaurlThrottle, PublicPageIsRateLimitedPerAddress) {
    oqs::test::Options options;
    options.publicPerMinute = 3;
    oqs::test::TestHost small({oqs_plugin_entry_settings(), oqs_plugin_entry_mynaurl()}, options);
    small.addInstitution("1319999999", "制限医院", "medical");
    small.addAccount("1319999999", "admin", "admin01");
    auto a = small.loginAs("1319999999", "admin01");
    ASSERT_EQ(
        a->patch("/api/settings/values", {{"settings.home_visit", "use"}, {"accept_terms.settings.home_visit", true}})
            .status,
        200);
    a = small.loginAs("1319999999", "admin01");
    const std::string u = a->get("/api/mynaurl/urls").json["services"][0]["url"];
    const std::string path = u.substr(u.find("/p/mynaurl/"));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(small.client()->get(path).status, 200) << i;
    auto refused = small.client()->get(path);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.header("Retry-After").empty());
}

}  // namespace
}  // namespace mynaurl_test
