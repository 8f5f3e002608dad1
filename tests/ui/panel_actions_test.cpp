// Actions, validation, server errors beside fields, confirmation and completion dialogs, downloads, tables
// (paging, row actions with `when`, grey rows, the clipper with 10,000 rows) and the session-lost path.
#include "ui_harness.hpp"

#include <cmath>

using namespace oqs::ui;
using namespace oqs::ui::test;

namespace {
Json L(const char* ja) { return Json{{"ja", ja}}; }

Json formPanel(Json confirm = Json::array()) {
    Json save = {
        {"id", "save"}, {"label", L("登録")}, {"call", {{"method", "POST"}, {"path", "/api/t/items"}, {"body", "f"}}}};
    if (!confirm.empty()) save["confirm"] = confirm;
    return {{"schema", 1},
            {"id", "t.f"},
            {"title", L("F")},
            {"body",
             Json::array(
                 {{{"type", "form"},
                   {"id", "f"},
                   {"fields",
                    Json::array(
                        {{{"id", "title"}, {"type", "text"}, {"label", L("タイトル")}, {"required", true}, {"max", 5}},
                         {{"id", "code"}, {"type", "text"}, {"label", L("コード")}, {"pattern", "^[0-9]*$"}}})}},
                  {{"type", "actions"}, {"items", Json::array({save})}}})}};
}
}  // namespace

TEST_F(Headless, ClientChecksStopTheCallAndShowBesideTheField) {
    RecordingNavigator nav;
    showPanel(formPanel(), nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("登録"));
    EXPECT_EQ(http.count("POST /api/t/items"), 0) << "nothing is sent while a check fails";
    const AutomationText* msg = text("必須入力", "error");
    ASSERT_NE(msg, nullptr);
    const AutomationItem* field = item("f.title");
    EXPECT_NEAR(msg->y, field->y, field->h) << "on the field's row";
    EXPECT_GT(msg->x, field->x + field->w) << "beside the field";

    typePanel("f.title", "あいうえおか");
    EXPECT_EQ(text("必須入力"), nullptr) << "editing the field clears its message";
    typePanel("f.code", "12a");
    ASSERT_TRUE(clickPanel("登録"));
    EXPECT_NE(text("5文字以内", "error"), nullptr);
    EXPECT_NE(text("入力形式に誤りがあります", "error"), nullptr);
    EXPECT_EQ(http.count("POST /api/t/items"), 0);
}

TEST_F(Headless, ServerFieldErrorsShowBesideTheirFields) {
    RecordingNavigator nav;
    http.answer(
        "POST /api/t/items", 400,
        R"({"error":{"code":"t.title.taken","message":"入力内容に誤りがあります。","fields":{"title":"既に使われています。"}}})");
    showPanel(formPanel(), nav);
    panelFrames(2);
    typePanel("f.title", "abc");
    ASSERT_TRUE(clickPanel("登録"));
    ASSERT_EQ(http.count("POST /api/t/items"), 1);
    EXPECT_EQ(Json::parse(http.last("POST /api/t/items")->req.body), (Json{{"title", "abc"}, {"code", ""}}));
    const AutomationText* msg = text("既に使われています", "error");
    ASSERT_NE(msg, nullptr);
    EXPECT_NEAR(msg->y, item("f.title")->y, item("f.title")->h);
    EXPECT_NE(text("入力内容に誤りがあります", "error"), nullptr) << "the answer's message at the top";
}

