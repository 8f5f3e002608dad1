#include "name_rules.hpp"

#include <oqs/text.hpp>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace oqs::accounts {

namespace {

constexpr char32_t kIdeographicSpace = 0x3000;

bool inRange(char32_t c, char32_t lo, char32_t hi) { return c >= lo && c <= hi; }

bool isFullWidthAlnum(char32_t c) {
    return inRange(c, 0xFF10, 0xFF19) || inRange(c, 0xFF21, 0xFF3A) || inRange(c, 0xFF41, 0xFF5A);
}

// Marks that belong to the character before them and are not a character of their own: the combining (semi-)voiced
// marks left after NFC where no precomposed kana exists (か゚, セ゚: JIS X 0213 encodes them as sequences), and
// variation selectors choosing a kanji's glyph (葛󠄀).
bool isAttachedMark(char32_t c) {
    return c == 0x3099 || c == 0x309A || inRange(c, 0xFE00, 0xFE0F) || inRange(c, 0xE0100, 0xE01EF);
}

// Kanji: Unicode's CJK unified ideographs in every extension (ICU's property, so 𠮷 and 𩸽 outside the BMP are
// in) and the compatibility ideographs (髙, 﨑 and the JIS X 0213 kanji mapped there).
bool isKanji(char32_t c) {
    return u_hasBinaryProperty(UChar32(c), UCHAR_UNIFIED_IDEOGRAPH) || inRange(c, 0xF900, 0xFAFF) ||
           inRange(c, 0x2F800, 0x2FA1F);
}

bool isKana(char32_t c) {
    return inRange(c, 0x3041, 0x3096) || inRange(c, 0x30A1, 0x30FA) || inRange(c, 0x31F0, 0x31FF);
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
    int length = 0;
    for (size_t i = 0; i < cps.size(); ++i) {
        char32_t c = cps[i];
        if (isAttachedMark(c)) {
            // A voicing mark only after kana, a variation selector only after a kanji of the rule's set.
            char32_t base = i ? cps[i - 1] : 0;
            bool fits = c == 0x3099 || c == 0x309A ? isKana(base) && allowed(base) : isKanji(base) && allowed(base);
            if (!fits) return Violation{charsetCode, ""};
            continue;
        }
        if (!allowed(c)) return Violation{charsetCode, ""};
        ++length;
    }
    if (length > max) return Violation{lengthCode, std::to_string(max)};
    return std::nullopt;
}

const icu::Normalizer2& nameNormalizer() {
    // Built once (thread-safe static) and never freed: ICU's own NFC data lives for the process anyway.
    static const icu::Normalizer2* n = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
        auto* keep = new icu::UnicodeSet(UNICODE_STRING_SIMPLE("[^\\uF900-\\uFAFF\\U0002F800-\\U0002FA1F]"), status);
        keep->freeze();
        if (U_FAILURE(status)) throw std::runtime_error("ICU NFC data is missing");
        return new icu::FilteredNormalizer2(*nfc, *keep);
    }();
    return *n;
}

}  // namespace

std::string normaliseName(std::string_view text) {
    if (!oqs::text::validUtf8(text)) return std::string(text);
    UErrorCode status = U_ZERO_ERROR;
    auto in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), int32_t(text.size())));
    icu::UnicodeString out = nameNormalizer().normalize(in, status);
    if (U_FAILURE(status)) return std::string(text);
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

// OQ-11: the manual says 全角かな、カタカナ、英数字; real names need kanji, so every full-width character is
// accepted and every half-width one (ASCII, half-width katakana) refused.
bool isFullWidthNameChar(char32_t c) {
    return inRange(c, 0x3000, 0x303F)     // full-width space, 、。「」々〆 and other CJK punctuation
           || inRange(c, 0x3041, 0x3096)  // hiragana
           || inRange(c, 0x309B, 0x309F)  // ゛゜ゝゞ
           || inRange(c, 0x30A1, 0x30FF)  // katakana, ・ー ヽヾ
           || inRange(c, 0x31F0, 0x31FF)  // small katakana of JIS X 0213 (ㇰ … ㇿ)
           || inRange(c, 0xFF01, 0xFF5E)  // full-width letters, digits and symbols
           || isKanji(c);
}

// OQ-11: katakana ァ–ヺ (ヴ, ヷ–ヺ included), the small katakana of JIS X 0213, the long-vowel mark ー, the middle
// dot ・ that separates the parts of a foreign name (ジョン・スミス), full-width letters and digits, the full-width
// space.
bool isFullWidthKanaChar(char32_t c) {
    return inRange(c, 0x30A1, 0x30FA) || c == 0x30FB || c == 0x30FC || inRange(c, 0x31F0, 0x31FF) ||
           isFullWidthAlnum(c) || c == kIdeographicSpace;
}

Check checkUserName(std::string_view name) {
    return checkName(name, isFullWidthNameChar, kMaxNameLength, "accounts.name.charset", "accounts.name.length");
}

Check checkKanaName(std::string_view kana) {
    return checkName(kana, isFullWidthKanaChar, kMaxKanaLength, "accounts.kana.charset", "accounts.kana.length");
}

}  // namespace oqs::accounts
