// Every widget kind of panel schema 1 rendered headless; enabling and visibility rules; an unknown kind.
#include "ui_harness.hpp"

using namespace oqs::ui;
using namespace oqs::ui::test;

namespace {
Json L(const char* ja, const char* en = nullptr) {
    Json j{{"ja", ja}};
    if (en) j["en"] = en;
    return j;
}

Json everyWidget() {
    return {{"schema", 1},
            {"id", "t.all"},
            {"title", L("全部", "All")},
            {"body",
             Json::array({
                 {{"type", "text"}, {"text", L("見出し", "Heading")}, {"style", "heading"}},
                 {{"type", "text"}, {"text", L("注意書き")}, {"style", "caution"}},
                 {{"type", "text"}, {"text", L("補足")}, {"style", "note"}},
                 {{"type", "readonly"}, {"id", "inst"}, {"label", L("機関コード")}, {"value", "1312345678"}},
                 {{"type", "form"},
                  {"id", "f"},
                  {"fields", Json::array({
                                 {{"id", "t"}, {"type", "text"}, {"label", L("Text")}, {"value", "initial"}},
                                 {{"id", "p"}, {"type", "password"}, {"label", L("Secret")}, {"value", "hunter2"}},
                                 {{"id", "n"}, {"type", "number"}, {"label", L("Number")}, {"value", 42}},
                                 {{"id", "d"}, {"type", "date"}, {"label", L("Date")}, {"value", "20201010"}},
                                 {{"id", "dt"}, {"type", "datetime"}, {"label", L("DateTime")}},
                                 {{"id", "s"},
                                  {"type", "select"},
                                  {"label", L("Select")},
                                  {"options", Json::array({{{"value", "a"}, {"label", L("Alpha")}},
                                                           {{"value", "b"}, {"label", L("Beta")}}})}},
                                 {{"id", "c"}, {"type", "checkbox"}, {"label", L("Check")}},
                                 {{"id", "file"}, {"type", "file"}, {"label", L("File")}, {"accept", ".csv"}},
                                 {{"id", "ro"}, {"type", "readonly"}, {"label", L("Fixed")}, {"value", "fixed value"}},
                                 {{"id", "area"}, {"type", "textarea"}, {"label", L("Area")}},
                             })}},
                 {{"type", "actions"},
                  {"items", Json::array({{{"id", "menu"}, {"label", L("メニュー")}, {"goto", "menu"}}})}},
                 {{"type", "table"},
                  {"id", "tbl"},
                  {"source", {{"method", "GET"}, {"path", "/api/t/rows"}}},
                  {"columns", Json::array({{{"id", "name"}, {"label", L("Name")}}})},
                  {"autoLoad", true}},
                 {{"type", "download"},
                  {"id", "dl"},
                  {"label", L("Download")},
                  {"call", {{"method", "GET"}, {"path", "/api/t/file"}}}},
                 {{"type", "image"},
                  {"id", "img"},
                  {"source", {{"method", "GET"}, {"path", "/api/t/qr.png"}}},
                  {"alt", L("QR")}},
                 {{"type", "copy"}, {"id", "cp"}, {"label", L("URL")}, {"value", "https://example.invalid/x"}},
                 {{"type", "section"},
                  {"id", "sec"},
                  {"title", L("Section")},
                  {"body", Json::array({{{"type", "text"}, {"text", L("Inside the section")}}})}},
             })}};
}
}  // namespace

