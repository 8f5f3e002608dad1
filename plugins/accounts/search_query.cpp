#include "search_query.hpp"

#include "dates.hpp"
#include "field_check.hpp"
#include "forms.hpp"
#include "messages.hpp"
#include "name_rules.hpp"

#include <oqs/kinds.hpp>

#include <algorithm>
#include <charconv>

namespace oqs::accounts {

namespace {

constexpr int64_t kDefaultLimit = 100, kMaxLimit = 1000;

// A condition as text; the host hands query values over as strings, and anything else is refused by name.
std::string q(FieldErrors& errors, const Json& query, const char* key) {
    auto it = query.find(key);
    if (it == query.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    errors.add(key, Violation{"accounts.type", "string"});
    return "";
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
    // The conditions the manual gives a rule answer accounts.query.invalid or accounts.dates.format; the others
    // (user ID, names) are held to the search form's own limits (forms.hpp) by addForm() below.
    auto invalidUnless = [](bool ok) { return ok ? std::nullopt : Check(Violation{"accounts.query.invalid", ""}); };
    std::string kind = q(errors, query, "kind");
    errors.add("kind", invalidUnless(kind.empty() || kind == "all" || isAccountKind(kind)));
    if (!kind.empty() && kind != "all") in["kinds"] = Json::array({kind});
    if (auto v = q(errors, query, "user_id"); !v.empty()) in["user_id"] = v;
    // Names are stored normalised (name_rules.hpp), so a condition pasted in decomposed form still finds them.
    for (const char* key : {"name", "kana"})
        if (auto v = q(errors, query, key); !v.empty()) in[key] = normaliseName(v);
    // The select sends all/valid/invalid and all/none/locked; true/false are the API's spellings.
    std::string valid = q(errors, query, "valid");
    if (valid == "valid" || valid == "true") in["valid"] = true;
    else if (valid == "invalid" || valid == "false") in["valid"] = false;
    errors.add("valid", invalidUnless(in.contains("valid") || valid.empty() || valid == "all"));
    std::string locked = q(errors, query, "locked");
    if (locked == "locked" || locked == "true") in["locked"] = true;
    else if (locked == "none" || locked == "false") in["locked"] = false;
    errors.add("locked", invalidUnless(in.contains("locked") || locked.empty() || locked == "all"));
    for (const char* key : {"start_date", "end_date"}) {
        auto v = q(errors, query, key);
        auto d = normaliseDate(v);
        if (d) in[key] = *d;
        errors.add(key, v.empty() || d
                            ? std::nullopt
                            : Check(Violation{"accounts.dates.format",
                                              key == std::string("start_date") ? "利用開始年月日" : "利用終了年月日"}));
    }
    // Paging: whole numbers; an empty value takes the default, anything else is refused rather than guessed.
    auto page = [&](const char* key, int64_t fallback) {
        auto v = q(errors, query, key);
        if (v.empty()) return fallback;
        auto n = integer(v);
        if (!n) errors.add(key, Violation{"accounts.query.invalid", ""});
        return n.value_or(fallback);
    };
    // Keyset paging: the page after the given user ID costs the same at any depth, unlike a large offset.
    if (auto v = q(errors, query, "after"); !v.empty()) in["after"] = v;
    in["offset"] = std::max<int64_t>(0, page("offset", 0));
    in["limit"] = std::clamp<int64_t>(page("limit", kDefaultLimit), 1, kMaxLimit);
    Json asSearched = query;  // the names as normalised above, which is what the form's lengths judge
    for (const char* key : {"name", "kana"})
        if (in.contains(key)) asSearched[key] = in[key];
    errors.addForm(forms::searchFields(forms::allKinds()), asSearched);
    if (!errors.empty()) return errors.error();
    return in;
}

}  // namespace oqs::accounts
