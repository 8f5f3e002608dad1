#include "checks.hpp"

#include "i18n.hpp"

#include <cstdio>
#include <cstdlib>
#include <regex>

namespace oqs::ui {

std::size_t utf8Length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

namespace {
std::string digitsOnly(const std::string& s, std::size_t expect) {
    std::string d;
    for (char c : s) {
        if (c >= '0' && c <= '9') d += c;
        else if (c != '/' && c != '-' && c != ' ' && c != ':') return {};
    }
    return d.size() == expect ? d : std::string{};
}
bool realDate(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}
std::string formatMessage(const char* fmt, long long n) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, n);
    return buf;
}
}  // namespace

std::string normaliseDate(const std::string& s) {
    std::string d = digitsOnly(s, 8);
    if (d.empty()) return {};
    int y = std::atoi(d.substr(0, 4).c_str()), m = std::atoi(d.substr(4, 2).c_str()), dd = std::atoi(d.substr(6, 2).c_str());
    if (!realDate(y, m, dd)) return {};
    return d.substr(0, 4) + "/" + d.substr(4, 2) + "/" + d.substr(6, 2);
}

std::string normaliseDateTime(const std::string& s) {
    std::string d = digitsOnly(s, 12);
    if (d.empty()) return {};
    std::string date = normaliseDate(d.substr(0, 8));
    int h = std::atoi(d.substr(8, 2).c_str()), mi = std::atoi(d.substr(10, 2).c_str());
    if (date.empty() || h > 23 || mi > 59) return {};
    return date + " " + d.substr(8, 2) + ":" + d.substr(10, 2);
}

bool isEmptyValue(const Json& field, const Json& value) {
    if (value.is_null() || value.is_discarded()) return true;
    if (value.is_string()) return value.get_ref<const std::string&>().empty();
    if (str(field, "type") == "checkbox") return !(value.is_boolean() && value.get<bool>());
    return false;
}

std::string checkField(const Json& field, const Json& value, Lang lang, long long fileBytes) {
    const std::string type = str(field, "type", "text");
    if (type == "readonly") return {};
    if (isEmptyValue(field, value))
        return flag(field, "required") ? tr(lang, "＊の項目は必須入力です。", "This field is required.") : "";
    const std::string text = asText(value);
    const Json& min = at(field, "min");
    const Json& max = at(field, "max");
    if (type == "number") {
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (text.empty() || !end || *end != '\0') return tr(lang, "数値を入力してください。", "Enter a number.");
        if (min.is_number() && v < min.get<double>())
            return formatMessage(tr(lang, "%lld以上の値を入力してください。", "Enter %lld or more."), min.get<long long>());
        if (max.is_number() && v > max.get<double>())
            return formatMessage(tr(lang, "%lld以下の値を入力してください。", "Enter %lld or less."), max.get<long long>());
        return {};
    }
    if (type == "date" && normaliseDate(text).empty())
        return tr(lang, "日付はyyyy/mm/ddの形式で入力してください。", "Enter the date as yyyy/mm/dd.");
    if (type == "datetime" && normaliseDateTime(text).empty())
        return tr(lang, "日時はyyyy/mm/dd hh:mmの形式で入力してください。", "Enter the date and time as yyyy/mm/dd hh:mm.");
    if (type == "file") {
        long long limit = num(field, "maxBytes", -1);
        if (limit >= 0 && fileBytes > limit)
            return formatMessage(tr(lang, "ファイルが大きすぎます（上限 %lld バイト）。", "The file is too large (at most %lld bytes)."), limit);
        return {};
    }
    if (type == "checkbox" || type == "select") return {};
    std::size_t chars = utf8Length(text);
    if (min.is_number() && chars < min.get<std::size_t>())
        return formatMessage(tr(lang, "%lld文字以上で入力してください。", "Enter at least %lld characters."), min.get<long long>());
    if (max.is_number() && chars > max.get<std::size_t>())
        return formatMessage(tr(lang, "%lld文字以内で入力してください。", "Enter at most %lld characters."), max.get<long long>());
    const std::string pattern = str(field, "pattern");
    // The server compiled the same pattern with std::regex, so it is known to be valid ECMAScript.
    if (!pattern.empty() && !std::regex_search(text, std::regex(pattern, std::regex::ECMAScript)))
        return tr(lang, "入力形式に誤りがあります。", "The value has the wrong format.");
    return {};
}

}  // namespace oqs::ui
