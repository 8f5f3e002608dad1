#include "name_rules.hpp"

#include <oqs/text.hpp>

namespace oqs::accounts {

namespace {

constexpr char32_t kIdeographicSpace = 0x3000;

bool inRange(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool isFullWidthAlnum(char32_t c) {
    return inRange(c, 0xFF10, 0xFF19) || inRange(c, 0xFF21, 0xFF3A) || inRange(c, 0xFF41, 0xFF5A);
}

bool isBlank(const std::vector<uint32_t>& cps) {
    for (uint32_t c : cps)
        if (c != ' ' && c != '\t' && c != kIdeographicSpace) return false;
    return true;
}

Check checkName(std::string_view value, bool (*allowed)(char32_t), int max, const char* charsetCode,
                const char* lengthCode) {
    if (!oqs::text::validUtf8(value)) return Violation{charsetCode, ""};
    auto cps = oqs::text::codepoints(value);
    if (cps.empty() || isBlank(cps)) return Violation{"accounts.required", ""};
    for (char32_t c : cps)
        if (!allowed(c)) return Violation{charsetCode, ""};
    if (int(cps.size()) > max) return Violation{lengthCode, std::to_string(max)};
    return std::nullopt;
}

}  // namespace

// OQ-11: the manual says 全角かな、カタカナ、英数字; real names need kanji, so every full-width (JIS X 0208-like)
// character is accepted and every half-width one (ASCII, half-width katakana) refused.
bool isFullWidthNameChar(char32_t c) {
    return inRange(c, 0x3000, 0x303F)     // full-width space, 、。「」々〆 and other CJK punctuation
           || inRange(c, 0x3041, 0x3096)  // hiragana
           || inRange(c, 0x309B, 0x309F)  // ゛゜ゝゞ
           || inRange(c, 0x30A1, 0x30FF)  // katakana, ・ー ヽヾ
           || inRange(c, 0x4E00, 0x9FFF)  // CJK unified ideographs
           || inRange(c, 0xF900, 0xFAFF)  // CJK compatibility ideographs (髙, 﨑 …)
           || inRange(c, 0xFF01, 0xFF5E); // full-width letters, digits and symbols
}

// OQ-11: katakana ァ–ヶ (ヴ included), the long-vowel mark ー, full-width letters and digits, the full-width space.
bool isFullWidthKanaChar(char32_t c) {
    return inRange(c, 0x30A1, 0x30F6) || c == 0x30FC || isFullWidthAlnum(c) || c == kIdeographicSpace;
}

Check checkUserName(std::string_view name) {
    return checkName(name, isFullWidthNameChar, kMaxNameLength, "accounts.name.charset", "accounts.name.length");
}

Check checkKanaName(std::string_view kana) {
    return checkName(kana, isFullWidthKanaChar, kMaxKanaLength, "accounts.kana.charset", "accounts.kana.length");
}

}  // namespace oqs::accounts
