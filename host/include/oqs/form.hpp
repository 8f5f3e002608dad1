// oqs/form.hpp — one form spec, two checkers. The fields a panel sends to the client (oqs/panel.hpp: required,
// min/max, pattern, choices, dates) are checked by this code in the client, to save a round trip, and by the
// plugin on the server against the request body, which decides. Both read the same spec, so the rules cannot drift
// (a client counting characters while the server counted bytes, say). Header-only and exception-free, so the
// WebAssembly client includes it.
//
//   const Json fields = linkFields();                          // the same function builds the panel's form
//   auto body = oqs::checkedBody(req, fields);                  // oqs/plugin.hpp: 400 with ja/en per field
//   if (!body) return body.error();
#pragma once

#include "oqs/rules.hpp"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <string_view>

namespace oqs::form {

using Json = nlohmann::json;

// A message in both languages; empty when a check passed.
struct Message {
    std::string ja, en;
    bool empty() const { return ja.empty(); }
    Json toJson() const { return {{"ja", ja}, {"en", en}}; }
};

// Characters (code points), as min/max count text, never bytes.
inline size_t chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

namespace detail {
inline std::string digitsOnly(const std::string& s, size_t expect) {
    std::string d;
    for (char c : s) {
        if (c >= '0' && c <= '9') d += c;
        else if (c != '/' && c != '-' && c != ' ' && c != ':') return {};
    }
    return d.size() == expect ? d : std::string{};
}
inline bool realDate(int y, int m, int d) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}
inline Message withNumber(const char* ja, const char* en, long long n) {
    char a[256], b[256];
    std::snprintf(a, sizeof a, ja, n);
    std::snprintf(b, sizeof b, en, n);
    return {a, b};
}
inline std::string text(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}
inline const Json& member(const Json& j, const char* k) {
    static const Json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(k);
    return it == j.end() ? kNull : *it;
}
inline Message label(const Json& l, Message fallback) {
    if (!l.is_object() || !member(l, "ja").is_string()) return fallback;
    std::string ja = l["ja"].get<std::string>();
    return {ja, member(l, "en").is_string() ? l["en"].get<std::string>() : ja};
}
}  // namespace detail

// "20201010", "2020/10/10" or "2020-10-10" → "2020/10/10" (HOST-UI-03); "" when not a real date.
inline std::string normaliseDate(const std::string& s) {
    std::string d = detail::digitsOnly(s, 8);
    if (d.empty()) return {};
    int y = std::atoi(d.substr(0, 4).c_str()), m = std::atoi(d.substr(4, 2).c_str()),
        dd = std::atoi(d.substr(6, 2).c_str());
    if (!detail::realDate(y, m, dd)) return {};
    return d.substr(0, 4) + "/" + d.substr(4, 2) + "/" + d.substr(6, 2);
}
// "2020/10/10 09:30" (or "202010100930") → "2020/10/10 09:30"; "" when not valid.
inline std::string normaliseDateTime(const std::string& s) {
    std::string d = detail::digitsOnly(s, 12);
    if (d.empty()) return {};
    std::string date = normaliseDate(d.substr(0, 8));
    int h = std::atoi(d.substr(8, 2).c_str()), mi = std::atoi(d.substr(10, 2).c_str());
    if (date.empty() || h > 23 || mi > 59) return {};
    return date + " " + d.substr(8, 2) + ":" + d.substr(10, 2);
}

// Empty in the sense of "required": null, "", or an unticked checkbox.
inline bool isEmptyValue(const Json& field, const Json& value) {
    if (value.is_null() || value.is_discarded()) return true;
    if (value.is_string()) return value.get_ref<const std::string&>().empty();
    if (detail::member(field, "type") == "checkbox") return !(value.is_boolean() && value.get<bool>());
    return false;
}

