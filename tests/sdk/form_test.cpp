// oqs/form.hpp: the checks a form spec carries, run by the client and by plugins on the server alike; and the
// dates and rule builders of the SDK.
#include <oqs/dates.hpp>
#include <oqs/form.hpp>
#include <oqs/panel.hpp>
#include <oqs/rules.hpp>

#include <gtest/gtest.h>

namespace {

using Json = nlohmann::json;
using oqs::panel::Field;
using oqs::panel::L;

Json serial() {
    return Field("serial", "text", L("シリアル番号"))
        .required()
        .max(4)
        .pattern("^[0-9]+$")
        .message(L("半角数字で入力してください。", "Digits only."));
}

TEST(FormSpec, OneFieldsRulesInBothLanguages) {
    using oqs::form::checkField;
    EXPECT_TRUE(checkField(serial(), "1234").empty());
    // The field's own message for missing, malformed and wrongly typed values; numbered texts for lengths.
    EXPECT_EQ(checkField(serial(), "").ja, "半角数字で入力してください。");
    EXPECT_EQ(checkField(serial(), nullptr).en, "Digits only.");
    EXPECT_EQ(checkField(serial(), "１２").ja, "半角数字で入力してください。");
    EXPECT_EQ(checkField(serial(), 12).ja, "半角数字で入力してください。");
    EXPECT_EQ(checkField(serial(), "12345").ja, "4文字以内で入力してください。");
    EXPECT_EQ(checkField(serial(), "12345").en, "Enter at most 4 characters.");
    // Characters, not bytes: four kanji are four.
    Json name = Field("name", "text", L("氏名")).max(4);
    EXPECT_TRUE(checkField(name, "山田太郎").empty());
    EXPECT_FALSE(checkField(name, "山田太郎子").empty());
    // A select takes only its options; a checkbox only true/false.
    Json pick = Field("kind", "select", L("種別")).option("a", L("A")).option("b", L("B"));
    EXPECT_TRUE(checkField(pick, "b").empty());
    EXPECT_EQ(checkField(pick, "c").ja, "選択肢から選んでください。");
    Json box = Field("ok", "checkbox", L("同意"));
    EXPECT_TRUE(checkField(box, true).empty());
    EXPECT_FALSE(checkField(box, "yes").empty());
    Json day = Field("day", "date", L("日付"));
    EXPECT_TRUE(checkField(day, "2024/02/29").empty());
    EXPECT_FALSE(checkField(day, "2023/02/29").empty());
}

TEST(FormSpec, HiddenAndDisabledFieldsAreNotChecked) {
    Json fields = Json::array(
        {Field("category", "select", L("区分")).required().option("a", L("A")).option("b", L("B")), Json(serial())});
    fields[1]["visibleWhen"] = oqs::rule::equals("category", "b");
    EXPECT_TRUE(oqs::form::checkForm(fields, {{"category", "a"}}).empty());
    Json p = oqs::form::checkForm(fields, {{"category", "b"}});
    ASSERT_TRUE(p.contains("serial"));
    EXPECT_EQ(p["serial"]["ja"], "半角数字で入力してください。");
    EXPECT_TRUE(oqs::form::checkForm(fields, {{"category", "b"}, {"serial", "77"}}).empty());
}

TEST(RuleBuilders, BuildTheRulesTheyName) {
    Json r = oqs::rule::all({oqs::rule::in("k", {1, 2}), oqs::rule::negate(oqs::rule::equals("x", "y")),
                             oqs::rule::any({oqs::rule::notEmpty("n"), oqs::rule::notEquals("m", 0)})});
    EXPECT_EQ(oqs::validateRule(r), "");
    EXPECT_TRUE(oqs::evalRule(r, {{"k", 2}, {"x", "z"}, {"n", "a"}}));
    EXPECT_FALSE(oqs::evalRule(r, {{"k", 3}, {"x", "z"}, {"n", "a"}}));
    EXPECT_FALSE(oqs::evalRule(r, {{"k", 1}, {"x", "y"}, {"n", "a"}}));
}

TEST(Dates, JapanTimeAndTheManualsForms) {
    using namespace oqs::dates;
    // 2026-11-27T15:00:00Z is midnight of the 28th in Japan.
    const int64_t midnight = 1795791600000;
    EXPECT_EQ(japanIsoDate(midnight), "2026-11-28");
    EXPECT_EQ(japanIsoDate(midnight - 1), "2026-11-27");
    EXPECT_EQ(japanDateTime(midnight + 61000, true), "2026/11/28 00:01:01");
    EXPECT_EQ(japanCompact(midnight), "20261128000000");
    EXPECT_EQ(fromJapan("2026/11/28").value(), midnight);
    EXPECT_EQ(fromJapan("2026-11-28", 12, 55).value(), midnight + (12 * 60 + 55) * 60000LL);
    EXPECT_FALSE(fromJapan("2026-02-29"));
    EXPECT_FALSE(fromJapan("2026-11-28", 24));
    EXPECT_EQ(parseIsoUtc("2026-11-27T15:00:00Z").value(), midnight);
    EXPECT_EQ(parseIsoUtc("2026-11-27T15:00:00.250Z").value(), midnight + 250);
    EXPECT_FALSE(parseIsoUtc("2026-11-27 15:00:00Z"));
    EXPECT_EQ(isoDate("20201010").value(), "2020-10-10");
    EXPECT_FALSE(isoDate("1899/12/31"));
    EXPECT_EQ(slashDate("2020-10-10"), "2020/10/10");
    EXPECT_EQ(slashDate(""), "");
}

}  // namespace
