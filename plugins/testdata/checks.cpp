// Input rules of the setup screen (OQ-38) and the time format of its tables. The client checks the same rules
// from the panel's field spec; these are the server's, which decide.
#include "testdata.hpp"

#include <chrono>
#include <cstdio>

namespace testdata {

std::string checkSerial(const Json& v) {
    // MSG-T11 for anything that is not half-width decimal digits, full-width digits included: the card's serial
    // is read off a test card, and a full-width one would never match what the reader sends.
    if (!v.is_string() || v.get<std::string>().empty()) return "シリアル番号は10進数（半角数字）で入力してください。";
    const auto& s = v.get_ref<const std::string&>();
    for (char c : s)
        if (c < '0' || c > '9') return "シリアル番号は10進数（半角数字）で入力してください。";
    if (s.size() > 40) return "シリアル番号は40桁以内で入力してください。";
    return "";
}

std::string checkPmhId(const Json& v) {
    if (v.is_null() || (v.is_string() && v.get<std::string>().empty())) return "";
    const char* msg = "PMH-IDは半角英数字32文字以内で入力してください。";
    if (!v.is_string()) return msg;
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > 32) return msg;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return msg;
    return "";
}

std::optional<int> typeOf(const Json& v) {
    int id = 0;
    if (v.is_number_integer()) {
        auto n = v.get<int64_t>();
        if (n < 1 || n > 14) return std::nullopt;
        id = int(n);
    } else if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() || s.size() > 2) return std::nullopt;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            id = id * 10 + (c - '0');
        }
    } else {
        return std::nullopt;
    }
    return qualType(id) ? std::optional<int>(id) : std::nullopt;
}

Page pageOf(const oqs::Request& req) {
    auto number = [&](const char* name, int64_t fallback, int64_t lo, int64_t hi) {
        std::string v = req.queryValue(name);
        if (v.empty() || v.size() > 9) return fallback;
        int64_t n = 0;
        for (char c : v) {
            if (c < '0' || c > '9') return fallback;
            n = n * 10 + (c - '0');
        }
        return n < lo ? lo : n > hi ? hi : n;
    };
    return {number("offset", 0, 0, 999999999), number("limit", 20, 1, 200)};
}

oqs::Error invalid(const Json& fields) {
    return oqs::badRequest("testdata.invalid", "入力内容に誤りがあります。", fields);
}

std::string japanTime(int64_t ms) {
    using namespace std::chrono;
    // Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is exact for every stored time.
    auto local = sys_time<milliseconds>(milliseconds(ms)) + hours(9);
    auto day = floor<days>(local);
    year_month_day ymd{day};
    hh_mm_ss hms{floor<minutes>(local - day)};
    char out[32];
    std::snprintf(out, sizeof out, "%04d/%02u/%02u %02d:%02d", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()));
    return out;
}

}  // namespace testdata
