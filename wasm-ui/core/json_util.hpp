// json_util.hpp — non-throwing reads of panel JSON. The web build has no exception catching, and a panel comes from
// a plugin we did not write, so every read of a panel tolerates a missing key or a wrong type.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace oqs::ui {

using Json = nlohmann::json;

enum class Lang { Ja, En };

// The string at j[key], or fallback when absent or not a string.
std::string str(const Json& j, const char* key, const std::string& fallback = {});
// j[key] as an integer (numbers, or digits in a string), or fallback.
long long num(const Json& j, const char* key, long long fallback = 0);
bool flag(const Json& j, const char* key, bool fallback = false);
// j[key] when present, else a shared null (never inserts).
const Json& at(const Json& j, const char* key);
// A label {"ja","en"} (or a plain string) in the chosen language; ja when en is missing.
std::string label(const Json& l, Lang lang);
// A value as the text a user sees and types (strings as is, numbers printed, null empty).
std::string asText(const Json& v);
// Parses without throwing; a discarded (invalid) value when the text is not JSON.
Json parse(const std::string& text);

}  // namespace oqs::ui
