// The chart widget (panel schema "chart") headless: bars from its source with the query form's values, the
// summary and note lines, the published bar count and largest value, a reload with new values, and a refused
// query's messages beside the form's fields.
#include "ui_harness.hpp"

using namespace oqs::ui;
using namespace oqs::ui::test;

namespace {
Json L(const char* ja) { return Json{{"ja", ja}}; }

Json chartPanel() {
    return {{"schema", 1},
            {"id", "t.chart"},
            {"title", L("グラフ")},
            {"body",
             Json::array({
                 {{"type", "form"},
                  {"id", "q"},
                  {"fields",
                   Json::array({{{"id", "from"}, {"type", "text"}, {"label", L("From")}, {"value", "2026/11/01"}}})}},
                 {{"type", "chart"},
                  {"id", "c"},
                  {"source", {{"method", "GET"}, {"path", "/api/t/chart"}, {"query", "q"}}},
                  {"xLabel", L("日付")},
                  {"yLabel", L("件数")},
                  {"button", L("グラフ表示")},
                  {"autoLoad", true}},
             })}};
}

double fact(const std::string& name) {
    Json frame = Json::parse(Automation::instance().json(), nullptr, false);
    return frame.is_object() && frame["extra"].contains(name) ? frame["extra"][name].get<double>() : -1;
}
}  // namespace

TEST_F(Headless, ChartDrawsBarsFromItsSource) {
    RecordingNavigator nav;
    http.answer("GET /api/t/chart", 200,
                R"({"bars":[{"label":"11/01","value":3},{"label":"11/02","value":0},{"label":"11/03","value":7}],)"
                R"("summary":{"ja":"該当件数：10件"},"note":"注記"})");
    showPanel(chartPanel(), nav);
    panelFrames(4);
    EXPECT_EQ(http.count("GET /api/t/chart"), 1) << "autoLoad fetched it once";
    EXPECT_NE(http.last("GET /api/t/chart")->req.path.find("from=2026"), std::string::npos)
        << http.last("GET /api/t/chart")->req.path;
    ASSERT_NE(text("該当件数：10件"), nullptr);
    EXPECT_NE(text("注記"), nullptr);
    EXPECT_EQ(fact("chart.c.bars"), 3);
    EXPECT_EQ(fact("chart.c.max"), 7);

    // New values, the button: loaded again with them.
    http.answer("GET /api/t/chart", 200, R"({"bars":[{"label":"0時","value":1}],"summary":"該当件数：1件"})");
    typePanel("q.from", "X");
    ASSERT_TRUE(clickPanel("グラフ表示"));
    panelFrames(3);
    EXPECT_EQ(http.count("GET /api/t/chart"), 2);
    EXPECT_NE(text("該当件数：1件"), nullptr);
    EXPECT_EQ(fact("chart.c.bars"), 1);
}

TEST_F(Headless, ARefusedChartQueryShowsBesideTheField) {
    RecordingNavigator nav;
    http.answer(
        "GET /api/t/chart", 400,
        R"({"error":{"code":"t.period","message":"期間が正しくありません。","fields":{"from":"日付を確認してください。"}}})");
    showPanel(chartPanel(), nav);
    panelFrames(4);
    EXPECT_NE(text("期間が正しくありません。"), nullptr);
    EXPECT_EQ(m_view->fieldError("q", "from"), "日付を確認してください。");
    EXPECT_EQ(fact("chart.c.bars"), 0);
}
