// checks.hpp — the client-side checks a field carries (required, min/max, pattern, date shape). They only save a
// round trip: the server checks the same rules again and its per-field answer wins.
#pragma once

#include "json_util.hpp"

#include <cstddef>
#include <string>

namespace oqs::ui {

// Counts characters (code points), as the schema's min/max for text do, not bytes.
std::size_t utf8Length(const std::string& s);
// "20201010" or "2020/10/10" (or "2020-10-10") → "2020/10/10" (HOST-UI-03); "" when not a real date.
std::string normaliseDate(const std::string& s);
// "2020/10/10 09:30" (or "202010100930") → "2020/10/10 09:30"; "" when not valid.
std::string normaliseDateTime(const std::string& s);
// Is the value empty in the sense of "required"? (null, "", an unchecked required checkbox).
bool isEmptyValue(const Json& field, const Json& value);
// The message for a field whose value breaks one of its rules, or "" when it passes. fileBytes: the size of a
// chosen file (file fields), else -1.
std::string checkField(const Json& field, const Json& value, Lang lang, long long fileBytes = -1);

}  // namespace oqs::ui
