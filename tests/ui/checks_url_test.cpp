// The client-side checks and the URL helpers, without any ImGui.
#include "checks.hpp"
#include "url.hpp"

#include <gtest/gtest.h>

using namespace oqs::ui;

TEST(Checks, RequiredTextAndCheckbox) {
    Json text = {{"id", "a"}, {"type", "text"}, {"required", true}};
    EXPECT_EQ(checkField(text, "", Lang::Ja), "＊の項目は必須入力です。");
    EXPECT_EQ(checkField(text, nullptr, Lang::En), "This field is required.");
    EXPECT_EQ(checkField(text, "x", Lang::Ja), "");
    Json box = {{"id", "b"}, {"type", "checkbox"}, {"required", true}};
    EXPECT_NE(checkField(box, false, Lang::Ja), "");
    EXPECT_EQ(checkField(box, true, Lang::Ja), "");
    Json optional = {{"id", "c"}, {"type", "text"}, {"min", 3}};
    EXPECT_EQ(checkField(optional, "", Lang::Ja), "") << "an empty optional field is not checked further";
}

TEST(Checks, MinMaxCountCharactersNotBytes) {
    Json f = {{"id", "a"}, {"type", "text"}, {"min", 2}, {"max", 4}};
    EXPECT_EQ(checkField(f, "あいう", Lang::Ja), "") << "3 characters, 9 bytes";
    EXPECT_EQ(checkField(f, "あ", Lang::Ja), "2文字以上で入力してください。");
    EXPECT_EQ(checkField(f, "あいうえお", Lang::Ja), "4文字以内で入力してください。");
    EXPECT_EQ(utf8Length("ｶﾀｶﾅ全角"), 6u);
}

TEST(Checks, Pattern) {
    Json f = {{"id", "a"}, {"type", "text"}, {"pattern", "^[0-9A-Za-z]*$"}};
    EXPECT_EQ(checkField(f, "abc123", Lang::Ja), "");
    EXPECT_EQ(checkField(f, "ａｂｃ", Lang::Ja), "入力形式に誤りがあります。");
}

TEST(Checks, NumberRange) {
    Json f = {{"id", "n"}, {"type", "number"}, {"min", 1}, {"max", 10}};
    EXPECT_EQ(checkField(f, 5, Lang::Ja), "");
    EXPECT_EQ(checkField(f, "abc", Lang::En), "Enter a number.");
    EXPECT_EQ(checkField(f, 0, Lang::Ja), "1以上の値を入力してください。");
    EXPECT_EQ(checkField(f, 11, Lang::En), "Enter 10 or less.");
}

TEST(Checks, DatesAreNormalisedAndValidated) {  // HOST-UI-03
    EXPECT_EQ(normaliseDate("20201010"), "2020/10/10");
    EXPECT_EQ(normaliseDate("2020/10/10"), "2020/10/10");
    EXPECT_EQ(normaliseDate("2024/02/29"), "2024/02/29");
    EXPECT_EQ(normaliseDate("2023/02/29"), "");
    EXPECT_EQ(normaliseDate("2020/13/01"), "");
    EXPECT_EQ(normaliseDate("2020/1/1"), "");
    EXPECT_EQ(normaliseDateTime("202010100930"), "2020/10/10 09:30");
    EXPECT_EQ(normaliseDateTime("2020/10/10 24:00"), "");
    Json f = {{"id", "d"}, {"type", "date"}};
    EXPECT_EQ(checkField(f, "2020/10/32", Lang::Ja), "日付はyyyy/mm/ddの形式で入力してください。");
}

TEST(Checks, FileSize) {
    Json f = {{"id", "f"}, {"type", "file"}, {"maxBytes", 10}};
    EXPECT_EQ(checkField(f, "a.csv", Lang::Ja, 10), "");
    EXPECT_NE(checkField(f, "a.csv", Lang::Ja, 11), "");
}

TEST(Url, ContentDispositionPrefersRfc5987Name) {
    EXPECT_EQ(fileNameFromDisposition("attachment; filename=\"notes.csv\"; filename*=UTF-8''%E3%83%A1%E3%83%A2.csv"),
              "メモ.csv");
    EXPECT_EQ(fileNameFromDisposition("attachment; filename=\"plain name.csv\""), "plain name.csv");
    EXPECT_EQ(fileNameFromDisposition("attachment; filename=../../etc/passwd"), ".._.._etc_passwd");
    EXPECT_EQ(fileNameFromDisposition(""), "download");
}

TEST(Url, PathsAndQueries) {
    EXPECT_EQ(substitutePath("/api/x/{code}/invalidate", {{"code", "A B/1"}}), "/api/x/A%20B%2F1/invalidate");
    EXPECT_EQ(substitutePath("/api/x/{missing}", Json::object()), "/api/x/");
    EXPECT_EQ(queryString({{"a", "1"}, {"b", ""}, {"c", "日本"}, {"d", nullptr}}), "a=1&c=%E6%97%A5%E6%9C%AC");
    EXPECT_EQ(withQuery("/p?x=1", "y=2"), "/p?x=1&y=2");
    EXPECT_EQ(withQuery("/p", ""), "/p");
}
