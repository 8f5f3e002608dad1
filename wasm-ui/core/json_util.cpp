#include "json_util.hpp"

#include <cstdlib>

namespace oqs::ui {

const Json& at(const Json& j, const char* key) {
    static const Json kNull;
    if (!j.is_object()) return kNull;
    auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string str(const Json& j, const char* key, const std::string& fallback) {
    const Json& v = at(j, key);
    return v.is_string() ? v.get_ref<const std::string&>() : fallback;
}

long long num(const Json& j, const char* key, long long fallback) {
    const Json& v = at(j, key);
    if (v.is_number_integer()) return v.get<long long>();
    if (v.is_number()) return static_cast<long long>(v.get<double>());
    if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        char* end = nullptr;
        long long n = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && end && *end == '\0') return n;
    }
    return fallback;
}

bool flag(const Json& j, const char* key, bool fallback) {
    const Json& v = at(j, key);
    return v.is_boolean() ? v.get<bool>() : fallback;
}

std::string label(const Json& l, Lang lang) {
    if (l.is_string()) return l.get_ref<const std::string&>();
    if (!l.is_object()) return {};
    if (lang == Lang::En) {
        std::string en = str(l, "en");
        if (!en.empty()) return en;
    }
    return str(l, "ja");
}

std::string asText(const Json& v) {
    if (v.is_string()) return v.get_ref<const std::string&>();
    if (v.is_null() || v.is_discarded()) return {};
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.dump();
}

Json parse(const std::string& text) { return Json::parse(text, nullptr, false); }

}  // namespace oqs::ui
