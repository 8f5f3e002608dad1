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
    {false, repeat("あ", 20), ""},                           // 20 characters, 60 bytes
    {false, repeat("あ", 21), "accounts.name.length"},
    {false, "", "accounts.required"},
    {false, "　　", "accounts.required"},                    // only full-width spaces
    {false, " ", "accounts.required"},
    {false, "Yamada", "accounts.name.charset"},              // half-width letters
    {false, "ﾔﾏﾀﾞ", "accounts.name.charset"},                // half-width katakana
    {false, "山田 太郎", "accounts.name.charset"},           // half-width space
    {false, "山田1", "accounts.name.charset"},
    {false, "\xE5\xB1", "accounts.name.charset"},            // broken UTF-8
    {true, "ヤマダ　タロウ", ""},
    {true, "ヴァイオリン", ""},
    {true, "ヤマダー", ""},
    {true, "ＡＢＣ１２３", ""},
    {true, repeat("ア", 40), ""},
    {true, repeat("ア", 41), "accounts.kana.length"},
    {true, "やまだ", "accounts.kana.charset"},               // hiragana is not katakana
    {true, "山田", "accounts.kana.charset"},
    {true, "ﾔﾏﾀﾞ", "accounts.kana.charset"},
    {true, "", "accounts.required"},
    {true, "yamada", "accounts.kana.charset"},
};

class NameRule : public ::testing::TestWithParam<NameCase> {};

TEST_P(NameRule, AnswersTheExpectedCode) {
    const auto& c = GetParam();
    auto got = c.kana ? checkKanaName(c.value) : checkUserName(c.value);
    EXPECT_EQ(codeOf(got), c.code) << (c.kana ? "kana " : "name ") << c.value;
}
INSTANTIATE_TEST_SUITE_P(Spec, NameRule, ::testing::ValuesIn(kNameCases));

}  // namespace
