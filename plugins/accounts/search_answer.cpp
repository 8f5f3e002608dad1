#include "search_answer.hpp"

#include "dates.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>

#include <algorithm>

namespace oqs::accounts {

namespace {

// Well-formed UTF-8 as nlohmann::json decodes it (Unicode table 3-7: no overlong forms, no surrogates, nothing
// past U+10FFFF); n is the sequence's length when the byte at s[i] starts one, else 0.
size_t utf8Length(std::string_view s, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    if (n == 0 || i + n > s.size() || b(1) < lo || b(1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if ((b(k) & 0xC0) != 0x80) return 0;
    return n;
}

// True when the text is written as it is between quotes: valid UTF-8 without `"`, `\` or control characters.
bool needsNoEscape(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == '"' || c == '\\') return false;
            ++i;
            continue;
        }
        const size_t n = utf8Length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

// A JSON string as Response::json writes it; anything but plain text (every stored name is) goes through
// nlohmann::json for the same escapes and replacement characters.
void appendString(std::string& out, std::string_view s) {
    if (needsNoEscape(s)) {
        out += '"';
        out += s;
        out += '"';
        return;
    }
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void member(std::string& out, const char* key, std::string_view text) {
    out += key;
    appendString(out, text);
}

void member(std::string& out, const char* key, bool value) {
    out += key;
    out += value ? "true" : "false";
}

}  // namespace

oqs::Result<std::string> searchAnswer(oqs::Ctx& ctx, oqs::Stmt& rows, int64_t limit) {
    const int total = rows.column("total"), userId = rows.column("user_id"), kind = rows.column("kind"),
              name = rows.column("name"), kana = rows.column("kana"), valid = rows.column("valid"),
              locked = rows.column("locked"), start = rows.column("start_date"), end = rows.column("end_date"),
              initial = rows.column("initial_password");
    if (std::min({total, userId, kind, name, kana, valid, locked, start, end, initial}) < 0)
        return oqs::Error{500, "accounts.search.columns", "account.search answered without an expected column", {}};
    // Each row is accountRow()'s object, its members in the order nlohmann::json sorts them.
    std::string list, last;
    int64_t count = 0, matches = 0;
    while (rows.step()) {
        matches = rows.i64(total);
        if (rows.isNull(userId)) continue;  // a page without accounts: the row that carries the total alone
        const std::string_view k = rows.view(kind);
        const bool isValid = rows.i64(valid) != 0, isLocked = rows.i64(locked) != 0;
        list += count++ ? ",{" : "{";
        member(list, "\"end_date\":", displayDate(rows.isNull(end) ? std::string_view() : rows.view(end)));
        member(list, ",\"initial_password\":", rows.i64(initial) != 0);
        member(list, ",\"kana\":", rows.view(kana));
        member(list, ",\"kind\":", k);
        member(list, ",\"kind_label\":", kindLabelJa(k));
        member(list, ",\"lock_label\":", std::string_view(isLocked ? "ロック中" : "なし"));
        member(list, ",\"locked\":", isLocked);
        member(list, ",\"name\":", rows.view(name));
        member(list, ",\"start_date\":", displayDate(rows.view(start)));
        last.assign(rows.view(userId));
        member(list, ",\"user_id\":", std::string_view(last));
        member(list, ",\"valid\":", isValid);
        member(list, ",\"valid_label\":", std::string_view(isValid ? "有効" : "無効"));
        list += '}';
    }
    if (rows.failed()) return oqs::detail::storageError(ctx.raw(), ctx.api());
    std::string out = "{";
    if (count == 0)
        out +=
            "\"message\":" + label("search.none").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + ",";
    // The list is in user-ID order and `after` continues it from a user ID, so a full page's last ID is the cursor
    // the client sends back for the next page (oqs/panel.hpp table "next").
    if (count > 0 && count == limit) {
        member(out, "\"next\":", std::string_view(last));
        out += ',';
    }
    out += "\"rows\":[" + list + "],\"total\":" + std::to_string(matches) + "}";
    return out;
}

}  // namespace oqs::accounts
