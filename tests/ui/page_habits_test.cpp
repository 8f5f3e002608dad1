// Issue 17, the rest: Japanese line breaking, dialogs inside the window, addresses as links, drafts kept while
// unsent, and which panels need the idle client to wake.
#include "ui_harness.hpp"
#include "widgets.hpp"

using namespace oqs::ui;
using namespace oqs::ui::test;

namespace {
Json L(const char* ja) { return Json{{"ja", ja}}; }
// Every character one unit wide: the rules, not the font, decide where lines break.
std::vector<std::string> wrap(const std::string& s, float width) {
    return wrapLines(s, width, [](unsigned) { return 1.0f; });
}
}  // namespace

TEST(WrapLines, JapaneseBreaksBetweenCharactersButNeverBeforeClosingMarks) {
    // 10 per line: a plain cut would start line 2 with 「。」.
    auto lines = wrap("あいうえおかきくけこ。さしすせそ", 10);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "あいうえおかきくけ");
    EXPECT_EQ(lines[1], "こ。さしすせそ");
    lines = wrap("あいうえおかきく「けこ」です", 9);  // 「 never ends a line
    EXPECT_EQ(lines[0], "あいうえおかきく");
    EXPECT_EQ(lines[1], "「けこ」です");
}

TEST(WrapLines, AsciiWordsAndCharacterPairsStayWhole) {
    auto lines = wrap("行番号12345のユーザIDが不正です", 6);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0], "行番号");
    EXPECT_EQ(lines[1].rfind("12345", 0), 0u) << lines[1];
    // 葛 + U+E0100 (an IVS) and か + combining dakuten are one character each: never split.
    lines = wrap("あいう葛\U000E0100えお", 4);
    EXPECT_EQ(lines[0], "あいう葛\U000E0100");
    lines = wrap("あいうか\u3099え", 4);
    EXPECT_EQ(lines[0], "あいうか\u3099");
    lines = wrap("abc https://example.invalid/long", 8);  // a run with no break is cut where it overflows
    EXPECT_EQ(lines[0], "abc");
    for (const auto& l : lines) EXPECT_LE(l.size(), 8u) << l;
}

TEST_F(Headless, ADialogStaysInsideANarrowWindowAndWrapsItsText) {
    ImGui::GetIO().DisplaySize = ImVec2(800, 600);
    RecordingNavigator nav;
    Json panel = {
        {"schema", 1},
        {"id", "t.p"},
        {"title", L("T")},
        {"body",
         Json::array({{{"type", "actions"},
                       {"items", Json::array({{{"id", "check"},
                                               {"label", L("チェック")},
                                               {"call", {{"method", "POST"}, {"path", "/api/t/check"}}}}})}}})}};
    std::string longText;
    for (int i = 0; i < 12; ++i)
        longText += "行" + std::to_string(i + 1) + "：ユーザ名（カナ）は全角カタカナで入力してください。";
    http.answer("POST /api/t/check", 200, Json{{"message", longText}}.dump());
    showPanel(panel, nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("チェック"));
    panelFrames(4);
    const AutomationText* t = text("行1：", "dialog");
    ASSERT_NE(t, nullptr);
    EXPECT_GT(t->lines.size(), 3u) << "the message wraps";
    EXPECT_GE(t->x, 0);
    EXPECT_LE(t->x + t->w, 800.0f * 0.9f) << "the dialog's text stays well inside an 800 px window";
    for (const auto& l : t->lines) EXPECT_NE(l.rfind("。", 0), 0u) << "a line starts with 。: " << l;
}

