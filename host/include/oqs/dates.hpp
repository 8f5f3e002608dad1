// oqs/dates.hpp — dates as the System shows and stores them, in one place for the host and every plugin.
//
// Stored: UTC milliseconds (times) and ISO "yyyy-mm-dd" (calendar dates). Shown: the manual's "yyyy/mm/dd" and
// "yyyy/mm/dd hh:mm" in Japan time. Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is
// exact for every time the System holds. Header-only (the client uses it too).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace oqs::dates {

inline constexpr int64_t kJapanOffsetMs = 9LL * 3600 * 1000;

namespace detail {
inline bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}
inline int number(std::string_view s) {
    int n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return n;
}
// The Japan-time calendar fields of a UTC instant.
struct Fields {
    int year;
    unsigned month, day;
    long hour, minute, second;
};
inline Fields japan(int64_t utcMs) {
    using namespace std::chrono;
    auto local = sys_time<milliseconds>(milliseconds(utcMs + kJapanOffsetMs));
    auto day = floor<days>(local);
    year_month_day d(day);
    hh_mm_ss<milliseconds> t(local - day);
    return {int(d.year()),           unsigned(d.month()),       unsigned(d.day()),
            long(t.hours().count()), long(t.minutes().count()), long(t.seconds().count())};
}
}  // namespace detail

// "2020/10/10", "2020-10-10" or "20201010" → "2020-10-10" when the date exists (years from 1900).
inline std::optional<std::string> isoDate(std::string_view t) {
    std::string_view y, m, d;
    if (t.size() == 8 && detail::digits(t)) {
        y = t.substr(0, 4), m = t.substr(4, 2), d = t.substr(6, 2);
    } else if (t.size() == 10 && (t[4] == '/' || t[4] == '-') && t[7] == t[4]) {
        y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
    } else {
        return std::nullopt;
    }
    if (!detail::digits(y) || !detail::digits(m) || !detail::digits(d) || detail::number(y) < 1900) return std::nullopt;
    std::chrono::year_month_day v{std::chrono::year(detail::number(y)), std::chrono::month(unsigned(detail::number(m))),
                                  std::chrono::day(unsigned(detail::number(d)))};
    if (!v.ok()) return std::nullopt;
    return std::string(y) + "-" + std::string(m) + "-" + std::string(d);
}

// "2020-10-10" → "2020/10/10" (the manual's form); anything else is returned as it is ("" stays "").
inline std::string slashDate(std::string_view iso) {
    std::string out(iso);
    if (out.size() == 10 && out[4] == '-' && out[7] == '-') out[4] = out[7] = '/';
    return out;
}

// A UTC instant as Japan-time "2026-11-28".
inline std::string japanIsoDate(int64_t utcMs) {
    auto f = detail::japan(utcMs);
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02u-%02u", f.year % 10000, f.month % 100, f.day % 100);
    return b;
}
// A UTC instant as Japan-time "2026/11/28 09:30" (or "…:05" with seconds), for people.
inline std::string japanDateTime(int64_t utcMs, bool withSeconds = false) {
    auto f = detail::japan(utcMs);
    char b[32];
    std::snprintf(b, sizeof b, "%04d/%02u/%02u %02ld:%02ld", f.year % 10000, f.month % 100, f.day % 100, f.hour % 100,
                  f.minute % 100);
    std::string out = b;
    if (withSeconds) {
        std::snprintf(b, sizeof b, ":%02ld", f.second % 100);
        out += b;
    }
    return out;
}
// A UTC instant as Japan-time "20261128093005", for file names.
inline std::string japanCompact(int64_t utcMs) {
    auto f = detail::japan(utcMs);
    char b[32];
    std::snprintf(b, sizeof b, "%04d%02u%02u%02ld%02ld%02ld", f.year % 10000, f.month % 100, f.day % 100, f.hour % 100,
                  f.minute % 100, f.second % 100);
    return b;
}
// Japan-time calendar date and clock → UTC milliseconds; nothing when the date does not exist or the clock is off.
inline std::optional<int64_t> fromJapan(std::string_view isoDay, int hour = 0, int minute = 0, int second = 0) {
    auto iso = isoDate(isoDay);
    if (!iso || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return std::nullopt;
    using namespace std::chrono;
    year_month_day d{year(detail::number(iso->substr(0, 4))), month(unsigned(detail::number(iso->substr(5, 2)))),
                     day(unsigned(detail::number(iso->substr(8, 2))))};
    int64_t localMs = duration_cast<milliseconds>(sys_days(d).time_since_epoch()).count() +
                      ((hour * 60LL + minute) * 60 + second) * 1000;
    return localMs - kJapanOffsetMs;
}
// "2026-11-25T01:02:03Z" (optionally with .fff) → UTC milliseconds, or nothing.
inline std::optional<int64_t> parseIsoUtc(std::string_view s) {
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z')
        return std::nullopt;
    auto day = isoDate(s.substr(0, 10));
    if (!day || !detail::digits(s.substr(11, 2)) || !detail::digits(s.substr(14, 2)) ||
        !detail::digits(s.substr(17, 2)))
        return std::nullopt;
    int h = detail::number(s.substr(11, 2)), mi = detail::number(s.substr(14, 2)),
        sec = detail::number(s.substr(17, 2));
    int ms = 0;
    if (s.size() > 20) {
        if (s[19] != '.' || !detail::digits(s.substr(20, s.size() - 21))) return std::nullopt;
        std::string_view frac = s.substr(20, s.size() - 21);
        for (size_t i = 0; i < 3; ++i) ms = ms * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    }
    auto local = fromJapan(*day, h, mi, sec);  // the same arithmetic, then undo the offset: the input is UTC
    if (!local) return std::nullopt;
    return *local + kJapanOffsetMs + ms;
}

}  // namespace oqs::dates
