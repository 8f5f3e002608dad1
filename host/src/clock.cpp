#include "clock.hpp"

#include "oqs/dates.hpp"

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
}  // namespace

std::string isoUtc(int64_t ms) {
    auto tm = utcTm(ms);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string jstDate(int64_t ms) { return oqs::dates::japanIsoDate(ms); }

std::string jstDateTime(int64_t ms) { return oqs::dates::japanDateTime(ms, true); }

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

int64_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> parseRfc3339Ms(const std::string& s) {
    // yyyy-mm-ddThh:mm:ss[.fff…](Z|±hh:mm)
    if (s.size() < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    if (!validDate(s.substr(0, 10))) return std::nullopt;
    auto digits = [&](size_t at, size_t n) -> int {
        int v = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    int hh = digits(11, 2), mi = digits(14, 2), ss = digits(17, 2);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return std::nullopt;
    size_t pos = 19;
    int64_t fracMs = 0;
    if (pos < s.size() && s[pos] == '.') {
        size_t start = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start || pos - start > 9) return std::nullopt;
        std::string frac = s.substr(start, pos - start) + "000";
        fracMs = std::stoi(frac.substr(0, 3));
    }
    int64_t offsetMin = 0;
    if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size()) {
        offsetMin = 0;
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
        int oh = digits(pos + 1, 2), om = digits(pos + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
        offsetMin = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    int64_t days = daysFromCivil(digits(0, 4), unsigned(digits(5, 2)), unsigned(digits(8, 2)));
    int64_t secs = days * 86400 + hh * 3600 + mi * 60 + ss - offsetMin * 60;
    return secs * 1000 + fracMs;
}

}  // namespace oqs::host