TEST_F(Headless, EveryWidgetKindRenders) {
    RecordingNavigator nav;
    http.answer("GET /api/t/rows", 200, R"({"rows":[{"name":"row one"}],"total":1})");
    http.answer("GET /api/t/qr.png", 200, std::string("\x89PNG\r\n\x1a\n", 8) + "rest");
    showPanel(everyWidget(), nav);
    panelFrames(4);
    for (const char* key : {"f.t", "f.p", "f.n", "f.d", "f.dt", "f.s", "f.c", "f.file", "f.area"})
        EXPECT_NE(item(key), nullptr) << key;
    EXPECT_EQ(item("f.t")->value, "initial");
    EXPECT_EQ(item("f.p")->value, "*******") << "a password is masked until Show is pressed";
    EXPECT_EQ(item("f.n")->value, "42");
    EXPECT_EQ(item("f.s")->value, "Alpha") << "an optional select starts on its first option";
    EXPECT_EQ(m_view->formValues("f")["d"], "2020/10/10") << "dates are normalised (HOST-UI-03)";
    for (const char* label : {"メニュー", "Download", "表示", "カレンダー", "コピー"})
        EXPECT_NE(item(label), nullptr) << label;
    ASSERT_NE(item("https://example.invalid/x"), nullptr) << "an address is a link";
    EXPECT_EQ(item("https://example.invalid/x")->key, "link");
    for (const char* t : {"見出し", "注意書き", "補足", "1312345678", "fixed value", "Inside the section", "Section",
                          "1件中 1〜1件", "QR"})
        EXPECT_NE(text(t), nullptr) << t;
    EXPECT_EQ(text("QR")->kind, "image") << "the PNG became a texture";
    EXPECT_EQ(http.count("GET /api/t/rows"), 1) << "autoLoad fetched the table once";
}

TEST_F(Headless, PasswordShowButtonReveals) {
    RecordingNavigator nav;
    showPanel(everyWidget(), nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("表示"));
    EXPECT_EQ(item("f.p")->value, "hunter2");
}

TEST_F(Headless, CopyPutsTheValueOnTheClipboard) {
    RecordingNavigator nav;
    showPanel(everyWidget(), nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("コピー"));
    EXPECT_EQ(platform.clipboard, "https://example.invalid/x");
    EXPECT_NE(text("コピーしました"), nullptr);
}

TEST_F(Headless, FileFieldTakesThePickedFile) {
    RecordingNavigator nav;
    showPanel(everyWidget(), nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("f.file"));  // the field's button
    EXPECT_EQ(platform.pickerOpened, "f.file");
    platform.picked["f.file"] = PickedFile{"accounts.csv", "a,b\r\n"};
    panelFrames(2);
    EXPECT_EQ(m_view->formValues("f")["file"], "accounts.csv");
}

TEST_F(Headless, UnknownWidgetKindSaysSoAndTheRestStillShows) {
    RecordingNavigator nav;
    showPanel(
        {{"schema", 1},
         {"id", "t.u"},
         {"title", L("T")},
         {"body", Json::array({{{"type", "hologram"}, {"id", "h"}},
                               {{"type", "form"},
                                {"id", "f"},
                                {"fields", Json::array({{{"id", "x"}, {"type", "telepathy"}, {"label", L("X")}}})}},
                               {{"type", "text"}, {"text", L("after")}},
                               "not even an object"})}},
        nav);
    panelFrames(2);
    const AutomationText* t = text("hologram", "error");
    ASSERT_NE(t, nullptr);
    EXPECT_NE(t->text.find("表示できない部品"), std::string::npos);
    EXPECT_NE(text("telepathy", "error"), nullptr) << "an unknown field kind too";
    EXPECT_NE(text("after"), nullptr);
}

TEST_F(Headless, UnsupportedSchemaIsRefusedPlainly) {
    RecordingNavigator nav;
    showPanel({{"schema", 2}, {"id", "t.v2"}, {"body", Json::array()}}, nav);
    panelFrames(1);
    EXPECT_NE(text("schema", "error"), nullptr);
}

