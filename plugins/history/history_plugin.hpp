// history_plugin.hpp — the pieces the history plugin's entry file (plugin.cpp) lists, and what they share: the
// categories of the extension point "history.categories", the period of a request (OQ-43) in Japan time, and the
// manual's messages. Nothing here is visible to other plugins.
#pragma once

#include <oqs/plugin.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace history_plugin {

void registerCategories(oqs::Plugin& p);  // categories.cpp: 全て and the four of §5.2, as contributions
void registerPanel(oqs::Plugin& p);       // panel.cpp: the screen and its menu entry (⑨)
void registerSummary(oqs::Plugin& p);     // summary.cpp: GET /summary — the count and the chart's bars
void registerDownload(oqs::Plugin& p);    // download.cpp: GET /download — the CSV, streamed

// HIS-LIM-01 / OQ-63: more than this many matching events is refused (MSG-Y01); exactly this many downloads.
inline constexpr int64_t kMaxRows = 25000;

// MSG-Y01 (the manual's 確認メッセージ) and MSG-Y02 (an invalid period).
inline constexpr const char* kTooManyJa =
    "検索結果が25,000件を超えるため、ダウンロードできません。検索条件を見直して、再度検索してください。";
inline constexpr const char* kPeriodJa = "対象期間（自）には対象期間（至）以前の日時を指定してください。";

// One choice of 照会情報区分: a viewing-log category key, or the "all" item (no filter).
struct Category {
    std::string key;
    oqs::Json label;  // {"ja","en"} or a plain string
    bool all = false;
};
inline constexpr const char* kAllKey = "all";
// Every contribution to "history.categories", this plugin's first (全て and the manual's four, in its order),
// then other plugins' in load order; items without a string key are skipped, a key seen before is kept once.
oqs::Result<std::vector<Category>> categories(const oqs::Ctx& ctx);
std::string labelJa(const oqs::Json& label);

// Japan time (UTC+9, no daylight saving) ↔ UTC milliseconds.
struct JstTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};
int64_t utcMsOf(const JstTime& t);  // the first millisecond of that minute
JstTime jstOf(int64_t utcMs);

// The search conditions of a request's query (from_date, from_hour, from_minute, to_…, category), validated:
// both ends required, real dates, hour 0–23, minute 00–59, start ≤ end; inclusive to the end minute's last
// millisecond (OQ-43). A bad period is MSG-Y02 with the offending field named.
struct Conditions {
    int64_t fromMs = 0, toMs = 0;  // inclusive
    JstTime from, to;
    Category category;
    std::string periodText() const;  // "2026/11/25 00:00〜2026/11/25 12:55"
    oqs::Json viewingQuery() const;  // for viewing.count / page / histogram
};
oqs::Result<Conditions> conditionsOf(const oqs::Ctx& ctx, const oqs::Request& req);
// The same conditions as a form spec, for the routes' OpenAPI query description (panel.cpp builds the screen's form
// from the same list).
oqs::Json conditionsQuery();

std::string twoDigits(int v);
std::string dateText(const JstTime& t);  // "2026/11/25"

}  // namespace history_plugin
