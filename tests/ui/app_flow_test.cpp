// The App's screens against a fake host: login, the forced password change (MSG-H02), the menu, a panel, logout
// with confirmation (MSG-H01), the session-lost path, the English switch.
#include "ui_harness.hpp"
#include "widgets.hpp"

using namespace oqs::ui;
using namespace oqs::ui::test;

namespace {
const char* kSession = R"({"account":{"kind":"master","user_id":"master","name":"マスタ"},
  "institution":{"code":"1312345678","name":"デモクリニック","kind":"MED"},
  "password_change_required":true,"csrf_token":"tok-123"})";
const char* kMenu = R"({"groups":[{"id":"notes","label":{"ja":"メモ管理","en":"Notes"},"items":[
  {"id":"notes.main","label":{"ja":"メモ","en":"Notes"},"panel":"notes/main"},
  {"id":"console.password","label":{"ja":"パスワード変更","en":"Change password"},"builtin":"password"}]}],
  "header":[{"id":"console.contact","label":{"ja":"お問い合わせ先","en":"Contact"},"panel":"console/contact"}]})";
const char* kPanel =
    R"({"schema":1,"id":"notes.main","title":{"ja":"メモ"},"body":[{"type":"text","text":{"ja":"本文"}}]})";

class AppFlow : public Headless {
  protected:
    void SetUp() override {
        Headless::SetUp();
        http.answer("GET /api/session", 401, R"({"error":{"code":"session.required"}})");
        http.answer("POST /api/session", 200, kSession);
        http.answer("POST /api/session/password", 200, R"({"message":"パスワードを変更しました。"})");
        http.answer("GET /api/menu", 200, kMenu);
        http.answer("GET /api/panels/notes/main", 200, kPanel);
        http.answer("DELETE /api/session", 204, "");
        app = std::make_unique<App>(http, platform);
        app->start();
        frames(2, draw);
    }
    void TearDown() override {
        app.reset();
        Headless::TearDown();
    }
    bool clickApp(const std::string& label) { return click(label, draw); }
    void typeApp(const std::string& key, const std::string& text) {
        ASSERT_TRUE(clickApp(key)) << key;
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frames(2, draw);
    }
    void logIn() {
        typeApp("institution", "1312345678");
        typeApp("user_id", "master");
        typeApp("password", "Initial-pw1");
        ASSERT_NE(item("password"), nullptr);
        EXPECT_EQ(item("password")->value, "***********") << "the password is masked";
        ASSERT_TRUE(clickApp("ログイン"));
    }
    std::unique_ptr<App> app;
    std::function<void()> draw = [this] { app->frame(); };
};
}  // namespace

TEST_F(AppFlow, NoSessionShowsTheLoginForm) {
    EXPECT_EQ(app->screen(), Screen::Login);
    for (const char* key : {"institution", "user_id", "password"}) EXPECT_NE(item(key), nullptr) << key;
    EXPECT_NE(item("ログイン"), nullptr);
}

TEST_F(AppFlow, EmptyLoginFieldsAreCheckedBeforeSending) {
    ASSERT_TRUE(clickApp("ログイン"));
    EXPECT_EQ(http.count("POST /api/session"), 0);
    EXPECT_NE(text("必須入力", "error"), nullptr);
}

TEST_F(AppFlow, InitialPasswordForcesAChangeThenTheMenu) {
    logIn();
    const auto sent = http.last("POST /api/session");
    ASSERT_TRUE(sent);
    EXPECT_EQ(Json::parse(sent->req.body),
              (Json{{"institution", "1312345678"}, {"user_id", "master"}, {"password", "Initial-pw1"}}));
    ASSERT_NE(text("初期パスワードでログインしました", "dialog"), nullptr);  // MSG-H02
    ASSERT_TRUE(clickApp("OK"));
    EXPECT_EQ(app->screen(), Screen::PasswordChange);
    EXPECT_EQ(item("メニュー"), nullptr) << "no way round a forced change";

    typeApp("current_password", "Initial-pw1");
    typeApp("new_password", "NewPassw0rd");
    typeApp("new_password_confirm", "NewPassw0rd");
    ASSERT_TRUE(clickApp("変更する"));
    const auto change = http.last("POST /api/session/password");
    ASSERT_TRUE(change);
    EXPECT_EQ(Json::parse(change->req.body),
              (Json{{"current_password", "Initial-pw1"}, {"new_password", "NewPassw0rd"}}));
    EXPECT_EQ(change->csrf, "tok-123") << "the session's CSRF token goes with state-changing calls";
    frames(3, draw);
    EXPECT_EQ(app->screen(), Screen::Menu);
    EXPECT_NE(item("メモ"), nullptr);
    EXPECT_NE(item("パスワード変更"), nullptr);
    EXPECT_NE(text("デモクリニック"), nullptr) << "HOST-HDR-02: facility and user in the header";
}