TEST_F(Headless, EnabledAndVisibleWhenFollowTheForm) {
    RecordingNavigator nav;
    showPanel(
        {{"schema", 1},
         {"id", "t.r"},
         {"title", L("R")},
         {"body", Json::array({{{"type", "form"},
                                {"id", "f"},
                                {"fields", Json::array({{{"id", "use"}, {"type", "checkbox"}, {"label", L("Use")}},
                                                        {{"id", "detail"},
                                                         {"type", "text"},
                                                         {"label", L("Detail")},
                                                         {"enabledWhen", {{"field", "use"}, {"equals", true}}}},
                                                        {{"id", "extra"},
                                                         {"type", "text"},
                                                         {"label", L("Extra")},
                                                         {"visibleWhen", {{"field", "use"}, {"equals", true}}}}})}}})}},
        nav);
    panelFrames(2);
    ASSERT_NE(item("f.detail"), nullptr);
    EXPECT_FALSE(item("f.detail")->enabled);
    EXPECT_EQ(item("f.extra"), nullptr);
    ASSERT_TRUE(clickPanel("f.use"));
    EXPECT_TRUE(item("f.detail")->enabled);
    EXPECT_NE(item("f.extra"), nullptr);
}

TEST_F(Headless, SelectFillsOtherFields) {
    RecordingNavigator nav;
    showPanel({{"schema", 1},
               {"id", "t.s"},
               {"title", L("S")},
               {"body",
                Json::array(
                    {{{"type", "form"},
                      {"id", "f"},
                      {"fields", Json::array({{{"id", "role"},
                                               {"type", "select"},
                                               {"label", L("Role")},
                                               {"options", Json::array({{{"value", "general"}, {"label", L("General")}},
                                                                        {{"value", "webapi"},
                                                                         {"label", L("WebAPI")},
                                                                         {"fills", {{"user_id", "A0"}}}}})}},
                                              {{"id", "user_id"}, {"type", "text"}, {"label", L("User")}}})}}})}},
              nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("f.role"));
    ASSERT_TRUE(clickPanel("WebAPI")) << Automation::instance().json();
    EXPECT_EQ(m_view->formValues("f")["role"], "webapi");
    EXPECT_EQ(item("f.user_id")->value, "A0");
}

TEST_F(Headless, CalendarPicksADay) {
    RecordingNavigator nav;
    showPanel(
        {{"schema", 1},
         {"id", "t.c"},
         {"title", L("C")},
         {"body",
          Json::array(
              {{{"type", "form"},
                {"id", "f"},
                {"fields",
                 Json::array({{{"id", "d"}, {"type", "date"}, {"label", L("Date")}, {"value", "2026/02/10"}}})}}})}},
        nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("カレンダー"));
    ASSERT_TRUE(clickPanel("28"));
    EXPECT_EQ(m_view->formValues("f")["d"], "2026/02/28");
}

TEST_F(Headless, AutomationPublishesTheFrameAsJson) {
    RecordingNavigator nav;
    showPanel({{"schema", 1},
               {"id", "t.a"},
               {"title", L("A")},
               {"body",
                Json::array({{{"type", "text"}, {"text", std::string("bad \xff utf-8")}},
                             {{"type", "form"},
                              {"id", "f"},
                              {"fields",
                               Json::array({{{"id", "x"}, {"type", "text"}, {"label", L("X")}, {"value", "v"}}})}}})}},
              nav);
    panelFrames(2);
    Json frame = Json::parse(Automation::instance().json(), nullptr, false);
    ASSERT_TRUE(frame.is_object()) << "invalid UTF-8 from a server must not break the JSON";
    EXPECT_EQ(frame["screen"], "test");
    const Json* field = nullptr;
    for (const auto& i : frame["items"])
        if (i["key"] == "f.x") field = &i;
    ASSERT_NE(field, nullptr);
    EXPECT_EQ((*field)["label"], "X");
    EXPECT_EQ((*field)["value"], "v");
    EXPECT_EQ((*field)["enabled"], true);
    EXPECT_GT((*field)["w"].get<double>(), 0);
    EXPECT_TRUE(frame["texts"].is_array());
}

