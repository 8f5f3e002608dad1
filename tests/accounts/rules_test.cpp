// Every user-ID and name rule of SPEC.md §2.4–2.5 at its boundaries, table-driven.
#include "name_rules.hpp"
#include "user_id_rules.hpp"

#include <gtest/gtest.h>

using namespace oqs::accounts;

namespace {

struct IdCase {
    const char* kind;
    const char* institution;  // MED or PHA
    const char* id;
    const char* code;  // expected violation code, "" = accepted
};

std::string codeOf(const Check& c) { return c ? c->code : ""; }

const IdCase kIdCases[] = {
    // SPEC.md §2.4 test vectors
    {"general", "MED", "staff01", ""},
    {"general", "MED", "ab", ""},
    {"general", "MED", "a", "accounts.user_id.length"},
    {"general", "MED", "abcdefghi", "accounts.user_id.length"},
    {"general", "MED", "A0abc", "accounts.user_id.forbidden_prefix"},
    {"general", "PHA", "R9x", "accounts.user_id.forbidden_prefix"},
    {"medinfo", "MED", "F5", "accounts.user_id.forbidden_prefix"},
    {"general", "MED", "AX01", ""},
    {"general", "MED", "staff-01", "accounts.user_id.charset"},
    {"general", "MED", "ｓｔａｆｆ", "accounts.user_id.charset"},
    {"webapi", "MED", "A0123", ""},
    {"webapi", "MED", "A1234", "accounts.user_id.prefix"},
    {"webapi", "PHA", "A1234", ""},
    {"webapi", "MED", "A0", "accounts.user_id.length"},
    {"webapi", "MED", "A01", ""},
    {"webapi", "MED", "A0123456", ""},
    {"webapi", "MED", "A01234567", "accounts.user_id.length"},
    {"linkapp", "MED", "R0123", ""},
    {"linkapp", "PHA", "R1234", ""},
    {"linkapp", "PHA", "R0123", "accounts.user_id.prefix"},
    {"face", "MED", "F0123", ""},
    {"face", "PHA", "F0123", ""},
    {"face", "PHA", "F1123", "accounts.user_id.prefix"},
    {"admin", "MED", "ab", ""},
    {"face", "MED", "F0", "accounts.user_id.length"},
    // Lengths 1, 2, 3, 8, 9 for a human kind and a system kind
    {"admin", "MED", "a", "accounts.user_id.length"},
    {"admin", "MED", "abc", ""},
    {"admin", "MED", "abcdefgh", ""},
    {"admin", "MED", "abcdefghi", "accounts.user_id.length"},
    {"medinfo", "PHA", "x", "accounts.user_id.length"},
    {"medinfo", "PHA", "xy", ""},
    {"medinfo", "PHA", "xyz12345", ""},
    {"medinfo", "PHA", "xyz123456", "accounts.user_id.length"},
    {"linkapp", "MED", "R", "accounts.user_id.length"},
    {"linkapp", "MED", "R0", "accounts.user_id.length"},
    {"linkapp", "MED", "R01", ""},
    {"linkapp", "MED", "R0123456", ""},
    {"linkapp", "MED", "R01234567", "accounts.user_id.length"},
    {"face", "PHA", "F01", ""},
    {"face", "PHA", "F0123456", ""},
    {"face", "PHA", "F01234567", "accounts.user_id.length"},
    // Each mandatory prefix against each institution kind
    {"webapi", "PHA", "A0123", "accounts.user_id.prefix"},
    {"linkapp", "MED", "R1234", "accounts.user_id.prefix"},
    {"face", "MED", "F1123", "accounts.user_id.prefix"},
    {"webapi", "MED", "a0123", "accounts.user_id.prefix"},  // mandatory prefixes are upper case (OQ-12)
    {"webapi", "MED", "X0123", "accounts.user_id.prefix"},
    // Forbidden prefixes for every human kind, both cases (OQ-12, OQ-13)
    {"general", "MED", "R0ab", "accounts.user_id.forbidden_prefix"},
    {"general", "MED", "A9ab", "accounts.user_id.forbidden_prefix"},
    {"general", "MED", "F0ab", "accounts.user_id.forbidden_prefix"},
    {"general", "MED", "r5ab", "accounts.user_id.forbidden_prefix"},
    {"medinfo", "MED", "a1ab", "accounts.user_id.forbidden_prefix"},
    {"admin", "PHA", "F9", "accounts.user_id.forbidden_prefix"},
    {"admin", "PHA", "R1x", "accounts.user_id.forbidden_prefix"},
    {"general", "MED", "RA01", ""},
    {"general", "MED", "0R01", ""},
    // Characters: full-width digits, spaces, empty, symbols, multi-byte that would pass a byte count
    {"general", "MED", "１２３", "accounts.user_id.charset"},
    {"general", "MED", "ab c", "accounts.user_id.charset"},
    {"general", "MED", " abc", "accounts.user_id.charset"},
    {"general", "MED", "abc\t", "accounts.user_id.charset"},
    {"general", "MED", "", "accounts.required"},
    {"webapi", "MED", "", "accounts.required"},
    {"general", "MED", "ab_c", "accounts.user_id.charset"},
    {"general", "MED", "あ", "accounts.user_id.charset"},
};

class UserIdRule : public ::testing::TestWithParam<IdCase> {};

TEST_P(UserIdRule, AnswersTheExpectedCode) {
    const auto& c = GetParam();
    EXPECT_EQ(codeOf(checkUserId(c.kind, c.institution, c.id)), c.code)
        << c.kind << " [" << c.institution << "] " << c.id;
}
INSTANTIATE_TEST_SUITE_P(Spec, UserIdRule, ::testing::ValuesIn(kIdCases));

TEST(UserIdRule, LengthMessageNamesTheMinimumOfTheKind) {
    EXPECT_EQ(checkUserId("face", "MED", "F0")->param, "3");
    EXPECT_EQ(checkUserId("general", "MED", "a")->param, "2");
    EXPECT_EQ(checkUserId("linkapp", "PHA", "R0x")->param, "R1");
}

TEST(UserIdRule, PrefixesAreWhatTheFormPrefills) {
    EXPECT_EQ(requiredPrefix("webapi", "MED"), "A0");
    EXPECT_EQ(requiredPrefix("webapi", "PHA"), "A1");
    EXPECT_EQ(requiredPrefix("linkapp", "MED"), "R0");
    EXPECT_EQ(requiredPrefix("linkapp", "PHA"), "R1");
    EXPECT_EQ(requiredPrefix("face", "MED"), "F0");
    EXPECT_EQ(requiredPrefix("face", "PHA"), "F0");
    EXPECT_EQ(requiredPrefix("general", "PHA"), "");
}

struct NameCase {
    bool kana;  // ユーザ名（カナ） rather than ユーザ名
    std::string value;
    const char* code;
};

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

const NameCase kNameCases[] = {
    {false, "山田　太郎", ""},
    {false, "やまだたろう", ""},
    {false, "ヤマダ", ""},
    {false, "ＹＡＭＡＤＡ１", ""},
    {false, "髙﨑", ""},
    {false, repeat("あ", 20), ""},  // 20 characters, 60 bytes
    {false, repeat("あ", 21), "accounts.name.length"},
    {false, "", "accounts.required"},
    {false, "　　", "accounts.required"},  // only full-width spaces
    {false, " ", "accounts.required"},
    {false, "Yamada", "accounts.name.charset"},     // half-width letters
    {false, "ﾔﾏﾀﾞ", "accounts.name.charset"},       // half-width katakana
    {false, "山田 太郎", "accounts.name.charset"},  // half-width space
    {false, "山田1", "accounts.name.charset"},
    {false, "\xE5\xB1", "accounts.name.charset"},  // broken UTF-8
    {true, "ヤマダ　タロウ", ""},
    {true, "ヴァイオリン", ""},
    {true, "ヤマダー", ""},
    {true, "ＡＢＣ１２３", ""},
    {true, repeat("ア", 40), ""},
    {true, repeat("ア", 41), "accounts.kana.length"},
    {true, "やまだ", "accounts.kana.charset"},  // hiragana is not katakana
    {true, "山田", "accounts.kana.charset"},
    {true, "ﾔﾏﾀﾞ", "accounts.kana.charset"},
    {true, "", "accounts.required"},
    {true, "yamada", "accounts.kana.charset"},
    // Issue 10 item 14: names real people have. JIS X 0213 kanji outside the BMP, the middle dot of foreign names.
    {false, "𠮷田　太郎", ""},      // U+20BB7
    {false, "𩸽", ""},              // U+29E3D
    {false, repeat("𠮷", 20), ""},  // 20 characters, 80 bytes
    {false, repeat("𠮷", 21), "accounts.name.length"},
    {false, "ジョン・スミス", ""},
    {true, "ジョン・スミス", ""},
    {true, "ヴィヴァルディ・ヷ", ""},
    {true, "ㇰㇱㇲ", ""},                                 // small katakana of JIS X 0213 (Ainu)
    {true, "セ\u309A", ""},                               // セ゚: a JIS X 0213 character with no precomposed form
    {false, "葛\U000E0100城", ""},                        // a variation selector picks the kanji's glyph
    {false, repeat("葛\U000E0100", 20), ""},              // … and is no character of its own
    {false, "\u3099か", "accounts.name.charset"},         // a voicing mark with nothing to voice
    {true, "ヤマダ\U000E0100", "accounts.kana.charset"},  // a variation selector after katakana
    {true, "やまだ\u3099", "accounts.kana.charset"},      // voiced hiragana is still hiragana
    {false, "\U00013000", "accounts.name.charset"},       // Egyptian hieroglyph
    {false, "\U00017000", "accounts.name.charset"},       // Tangut: ideographic, not a kanji
    {false, "한국", "accounts.name.charset"},
};

class NameRule : public ::testing::TestWithParam<NameCase> {};

TEST_P(NameRule, AnswersTheExpectedCode) {
    const auto& c = GetParam();
    auto got = c.kana ? checkKanaName(c.value) : checkUserName(c.value);
    EXPECT_EQ(codeOf(got), c.code) << (c.kana ? "kana " : "name ") << c.value;
}
INSTANTIATE_TEST_SUITE_P(Spec, NameRule, ::testing::ValuesIn(kNameCases));

}  // namespace

