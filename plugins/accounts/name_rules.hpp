// name_rules.hpp — ユーザ名 and ユーザ名（カナ） (SPEC.md §2.5, OQ-11). Lengths count characters, not bytes.
#pragma once

#include "violation.hpp"

#include <string_view>

namespace oqs::accounts {

inline constexpr int kMaxNameLength = 20;
inline constexpr int kMaxKanaLength = 40;

// Full-width characters only: hiragana, katakana, full-width letters, digits and symbols, kanji and the
// full-width space; 1–20 characters. Empty or only spaces → accounts.required.
Check checkUserName(std::string_view name);
// Full-width katakana (ァ–ヶ, ー), full-width letters and digits and the full-width space; 1–40 characters.
Check checkKanaName(std::string_view kana);

bool isFullWidthNameChar(char32_t c);
bool isFullWidthKanaChar(char32_t c);

}  // namespace oqs::accounts