TEST_F(Headless, TwoStepConfirmationThenCompletionDialog) {
    RecordingNavigator nav;
    http.answer(
        "POST /api/t/items", 201,
        R"({"message":{"ja":"登録しました。"},"show":[{"label":{"ja":"初期パスワード"},"value":"Secret123","secret":true}],"goto":"menu"})");
    showPanel(formPanel(Json::array({L("登録します。よろしいですか？"), L("本当によろしいですか？")})), nav);
    panelFrames(2);
    typePanel("f.title", "abc");

    ASSERT_TRUE(clickPanel("登録"));
    ASSERT_NE(text("登録します。よろしいですか？", "dialog"), nullptr);
    ASSERT_TRUE(clickPanel("キャンセル"));
    EXPECT_EQ(text("よろしいですか", "dialog"), nullptr);
    EXPECT_EQ(http.count("POST /api/t/items"), 0) << "cancel changes nothing";

    ASSERT_TRUE(clickPanel("登録"));
    ASSERT_TRUE(clickPanel("OK"));
    ASSERT_NE(text("本当によろしいですか？", "dialog"), nullptr) << "the second step";
    EXPECT_EQ(http.count("POST /api/t/items"), 0);
    ASSERT_TRUE(clickPanel("OK"));
    EXPECT_EQ(http.count("POST /api/t/items"), 1);
    ASSERT_NE(text("登録しました。", "dialog"), nullptr);
    EXPECT_NE(text("********", "value"), nullptr) << "secret values are masked";
    EXPECT_TRUE(nav.log.empty()) << "goto waits for the dialog";
    ASSERT_TRUE(clickPanel("OK"));
    EXPECT_EQ(nav.log, std::vector<std::string>{"menu"});
}

TEST_F(Headless, DownloadSavesUnderTheServersName) {
    RecordingNavigator nav;
    http.answer("GET /api/t/export", 200, "id,title\r\n1,x\r\n",
                "attachment; filename=\"notes.csv\"; filename*=UTF-8''%E3%83%A1%E3%83%A2%E4%B8%80%E8%A6%A7.csv");
    showPanel({{"schema", 1},
               {"id", "t.d"},
               {"title", L("D")},
               {"body", Json::array({{{"type", "download"},
                                      {"id", "dl"},
                                      {"label", L("ダウンロード")},
                                      {"call", {{"method", "GET"}, {"path", "/api/t/export"}}}}})}},
              nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("ダウンロード"));
    ASSERT_EQ(platform.downloads.size(), 1u);
    EXPECT_EQ(platform.downloads[0].first, "メモ一覧.csv");
    EXPECT_EQ(platform.downloads[0].second, "id,title\r\n1,x\r\n");
    EXPECT_NE(text("ダウンロードしました", "dialog"), nullptr);
}

TEST_F(Headless, DownloadErrorIsAMessageNotAFile) {
    RecordingNavigator nav;
    http.answer("GET /api/t/export", 400, R"({"error":{"code":"t.too_many","message":"25,000件を超えています。"}})");
    showPanel({{"schema", 1},
               {"id", "t.d"},
               {"title", L("D")},
               {"body", Json::array({{{"type", "download"},
                                      {"id", "dl"},
                                      {"label", L("ダウンロード")},
                                      {"call", {{"method", "GET"}, {"path", "/api/t/export"}}}}})}},
              nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("ダウンロード"));
    EXPECT_TRUE(platform.downloads.empty());
    EXPECT_NE(text("25,000件を超えています", "error"), nullptr);
}

TEST_F(Headless, SessionLostIsHandedToTheApp) {
    RecordingNavigator nav;
    http.answer("POST /api/t/items", 401, R"({"error":{"code":"session.expired","message":"…"}})");
    showPanel(formPanel(), nav);
    panelFrames(2);
    typePanel("f.title", "abc");
    ASSERT_TRUE(clickPanel("登録"));
    EXPECT_EQ(nav.log, std::vector<std::string>{"lost session.expired"});
}