// The message for a value that breaks one of its field's rules, or an empty one. fileBytes: a chosen file's size
// (file fields), else -1.
inline Message checkField(const Json& field, const Json& value, long long fileBytes = -1) {
    using detail::member;
    const std::string type = member(field, "type").is_string() ? field["type"].get<std::string>() : "text";
    if (type == "readonly") return {};
    // A field's own "message" says what is wrong in its terms (「シリアル番号は10進数（半角数字）で入力してください。」)
    // when it is missing, malformed or not a choice; lengths and ranges keep their numbered texts.
    const Json& own = member(field, "message");
    if (isEmptyValue(field, value))
        return member(field, "required") == true
                   ? detail::label(own, {"＊の項目は必須入力です。", "This field is required."})
                   : Message{};
    const Json& min = member(field, "min");
    const Json& max = member(field, "max");
    const Message wrongFormat = detail::label(own, {"入力形式に誤りがあります。", "The value has the wrong format."});
    if (type == "checkbox")
        return value.is_boolean() ? Message{}
                                  : Message{"チェックの指定が正しくありません。", "Tick or untick the box."};
    if (type == "select") {
        for (const auto& o : member(field, "options"))
            if (member(o, "value") == value) return {};
        return detail::label(own, {"選択肢から選んでください。", "Choose one of the options."});
    }
    if (!value.is_string() && !(type == "number" && value.is_number())) return wrongFormat;
    const std::string text = detail::text(value);
    if (type == "number") {
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (text.empty() || !end || *end != '\0') return {"数値を入力してください。", "Enter a number."};
        if (min.is_number() && v < min.get<double>())
            return detail::withNumber("%lld以上の値を入力してください。", "Enter %lld or more.", min.get<long long>());
        if (max.is_number() && v > max.get<double>())
            return detail::withNumber("%lld以下の値を入力してください。", "Enter %lld or less.", max.get<long long>());
        return {};
    }
    if (type == "date" && normaliseDate(text).empty())
        return {"日付はyyyy/mm/ddの形式で入力してください。", "Enter the date as yyyy/mm/dd."};
    if (type == "datetime" && normaliseDateTime(text).empty())
        return {"日時はyyyy/mm/dd hh:mmの形式で入力してください。", "Enter the date and time as yyyy/mm/dd hh:mm."};
    if (type == "file") {
        const Json& limit = member(field, "maxBytes");
        if (limit.is_number() && fileBytes > limit.get<long long>())
            return detail::withNumber("ファイルが大きすぎます（上限 %lld バイト）。",
                                      "The file is too large (at most %lld bytes).", limit.get<long long>());
        return {};
    }
    const size_t n = chars(text);
    if (min.is_number() && n < min.get<size_t>())
        return detail::withNumber("%lld文字以上で入力してください。", "Enter at least %lld characters.",
                                  min.get<long long>());
    if (max.is_number() && n > max.get<size_t>())
        return detail::withNumber("%lld文字以内で入力してください。", "Enter at most %lld characters.",
                                  max.get<long long>());
    // The host compiles every pattern of a manifest's panels with std::regex first, so it is valid ECMAScript.
    if (const Json& pattern = member(field, "pattern"); pattern.is_string() && !pattern.get<std::string>().empty())
        if (!std::regex_search(text, std::regex(pattern.get<std::string>(), std::regex::ECMAScript)))
            return wrongFormat;
    return {};
}

// Every field of a form spec that these values show and enable (visibleWhen / enabledWhen), checked: answers
// {"<field id>": {"ja","en"}}, empty when the values pass. Fields the rules hide or disable are not checked.
inline Json checkForm(const Json& fields, const Json& values) {
    Json problems = Json::object();
    if (!fields.is_array()) return problems;
    for (const auto& f : fields) {
        const Json& id = detail::member(f, "id");
        if (!id.is_string()) continue;
        if (!evalRule(detail::member(f, "visibleWhen"), values) || !evalRule(detail::member(f, "enabledWhen"), values))
            continue;
        const Json& v = values.is_object() && values.contains(id.get<std::string>()) ? values[id.get<std::string>()]
                                                                                     : detail::member(values, "");
        if (Message m = checkField(f, v); !m.empty()) problems[id.get<std::string>()] = m.toJson();
    }
    return problems;
}

}  // namespace oqs::form
