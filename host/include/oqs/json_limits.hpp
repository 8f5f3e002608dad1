// oqs/json_limits.hpp — JSON from outside parsed safely: a nesting limit checked before nlohmann/json sees the text.
//
// nlohmann/json parses without recursion, but copying, comparing and dumping a value recurse once per level: a
// body of a million '[' parses fine and then overflows the stack wherever it is copied or dumped (in the host, or
// in a plugin handing it to a host operation). So every JSON text that comes from outside the process, or crosses
// the plugin boundary, is parsed with parseJson. The host's pipeline refuses deeper bodies before any handler runs
// (400 request.json_depth); Request::json() and the Ctx helpers apply the same limit inside a plugin.
//
// Index: kMaxJsonDepth · jsonDepthWithin · parseJson
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace oqs {

// Arrays and objects inside one another, counting the outermost: {"a":[1]} is 2 deep. No screen or file of this
// system comes near it; it only has to stop a stack overflow long before one.
inline constexpr int kMaxJsonDepth = 64;

// True when no array or object in `text` opens deeper than maxDepth. Brackets inside strings do not count. One
// pass, no allocation, and no judgement on whether the text is JSON at all (parse it afterwards).
inline bool jsonDepthWithin(std::string_view text, int maxDepth = kMaxJsonDepth) {
    int depth = 0;
    bool inString = false, escaped = false;
    for (char ch : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') inString = false;
            continue;
        }
        if (ch == '"') inString = true;
        else if (ch == '[' || ch == '{') {
            if (++depth > maxDepth) return false;
        } else if ((ch == ']' || ch == '}') && depth > 0) --depth;
    }
    return true;
}

// The value of `text`, or a discarded value (is_discarded()) when it is not JSON or nests deeper than maxDepth.
// Never throws.
inline nlohmann::json parseJson(std::string_view text, int maxDepth = kMaxJsonDepth) {
    if (!jsonDepthWithin(text, maxDepth)) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}

}  // namespace oqs