TEST_F(AppFlow, MismatchedNewPasswordsAreCaughtBeforeSending) {
    logIn();
    ASSERT_TRUE(clickApp("OK"));
    typeApp("current_password", "Initial-pw1");
    typeApp("new_password", "NewPassw0rd");
    typeApp("new_password_confirm", "NewPassw0rX");
    ASSERT_TRUE(clickApp("変更する"));
    EXPECT_NE(text("一致しません", "error"), nullptr);
    EXPECT_EQ(http.count("POST /api/session/password"), 0);
}

namespace {
std::string sessionWithoutChange() {
    Json s = Json::parse(kSession);
    s["password_change_required"] = false;
    return s.dump();
}
}  // namespace

TEST_F(AppFlow, MenuOpensAPanelAndLogoutAsksFirst) {
    http.answer("POST /api/session", 200, sessionWithoutChange());
    logIn();
    frames(2, draw);
    ASSERT_EQ(app->screen(), Screen::Menu);
    ASSERT_TRUE(clickApp("メモ"));
    frames(2, draw);
    ASSERT_EQ(app->screen(), Screen::Panel);
    EXPECT_NE(text("本文"), nullptr);

    ASSERT_TRUE(clickApp("ログアウト"));
    ASSERT_NE(text("ログアウトします。よろしいですか？", "dialog"), nullptr);  // MSG-H01
    ASSERT_TRUE(clickApp("キャンセル"));
    EXPECT_EQ(app->screen(), Screen::Panel) << "cancel keeps the user where they were";
    EXPECT_EQ(http.count("DELETE /api/session"), 0);
    ASSERT_TRUE(clickApp("ログアウト"));
    ASSERT_TRUE(clickApp("OK"));
    frames(2, draw);
    EXPECT_EQ(http.count("DELETE /api/session"), 1);
    EXPECT_EQ(app->screen(), Screen::Login);
    EXPECT_NE(text("ログアウトしました"), nullptr);
}

TEST_F(AppFlow, ExpiredSessionReturnsToLoginWithAClearMessage) {
    http.answer("POST /api/session", 200, sessionWithoutChange());
    logIn();
    frames(2, draw);
    ASSERT_EQ(app->screen(), Screen::Menu);
    http.answer("GET /api/panels/notes/main", 401, R"({"error":{"code":"session.expired","message":"…"}})");
    ASSERT_TRUE(clickApp("メモ"));
    frames(2, draw);
    EXPECT_EQ(app->screen(), Screen::Login);
    EXPECT_NE(text("セッションの有効期限が切れました"), nullptr);
}

TEST_F(AppFlow, EnglishSwitchChangesTheClientsWordsAndTheHostsLanguage) {
    ASSERT_TRUE(clickApp("English"));
    EXPECT_NE(item("Log in"), nullptr);
    EXPECT_NE(item("Institution code"), nullptr);
    ASSERT_TRUE(clickApp("Log in"));
    EXPECT_NE(text("This field is required.", "error"), nullptr);
    typeApp("institution", "1312345678");
    typeApp("user_id", "master");
    typeApp("password", "pw");
    ASSERT_TRUE(clickApp("Log in"));
    ASSERT_TRUE(http.last("POST /api/session"));
    EXPECT_EQ(http.last("POST /api/session")->lang, "en") << "the host answers in English too";
}

TEST_F(AppFlow, PanelIdsAndParametersBecomeAPanelUrl) {
    http.answer("POST /api/session", 200, sessionWithoutChange());
    logIn();
    frames(2, draw);
    app->openPanel("accounts.edit", {{"user_id", "A 01/x"}});
    frames(3, draw);
    ASSERT_FALSE(http.sent.empty());
    EXPECT_EQ(http.sent.back().req.path, "/api/panels/accounts/edit?user_id=A%2001%2Fx");
}

// Issue 17: full-width digits typed into 機関コード vanished silently (「131234567８」 → 「131234567」).
TEST_F(AppFlow, FullWidthDigitsInTheInstitutionCodeBecomeHalfWidth) {
    typeApp("institution", "131234567８");
    ASSERT_NE(item("institution"), nullptr);
    EXPECT_EQ(item("institution")->value, "1312345678");
    EXPECT_EQ(text("半角数字", "error"), nullptr);
}

TEST_F(AppFlow, ALetterInTheInstitutionCodeIsRefusedWithAMessage) {
    typeApp("institution", "13a");
    EXPECT_EQ(item("institution")->value, "13");
    EXPECT_NE(text("半角数字で入力してください。", "error"), nullptr) << "never a silent drop";
}

// Issue 17: a full-width user ID got 「入力形式に誤りがあります。」 from the server.
TEST_F(AppFlow, AFullWidthUserIdBecomesHalfWidth) {
    typeApp("user_id", "ａｄｍ０１");
    EXPECT_EQ(item("user_id")->value, "adm01");
}

TEST(TextEntry, ToHalfWidthConvertsFullWidthAsciiAndTheIdeographicSpace) {
    EXPECT_EQ(toHalfWidth("ＡＢＣ　１２３！"), "ABC 123!");
    EXPECT_EQ(toHalfWidth("髙橋ａ"), "髙橋a") << "kanji stay";
    EXPECT_EQ(toHalfWidth("abc"), "abc");
}