namespace {

struct NormCase {
    const char* in;
    const char* out;
};

const NormCase kNormCases[] = {
    {"か\u3099", "が"},  // decomposed (pasted from a Mac, a PDF) → composed
    {"ハ\u309Aン", "パン"},
    {"セ\u309A", "セ\u309A"},  // nothing to compose into: stays a sequence
    {"A\u030A", "\u00C5"},
    {"\uFA19", "\uFA19"},  // a compatibility ideograph keeps its glyph (NFC would give 神)
    {"\U0002F800", "\U0002F800"},
    {"ﾀﾞ", "ﾀﾞ"},  // NFC is no width folding: the rule refuses half-width kana
    {"山田　太郎", "山田　太郎"},
    {"\xE5\xB1", "\xE5\xB1"},  // invalid UTF-8 is left for the rule to refuse
};

class NameNormalisation : public ::testing::TestWithParam<NormCase> {};

TEST_P(NameNormalisation, IsNfcExceptCompatibilityIdeographs) {
    EXPECT_EQ(normaliseName(GetParam().in), GetParam().out) << GetParam().in;
}
INSTANTIATE_TEST_SUITE_P(Issue10, NameNormalisation, ::testing::ValuesIn(kNormCases));

TEST(NameNormalisation, ADecomposedNamePassesTheRulesOnceNormalised) {
    EXPECT_FALSE(checkKanaName(normaliseName("カ\u3099ク")));
    EXPECT_EQ(normaliseName("カ\u3099ク"), "ガク");
}

}  // namespace
