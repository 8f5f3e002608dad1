// The search conditions (SPEC.md §5.2, OQ-43): the period is inclusive to the minute in Japan time, both ends are
// required and ordered (MSG-Y02 beside the field), the 25,000 limit (HIS-LIM-01, OQ-63, MSG-Y01), and each
// category filter including one another plugin contributes.
#include "history_fixture.hpp"

namespace history_test {
namespace {

TEST_F(HistoryHost, PeriodIsInclusiveToTheEndMinuteInJapanTime) {
    auto code = institution();
    append({event(code, jst(2026, 11, 20, 11, 59, 59, 999)),  // before the start
            event(code, jst(2026, 11, 20, 12, 0, 0, 0)),      // the start itself
            event(code, jst(2026, 11, 20, 12, 55, 59, 999)),  // the last millisecond of 12:55
            event(code, jst(2026, 11, 20, 12, 56, 0, 0))});   // the first of 12:56: outside
    auto c = admin(code);
    auto q = query("2026/11/20", 12, 0, "2026/11/20", 12, 55);
    auto s = c->get("/api/history/summary" + q);
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_EQ(s.json["total"], 2);
    auto d = c->get("/api/history/download" + q);
    ASSERT_EQ(d.status, 200) << d.body;
    auto rows = lines(d.body);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[1].substr(0, 19), "2026/11/20 12:00:00");
    EXPECT_EQ(rows[2].substr(0, 19), "2026/11/20 12:55:59");
    // A one-minute period (start = end) holds that whole minute; yyyymmdd is accepted too (OQ-09).
    auto one = c->get("/api/history/summary" + query("20261120", 12, 55, "20261120", 12, 55));
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(one.json["total"], 1);
}

TEST_F(HistoryHost, AnInvalidPeriodIsRefusedBesideItsField) {
    auto code = institution();
    auto c = admin(code);
    const std::string msgY02 = "対象期間（自）には対象期間（至）以前の日時を指定してください。";
    struct Case {
        std::string q, field;
    } cases[] = {
        {query("2026/11/20", 12, 56, "2026/11/20", 12, 55), "from_date"},  // start after end, by one minute
        {query("2026/11/21", 0, 0, "2026/11/20", 23, 59), "from_date"},
        {query("2026/02/30", 0, 0, "2026/11/20", 0, 0), "from_date"},  // no such day
        {query("2026-11-20", 0, 0, "2026/11/20", 0, 0), "from_date"},  // not yyyy/mm/dd
        {query("2026/11/20", 24, 0, "2026/11/20", 0, 0), "from_hour"},
        {query("2026/11/20", 0, 0, "2026/11/20", 0, 60), "to_minute"},
        {"?from_date=2026/11/20&from_hour=0&from_minute=00&to_hour=1&to_minute=00", "to_date"},  // missing
        {"?from_date=2026/11/20&from_hour=-1&from_minute=00&to_date=2026/11/20&to_hour=1&to_minute=00", "from_hour"},
    };
    for (const auto& k : cases) {
        for (const char* route : {"/api/history/summary", "/api/history/download"}) {
            auto r = c->get(route + k.q);
            EXPECT_EQ(r.status, 400) << route << k.q;
            EXPECT_EQ(r.errorCode(), "history.period") << route << k.q;
            EXPECT_EQ(r.json["error"]["message"], msgY02) << k.q;
            EXPECT_TRUE(r.json["error"]["fields"].contains(k.field)) << k.q << " " << r.body;
        }
    }
    auto bad = c->get("/api/history/summary" + query("2026/11/20", 0, 0, "2026/11/20", 1, 0, "medical.nothing"));
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.errorCode(), "history.category");
    EXPECT_TRUE(audit(code, "history.download").empty());
}

TEST_F(HistoryHost, ExactlyTwentyFiveThousandDownloadOneMoreIsRefused) {
    auto code = institution();
    std::vector<oqs::host::ViewingEvent> events;
    for (int i = 0; i < 25000; ++i) events.push_back(event(code, jst(2026, 11, 1, 0, 0) + int64_t(i) * 1000));
    append(events);
    auto c = admin(code);
    auto q = query("2026/11/01", 0, 0, "2026/11/01", 23, 59);
    auto d = c->get("/api/history/download" + q);
    ASSERT_EQ(d.status, 200) << d.body.substr(0, 300);
    EXPECT_EQ(lines(d.body).size(), 25001u);  // header + 25,000
    // Sorted by viewing time.
    auto rows = lines(d.body);
    EXPECT_EQ(rows[1].substr(0, 19), "2026/11/01 00:00:00");
    EXPECT_EQ(rows[25000].substr(0, 19), "2026/11/01 06:56:39");

    append({event(code, jst(2026, 11, 1, 23, 59, 59, 999))});
    auto over = c->get("/api/history/download" + q);
    EXPECT_EQ(over.status, 400);
    EXPECT_EQ(over.errorCode(), "history.too_many");
    EXPECT_EQ(over.json["error"]["message"],
              "検索結果が25,000件を超えるため、ダウンロードできません。検索条件を見直して、再度検索してください。");
    EXPECT_EQ(over.header("Content-Disposition"), "");
    auto s = c->get("/api/history/summary" + q);
    EXPECT_EQ(s.json["total"], 25001);
    EXPECT_EQ(s.json["over_limit"], true);
    // Only the download that happened is audited, with its row count.
    auto a = audit(code, "history.download");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0]["detail"]["rows"], 25000);
}

