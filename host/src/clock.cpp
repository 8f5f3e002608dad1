#include "clock.hpp"

#include <cstdio>
#include <ctime>

namespace oqs::host {

namespace {
std::tm utcTm(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}
constexpr int64_t kJstOffsetMs = 9LL * 3600 * 1000;
}  // namespace

std::string isoUtc(int64_t ms) {
    auto tm = utcTm(ms);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string jstDate(int64_t ms) {
    auto tm = utcTm(ms + kJstOffsetMs);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

std::string jstDateTime(int64_t ms) {
    auto tm = utcTm(ms + kJstOffsetMs);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

bool validDate(const std::string& s) {
    int y, m, d;
    char tail;
    if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
    if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string normaliseDate(const std::string& s) {
    std::string out;
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
        out = s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2);
    else if (s.size() == 10 && (s[4] == '/' || s[4] == '-') && s[7] == s[4])
        out = s.substr(0, 4) + "-" + s.substr(5, 2) + "-" + s.substr(8, 2);
    return validDate(out) ? out : std::string();
}

}  // namespace oqs::host
