// The search conditions (SPEC.md §5.2, OQ-43): 対象期間（自）/（至） as a date (yyyy/mm/dd, or yyyymmdd: OQ-09),
// an hour 0–23 and a minute 00–59, in Japan time, inclusive to the end minute's last millisecond — an event at
// 12:55:59.999 is inside a period ending 12:55, one at 12:56:00.000 is not. Both ends are required and the start
// must not be after the end (MSG-Y02); there is no maximum range.
#include "history_plugin.hpp"

#include <cctype>
#include <cstdio>

namespace history_plugin {

using oqs::Json;

namespace {

constexpr int64_t kJstOffsetMs = 9LL * 3600 * 1000;
constexpr int64_t kMinuteMs = 60 * 1000;

// Days since 1970-01-01 of a proleptic Gregorian date (the well-known era arithmetic).
int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int daysIn(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool allDigits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// "2026/11/25" or "20261125" → the date, when it exists (years 1900–9999).
bool parseDate(const std::string& text, JstTime& t) {
    std::string d;
    if (text.size() == 10 && text[4] == '/' && text[7] == '/')
        d = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
    else if (text.size() == 8) d = text;
    if (d.size() != 8 || !allDigits(d)) return false;
    t.year = std::stoi(d.substr(0, 4));
    t.month = std::stoi(d.substr(4, 2));
    t.day = std::stoi(d.substr(6, 2));
    return t.year >= 1900 && t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= daysIn(t.year, t.month);
}

// Hour "0"–"23" (a leading zero allowed), minute "00"–"59" (one digit allowed).
bool parseNumber(const std::string& text, int max, int& out) {
    if (text.empty() || text.size() > 2 || !allDigits(text)) return false;
    out = std::stoi(text);
    return out <= max;
}

struct End {
    const char* prefix;  // "from" or "to"
    const char* name;    // 対象期間（自）
};

// One end of the period, or the field error that names what is wrong with it.
JstTime endOf(const oqs::Request& req, const End& end, Json& fields) {
    const std::string p = end.prefix;
    JstTime t;
    const std::string date = req.queryValue(p + "_date"), hour = req.queryValue(p + "_hour"),
                      minute = req.queryValue(p + "_minute");
    const std::string name = end.name;
    if (date.empty()) fields[p + "_date"] = name + "の日付を入力してください。";
    else if (!parseDate(date, t))
        fields[p + "_date"] = name + "の日付は yyyy/mm/dd（例 2020/10/10）で正しい日付を入力してください。";
    if (hour.empty()) fields[p + "_hour"] = name + "の時間を入力してください。";
    else if (!parseNumber(hour, 23, t.hour)) fields[p + "_hour"] = name + "の時間は0～23で入力してください。";
    if (minute.empty()) fields[p + "_minute"] = name + "の分を入力してください。";
    else if (!parseNumber(minute, 59, t.minute)) fields[p + "_minute"] = name + "の分は00～59で入力してください。";
    return t;
}

}  // namespace

int64_t utcMsOf(const JstTime& t) {
    return (daysFromCivil(t.year, t.month, t.day) * 86400LL + t.hour * 3600LL + t.minute * 60LL) * 1000 - kJstOffsetMs;
}

JstTime jstOf(int64_t utcMs) {
    int64_t ms = utcMs + kJstOffsetMs;
    int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
    int64_t rest = ms - days * 86400000;
    // civil_from_days
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    JstTime t;
    t.day = int(doy - (153 * mp + 2) / 5 + 1);
    t.month = int(mp < 10 ? mp + 3 : mp - 9);
    t.year = int(yoe + era * 400 + (t.month <= 2));
    t.hour = int(rest / 3600000);
    t.minute = int(rest % 3600000 / 60000);
    t.second = int(rest % 60000 / 1000);
    return t;
}

std::string twoDigits(int v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}
std::string dateText(const JstTime& t) {
    return std::to_string(t.year) + "/" + twoDigits(t.month) + "/" + twoDigits(t.day);
}

std::string Conditions::periodText() const {
    return dateText(from) + " " + twoDigits(from.hour) + ":" + twoDigits(from.minute) + "〜" + dateText(to) + " " +
           twoDigits(to.hour) + ":" + twoDigits(to.minute);
}

Json Conditions::viewingQuery() const {
    Json q{{"from_ms", fromMs}, {"to_ms", toMs}};
    if (!category.all) q["category"] = category.key;
    return q;
}

oqs::Result<Conditions> conditionsOf(const oqs::Ctx& ctx, const oqs::Request& req) {
    Json fields = Json::object();
    Conditions c;
    c.from = endOf(req, {"from", "対象期間（自）"}, fields);
    c.to = endOf(req, {"to", "対象期間（至）"}, fields);
    if (fields.empty()) {
        c.fromMs = utcMsOf(c.from);
        c.toMs = utcMsOf(c.to) + kMinuteMs - 1;  // inclusive to hh:mm:59.999
        if (c.fromMs > c.toMs) fields["from_date"] = kPeriodJa;
    }
    if (!fields.empty()) return oqs::badRequest("history.period", kPeriodJa, fields);

    auto list = categories(ctx);
    if (!list) return list.error();
    const std::string key = req.queryValue("category", kAllKey);
    for (const auto& cat : *list)
        if (cat.key == key) c.category = cat;
    if (c.category.key.empty())
        return oqs::badRequest("history.category", "照会情報区分が正しくありません。",
                               {{"category", "照会情報区分を一覧から選択してください。"}});
    return c;
}

}  // namespace history_plugin