TEST_F(Headless, AnAddressIsALinkThatOpensOrIsCopiedWhereNothingCanOpenIt) {
    RecordingNavigator nav;
    Json panel = {{"schema", 1},
                  {"id", "t.p"},
                  {"title", L("T")},
                  {"body", Json::array({{{"type", "copy"},
                                         {"id", "portal"},
                                         {"label", L("医療機関等向け総合ポータルサイト")},
                                         {"value", "https://example.invalid/p"}}})}};
    showPanel(panel, nav);
    panelFrames(2);
    const AutomationItem* link = item("https://example.invalid/p");
    ASSERT_NE(link, nullptr);
    const AutomationText* label = text("医療機関等向け総合ポータルサイト");
    ASSERT_NE(label, nullptr);
    EXPECT_GT(link->x, label->x + label->w) << "the address starts after its label, not on it";
    ASSERT_TRUE(clickPanel("https://example.invalid/p"));
    EXPECT_EQ(platform.opened, "https://example.invalid/p");
    EXPECT_EQ(platform.clipboard, "");
    platform.canOpen = false;
    ASSERT_TRUE(clickPanel("https://example.invalid/p"));
    panelFrames(1);
    EXPECT_EQ(platform.clipboard, "https://example.invalid/p") << "no browser: the address is copied instead";
    EXPECT_NE(text("コピーしました。"), nullptr);
}

TEST_F(Headless, TypedInputIsKeptAsADraftUntilSentButNeverAPassword) {
    RecordingNavigator nav;
    Json panel = {
        {"schema", 1},
        {"id", "t.p"},
        {"title", L("T")},
        {"body",
         Json::array(
             {{{"type", "form"},
               {"id", "f"},
               {"fields", Json::array({{{"id", "name"}, {"type", "text"}, {"label", L("名前")}},
                                       {{"id", "pw"}, {"type", "password"}, {"label", L("PW")}}})}},
              {{"type", "actions"},
               {"items", Json::array({{{"id", "save"},
                                       {"label", L("登録")},
                                       {"call", {{"method", "POST"}, {"path", "/api/t/save"}, {"body", "f"}}}}})}}})}};
    showPanel(panel, nav);
    m_view->keepDrafts("k");
    panelFrames(2);
    ASSERT_TRUE(clickPanel("f.name"));
    ImGui::GetIO().AddInputCharactersUTF8("髙橋");
    panelFrames(2);
    ASSERT_TRUE(clickPanel("f.pw"));
    ImGui::GetIO().AddInputCharactersUTF8("secret1");
    panelFrames(2);
    ASSERT_TRUE(platform.drafts.count("k"));
    EXPECT_NE(platform.drafts["k"].find("髙橋"), std::string::npos);
    EXPECT_EQ(platform.drafts["k"].find("secret1"), std::string::npos) << "a password never goes to storage";
    // The same screen opened again (a reload) gets the draft back, and counts as unsent.
    showPanel(panel, nav);
    m_view->keepDrafts("k");
    EXPECT_EQ(m_view->formValues("f")["name"], "髙橋");
    EXPECT_TRUE(m_view->dirty());
    http.answer("POST /api/t/save", 200, "{}");
    panelFrames(1);
    ASSERT_TRUE(clickPanel("登録"));
    panelFrames(3);
    EXPECT_FALSE(platform.drafts.count("k")) << "sent: the draft is gone";
}

TEST_F(Headless, OnlyPanelsWithClocksWakeTheIdleClient) {
    RecordingNavigator nav;
    Json still = {{"schema", 1},
                  {"id", "t.p"},
                  {"title", L("T")},
                  {"body", Json::array({{{"type", "text"}, {"text", L("静的")}},
                                        {{"type", "copy"}, {"id", "c"}, {"label", L("値")}, {"value", "v"}}})}};
    showPanel(still, nav);
    panelFrames(2);
    EXPECT_FALSE(m_view->hasClocks());
    ASSERT_TRUE(clickPanel("コピー"));
    EXPECT_TRUE(m_view->hasClocks()) << "「コピーしました。」 must go away on time";
    Json refreshing = still;
    refreshing["refreshSeconds"] = 30;
    showPanel(refreshing, nav);
    EXPECT_TRUE(m_view->hasClocks());
}