// Schema 1 additions of the settings screen: offValue, field sections, a disabled select reported as disabled.
TEST_F(Headless, ADisabledFieldShowsAndSendsItsOffValue) {
    RecordingNavigator nav;
    Json onOff =
        Json::array({{{"value", "use"}, {"label", L("利用する")}}, {{"value", "not_use"}, {"label", L("利用しない")}}});
    showPanel({{"schema", 1},
               {"id", "t.o"},
               {"title", L("O")},
               {"body",
                Json::array({{{"type", "form"},
                              {"id", "f"},
                              {"fields", Json::array({{{"id", "clinical"},
                                                       {"type", "select"},
                                                       {"label", L("診療情報")},
                                                       {"options", onOff},
                                                       {"value", "not_use"},
                                                       {"section", L("閲覧同意")}},
                                                      {{"id", "drug"},
                                                       {"type", "select"},
                                                       {"label", L("薬剤情報")},
                                                       {"options", onOff},
                                                       {"value", "use"},
                                                       {"offValue", "not_use"},
                                                       {"section", L("閲覧同意")},
                                                       {"enabledWhen", {{"field", "clinical"}, {"equals", "not_use"}}}},
                                                      {{"id", "ehr"},
                                                       {"type", "select"},
                                                       {"label", L("電子カルテ")},
                                                       {"options", onOff},
                                                       {"value", "not_use"},
                                                       {"section", L("電子カルテ情報共有サービス")}}})}}})}},
              nav);
    panelFrames(2);
    EXPECT_TRUE(item("f.drug")->enabled);
    EXPECT_EQ(item("f.drug")->value, "利用する");
    ASSERT_TRUE(clickPanel("f.clinical"));
    ASSERT_TRUE(clickPanel("利用する"));
    panelFrames(2);
    EXPECT_FALSE(item("f.drug")->enabled);
    EXPECT_EQ(item("f.drug")->value, "利用しない");
    EXPECT_EQ(m_view->formValues("f")["drug"], "not_use");
    // Each run of fields under one section gets one heading.
    int headings = 0;
    for (const auto& t : Automation::instance().texts()) headings += t.kind == "heading";
    EXPECT_EQ(headings, 2);
    EXPECT_NE(text("電子カルテ情報共有サービス", "heading"), nullptr);
}

TEST_F(Headless, GotoLoginShowsTheMessageThenHandsTheSessionBackToTheApp) {
    RecordingNavigator nav;
    http.answer("GET /api/t/rows", 200, R"({"rows":[{"name":"a"}],"total":1})");
    http.answer("PATCH /api/t/values", 200, R"({"message":{"ja":"再度ログインしてください。"},"goto":"login"})");
    showPanel(
        {{"schema", 1},
         {"id", "t.g"},
         {"title", L("G")},
         {"body",
          Json::array({{{"type", "table"},
                        {"id", "tbl"},
                        {"source", {{"method", "GET"}, {"path", "/api/t/rows"}}},
                        {"columns", Json::array({{{"id", "name"}, {"label", L("Name")}}})},
                        {"autoLoad", true}},
                       {{"type", "actions"},
                        {"items", Json::array({{{"id", "save"},
                                                {"label", L("更新")},
                                                {"call", {{"method", "PATCH"}, {"path", "/api/t/values"}}}}})}}})}},
        nav);
    panelFrames(2);
    ASSERT_TRUE(clickPanel("更新"));
    panelFrames(3);
    // The session has ended on the host: the lists are not reloaded (that would answer 401 and hide the message).
    EXPECT_EQ(http.count("GET /api/t/rows"), 1);
    EXPECT_NE(text("再度ログイン", "dialog"), nullptr);
    EXPECT_TRUE(nav.log.empty());
    ASSERT_TRUE(clickPanel("OK"));
    panelFrames(2);
    EXPECT_EQ(nav.log, std::vector<std::string>{"login"});
}
