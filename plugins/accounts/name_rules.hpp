// name_rules.hpp — ユーザ名 and ユーザ名（カナ） (SPEC.md §2.5, OQ-11). Lengths count characters, not bytes.
//
// Names are normalised (normaliseName) at the boundary — register, update, bulk rows, search conditions — and the
// rules then judge the normalised text, which is also what is stored.
#pragma once

#include "violation.hpp"

#include <string>
#include <string_view>

namespace oqs::accounts {

inline constexpr int kMaxNameLength = 20;
inline constexpr int kMaxKanaLength = 40;

// Unicode NFC (ICU), so a name pasted in decomposed form (か + U+3099) is stored and judged as が. CJK
// compatibility ideographs keep their code points: NFC would replace them with the unified ideograph and change
// the glyph of someone's name (JIS X 0213 maps distinct kanji there). Invalid UTF-8 comes back unchanged, for the
// rule to refuse.
std::string normaliseName(std::string_view text);

// Full-width characters only: hiragana, katakana, full-width letters, digits and symbols, kanji (every CJK
// ideograph, outside the BMP too: 𠮷, 𩸽) and the full-width space; 1–20 characters. Empty or only spaces →
// accounts.required.
Check checkUserName(std::string_view name);
// Full-width katakana (ァ–ヺ, ㇰ–ㇿ, ー, the middle dot ・), full-width letters and digits and the full-width space;
// 1–40 characters.
Check checkKanaName(std::string_view kana);

bool isFullWidthNameChar(char32_t c);
bool isFullWidthKanaChar(char32_t c);

}  // namespace oqs::accounts