namespace {
Json tablePanel(int page) {
    return {{"schema", 1},
            {"id", "t.t"},
            {"title", L("T")},
            {"body",
             Json::array(
                 {{{"type", "table"},
                   {"id", "codes"},
                   {"source", {{"method", "GET"}, {"path", "/api/t/codes"}}},
                   {"autoLoad", true},
                   {"page", page},
                   {"columns", Json::array({{{"id", "code"}, {"label", L("コード")}}})},
                   {"rowOpen", {{"panel", "t.detail"}, {"with", Json::array({"code"})}}},
                   {"greyWhen", {{"field", "invalidated"}, {"equals", true}}},
                   {"rowActions",
                    Json::array({{{"id", "inv"},
                                  {"label", L("無効化する")},
                                  {"when", {{"field", "invalidated"}, {"equals", false}}},
                                  {"call", {{"method", "POST"}, {"path", "/api/t/codes/{code}/invalidate"}}}}})}}})}};
}
std::string rows(int from, int n, int total) {
    Json r = Json::array();
    for (int i = from; i < from + n; ++i) r.push_back({{"code", "C" + std::to_string(i)}, {"invalidated", i % 2 == 1}});
    return Json{{"rows", r}, {"total", total}}.dump();
}
}  // namespace

TEST_F(Headless, TableRowActionsFollowWhenAndRowsOpenPanels) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 2, 2));
    http.answer("POST /api/t/codes/C0/invalidate", 200, "{}");
    showPanel(tablePanel(50), nav);
    panelFrames(3);
    int buttons = 0;
    for (const auto& i : Automation::instance().items()) buttons += i.label == "無効化する";
    EXPECT_EQ(buttons, 1) << "only the row whose `when` holds has the button";
    ASSERT_TRUE(clickPanel("無効化する"));
    EXPECT_EQ(http.count("POST /api/t/codes/C0/invalidate"), 1) << "{code} came from the row";
    EXPECT_EQ(http.count("GET /api/t/codes"), 2) << "the list reloads after a change";
    ASSERT_TRUE(clickPanel("C1"));
    ASSERT_FALSE(nav.log.empty());
    EXPECT_EQ(nav.log.back(), R"(open t.detail {"code":"C1"})");
}

TEST_F(Headless, RowActionsMayTakeAColumnAndGreyedCellsAreTold) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 2, 2));
    http.answer("POST /api/t/codes/C0/invalidate", 200, "{}");
    Json panel = tablePanel(50);
    Json& table = panel["body"][0];
    table.erase("rowOpen");
    // The marked column comes first: its buttons must then be left of the code, not in a column after it.
    table["columns"] = Json::array(
        {{{"id", "state"}, {"label", L("無効化状況")}, {"actions", true}}, {{"id", "code"}, {"label", L("コード")}}});
    showPanel(panel, nav);
    panelFrames(3);
    // C1 is invalidated: its cells are published as greyed, C0's as plain.
    ASSERT_NE(text("C0", "cell"), nullptr);
    ASSERT_NE(text("C1", "cell-grey"), nullptr);
    EXPECT_EQ(text("C1", "cell"), nullptr);
    const AutomationItem* button = item("無効化する");
    ASSERT_NE(button, nullptr);
    EXPECT_LT(button->x + button->w, text("C0", "cell")->x);
    // On the row's first line: an empty cell text does not push the button down.
    EXPECT_LT(std::abs(button->y - text("C0", "cell")->y), 6.0f);
    ASSERT_TRUE(clickPanel("無効化する"));
    EXPECT_EQ(http.count("POST /api/t/codes/C0/invalidate"), 1);
}

TEST_F(Headless, WithoutAnActionsColumnTheRowActionsComeLast) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 2, 2));
    showPanel(tablePanel(50), nav);
    panelFrames(3);
    const AutomationItem* button = item("無効化する");
    ASSERT_NE(button, nullptr);
    ASSERT_NE(text("C0", "cell"), nullptr);
    EXPECT_GT(button->x, text("C0", "cell")->x + 20);
}

TEST_F(Headless, TablePagesWithOffsetAndLimit) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 50, 120));
    showPanel(tablePanel(50), nav);
    panelFrames(3);
    EXPECT_EQ(http.sent.back().req.path, "/api/t/codes?offset=0&limit=50");
    EXPECT_NE(text("120件中 1〜50件"), nullptr);
    EXPECT_FALSE(item("前へ")->enabled);
    ASSERT_TRUE(clickPanel("次へ"));
    EXPECT_EQ(http.sent.back().req.path, "/api/t/codes?offset=50&limit=50");
}

