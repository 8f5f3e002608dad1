#include "search_query.hpp"

#include "dates.hpp"
#include "field_check.hpp"
#include "messages.hpp"
#include "name_rules.hpp"

#include <oqs/kinds.hpp>

#include <algorithm>
#include <charconv>

namespace oqs::accounts {

namespace {

constexpr int64_t kDefaultLimit = 100, kMaxLimit = 1000;

std::string q(const Json& query, const char* key) {
    auto it = query.find(key);
    return it != query.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int64_t> integer(const std::string& s) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

oqs::Result<Json> searchInput(const Json& query, const std::string& lang) {
    FieldErrors errors(lang);
    Json in = Json::object();
    std::string kind = q(query, "kind");
    if (!kind.empty() && kind != "all") {
        if (isAccountKind(kind)) in["kinds"] = Json::array({kind});
        else errors.add("kind", Violation{"accounts.query.invalid", ""});
    }
    if (auto v = q(query, "user_id"); !v.empty()) in["user_id"] = v;
    // Names are stored normalised (name_rules.hpp), so a condition pasted in decomposed form still finds them.
    for (const char* key : {"name", "kana"})
        if (auto v = q(query, key); !v.empty()) in[key] = normaliseName(v);
    std::string valid = q(query, "valid");
    if (valid == "valid" || valid == "true") in["valid"] = true;
    else if (valid == "invalid" || valid == "false") in["valid"] = false;
    else if (!valid.empty() && valid != "all") errors.add("valid", Violation{"accounts.query.invalid", ""});
    std::string locked = q(query, "locked");
    if (locked == "locked" || locked == "true") in["locked"] = true;
    else if (locked == "none" || locked == "false") in["locked"] = false;
    else if (!locked.empty() && locked != "all") errors.add("locked", Violation{"accounts.query.invalid", ""});
    for (const char* key : {"start_date", "end_date"}) {
        auto v = q(query, key);
        if (v.empty()) continue;
        if (auto d = normaliseDate(v)) in[key] = *d;
        else errors.add(key, Violation{"accounts.dates.format", key == std::string("start_date") ? "利用開始年月日"
                                                                                                : "利用終了年月日"});
    }
    auto offset = integer(q(query, "offset")).value_or(0);
    auto limit = integer(q(query, "limit")).value_or(kDefaultLimit);
    in["offset"] = std::max<int64_t>(0, offset);
    in["limit"] = std::clamp<int64_t>(limit, 1, kMaxLimit);
    if (!errors.empty()) return errors.error();
    return in;
}

}  // namespace oqs::accounts
