#include "dates.hpp"

#include <chrono>
#include <cstdio>

namespace oqs::accounts {

namespace {

bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}
int number(std::string_view s) {
    int n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return n;
}
std::optional<std::chrono::year_month_day> ymd(int y, int m, int d) {
    std::chrono::year_month_day v{std::chrono::year(y), std::chrono::month(unsigned(m)), std::chrono::day(unsigned(d))};
    if (!v.ok()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<std::string> normaliseDate(std::string_view t) {
    std::string_view y, m, d;
    if (t.size() == 8 && digits(t)) { y = t.substr(0, 4); m = t.substr(4, 2); d = t.substr(6, 2); }
    else if (t.size() == 10 && (t[4] == '/' || t[4] == '-') && t[7] == t[4]) {
        y = t.substr(0, 4); m = t.substr(5, 2); d = t.substr(8, 2);
    } else return std::nullopt;
    if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
    int yy = number(y);
    if (yy < 1900) return std::nullopt;  // no account predates the System; guards against typos like 0202
    if (!ymd(yy, number(m), number(d))) return std::nullopt;
    return std::string(y) + "-" + std::string(m) + "-" + std::string(d);
}

std::string displayDate(std::string_view iso) {
    std::string out(iso);
    for (char& c : out)
        if (c == '-') c = '/';
    return out;
}

std::string jstDateTime(int64_t utcMs, bool withSeconds) {
    using namespace std::chrono;
    auto jst = sys_time<milliseconds>(milliseconds(utcMs)) + hours(9);
    auto day = floor<days>(jst);
    year_month_day d(day);
    hh_mm_ss<milliseconds> t(jst - day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d/%02u/%02u %02ld:%02ld", int(d.year()), unsigned(d.month()),
                  unsigned(d.day()), long(t.hours().count()), long(t.minutes().count()));
    std::string out = buf;
    if (withSeconds) {
        std::snprintf(buf, sizeof buf, ":%02ld", long(t.seconds().count()));
        out += buf;
    }
    return out;
}

std::optional<int64_t> parseIsoUtc(std::string_view s) {
    // yyyy-mm-ddThh:mm:ss[.fff]Z
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z')
        return std::nullopt;
    auto date = normaliseDate(s.substr(0, 10));
    if (!date || !digits(s.substr(11, 2)) || !digits(s.substr(14, 2)) || !digits(s.substr(17, 2))) return std::nullopt;
    using namespace std::chrono;
    auto d = ymd(number(s.substr(0, 4)), number(s.substr(5, 2)), number(s.substr(8, 2)));
    auto t = sys_days(*d) + hours(number(s.substr(11, 2))) + minutes(number(s.substr(14, 2))) +
             seconds(number(s.substr(17, 2)));
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

}  // namespace oqs::accounts