TEST_F(Headless, TenThousandRowsAreClipped) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 10000, 10000));
    showPanel(tablePanel(0), nav);
    panelFrames(3);
    EXPECT_NE(text("10000件中 1〜10000件"), nullptr);
    int rowItems = 0;
    for (const auto& i : Automation::instance().items()) rowItems += i.label.rfind("C", 0) == 0;
    EXPECT_GT(rowItems, 3);
    EXPECT_LT(rowItems, 60) << "only the visible rows are laid out";
}

TEST_F(Headless, TablesRefreshThemselvesEveryNSeconds) {
    RecordingNavigator nav;
    http.answer("GET /api/t/codes", 200, rows(0, 1, 1));
    Json panel = tablePanel(50);
    panel["body"][0]["refreshSeconds"] = 2;
    showPanel(panel, nav);
    panelFrames(3);
    ASSERT_EQ(http.count("GET /api/t/codes"), 1);
    ImGui::GetIO().DeltaTime = 0.5f;
    panelFrames(2);
    EXPECT_EQ(http.count("GET /api/t/codes"), 1) << "not before its time";
    panelFrames(4);
    EXPECT_EQ(http.count("GET /api/t/codes"), 2);
}

TEST_F(Headless, ConfirmWhenAsksAndCancelPutsTheOldValueBack) {
    RecordingNavigator nav;
    showPanel(
        {{"schema", 1},
         {"id", "t.cw"},
         {"title", L("CW")},
         {"body", Json::array({{{"type", "form"},
                                {"id", "f"},
                                {"fields", Json::array({{{"id", "share"},
                                                         {"type", "checkbox"},
                                                         {"label", L("共有する")},
                                                         {"confirmWhen",
                                                          {{"rule", {{"field", "share"}, {"equals", true}}},
                                                           {"text", L("共有すると元に戻せません。よろしいですか？")},
                                                           {"revert", false}}}}})}}})}},
        nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("f.share"));
    ASSERT_NE(text("元に戻せません", "dialog"), nullptr);
    ASSERT_TRUE(clickPanel("キャンセル"));
    EXPECT_EQ(m_view->formValues("f")["share"], false);
    ASSERT_TRUE(clickPanel("f.share"));
    ASSERT_TRUE(clickPanel("OK"));
    EXPECT_EQ(m_view->formValues("f")["share"], true);
}

TEST_F(Headless, AnswerValuesFillTheFormAndFollowUpsRunFromTheDialog) {
    RecordingNavigator nav;
    http.answer("POST /api/t/items", 201, R"({"message":{"ja":"登録しました。"},"values":{"code":"00042"},
        "actions":[{"id":"pdf","label":{"ja":"PDFをダウンロード"},"download":true,
                    "call":{"method":"GET","path":"/api/t/items/{code}/pdf"}}]})");
    http.answer("GET /api/t/items/00042/pdf", 200, "%PDF-1.4 …", "attachment; filename=\"00042.pdf\"");
    showPanel(formPanel(), nav);
    panelFrames(2);
    typePanel("f.title", "abc");
    ASSERT_TRUE(clickPanel("登録"));
    ASSERT_NE(text("登録しました。", "dialog"), nullptr);
    EXPECT_EQ(m_view->formValues("f")["code"], "00042") << "the answer's values are in the form";
    ASSERT_TRUE(clickPanel("PDFをダウンロード"));
    ASSERT_EQ(platform.downloads.size(), 1u) << "the follow-up used {code} from the new values";
    EXPECT_EQ(platform.downloads[0].first, "00042.pdf");
    EXPECT_NE(text("ダウンロードしました", "dialog"), nullptr);
}