TEST_F(HistoryHost, EachCategoryFiltersAndAllTakesEveryOne) {
    auto code = institution();
    const std::vector<std::string> keys{"medical.checkup", "medical.drug", "medical.surgery_drug", "medical.clinical",
                                        "dental.records"};
    std::vector<oqs::host::ViewingEvent> events;
    for (size_t i = 0; i < keys.size(); ++i) events.push_back(event(code, jst(2026, 11, 20, 10, int(i)), keys[i]));
    append(events);
    auto c = admin(code);
    const std::vector<std::string> labels{"特定健診情報", "薬剤情報", "手術・診療・薬剤情報", "臨床情報",
                                          "歯科診療情報"};
    for (size_t i = 0; i < keys.size(); ++i) {
        auto d = c->get("/api/history/download" + query("2026/11/20", 0, 0, "2026/11/20", 23, 59, keys[i]));
        ASSERT_EQ(d.status, 200) << keys[i] << d.body;
        auto rows = lines(d.body);
        ASSERT_EQ(rows.size(), 2u) << keys[i];
        EXPECT_NE(rows[1].find("," + labels[i] + ","), std::string::npos) << rows[1];
    }
    auto all = c->get("/api/history/summary" + query("2026/11/20", 0, 0, "2026/11/20", 23, 59, "all"));
    EXPECT_EQ(all.json["total"], 5);

    // The screen lists 全て and the manual's four in its order, then the contributed one.
    auto panel = c->get("/api/panels/history/main");
    ASSERT_EQ(panel.status, 200) << panel.body;
    Json options;
    for (const auto& w : panel.json["body"])
        if (w["type"] == "form")
            for (const auto& f : w["fields"])
                if (f["id"] == "category") options = f["options"];
    std::vector<std::string> shown;
    for (const auto& o : options) shown.push_back(o["label"]["ja"]);
    EXPECT_EQ(shown, (std::vector<std::string>{"全て", "特定健診情報", "薬剤情報", "手術・診療・薬剤情報", "臨床情報",
                                               "歯科診療情報"}));
}

TEST_F(HistoryHost, ThePanelDefaultsToTodayFromMidnightToNow) {
    auto code = institution();
    host.advance(std::chrono::seconds(3 * 3600 + 25 * 60 + 30));  // 2026-11-25 12:25:30 JST
    auto panel = admin(code)->get("/api/panels/history/main");
    ASSERT_EQ(panel.status, 200);
    Json values = Json::object();
    for (const auto& w : panel.json["body"]) {
        if (w["type"] == "readonly") values[w["id"].get<std::string>()] = w["value"];
        if (w["type"] == "form")
            for (const auto& f : w["fields"]) values[f["id"].get<std::string>()] = f["value"];
    }
    EXPECT_EQ(values["institution_code"], code);
    EXPECT_EQ(values["from_date"], "2026/11/25");
    EXPECT_EQ(values["from_hour"], "0");
    EXPECT_EQ(values["from_minute"], "00");
    EXPECT_EQ(values["to_date"], "2026/11/25");
    EXPECT_EQ(values["to_hour"], "12");
    EXPECT_EQ(values["to_minute"], "25");
    EXPECT_EQ(values["category"], "all");
}

TEST_F(HistoryHost, TheChartCountsPerDayOrPerHourForOneDay) {
    auto code = institution();
    append({event(code, jst(2026, 11, 20, 9, 5)), event(code, jst(2026, 11, 20, 9, 40)),
            event(code, jst(2026, 11, 22, 23, 59, 59))});
    auto c = admin(code);
    auto days = c->get("/api/history/summary" + query("2026/11/20", 0, 0, "2026/11/22", 23, 59));
    ASSERT_EQ(days.status, 200) << days.body;
    EXPECT_EQ(days.json["total"], 3);
    ASSERT_EQ(days.json["bars"].size(), 3u);  // the quiet day is a zero bar, not missing
    EXPECT_EQ(days.json["bars"][0], (Json{{"label", "11/20"}, {"value", 2}}));
    EXPECT_EQ(days.json["bars"][1], (Json{{"label", "11/21"}, {"value", 0}}));
    EXPECT_EQ(days.json["bars"][2], (Json{{"label", "11/22"}, {"value", 1}}));
    EXPECT_NE(days.json["summary"]["ja"].get<std::string>().find("該当件数：3件"), std::string::npos);
    auto hours = c->get("/api/history/summary" + query("2026/11/20", 8, 0, "2026/11/20", 10, 30));
    ASSERT_EQ(hours.json["bars"].size(), 3u);
    EXPECT_EQ(hours.json["bars"][1], (Json{{"label", "9時"}, {"value", 2}}));
    EXPECT_EQ(hours.json["xLabel"]["ja"], "時刻");
}

}  // namespace
}  // namespace history_test
