// oqs/csv.hpp and oqs/text.hpp: what institutions' files really look like, and every refusal.
#include <oqs/csv.hpp>

#include <gtest/gtest.h>

using namespace oqs;

namespace {
std::string cp932(const std::string& utf8) { return text::toCp932(utf8).value(); }
}  // namespace

TEST(Csv, Rfc4180QuotingAndLineEnds) {
    auto t = csv::read("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n last ,,\n");
    ASSERT_TRUE(t.ok()) << t.error().message;
    ASSERT_EQ(t->rows.size(), 3u);
    EXPECT_EQ(t->rows[1], (std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"}));
    EXPECT_EQ(t->rows[2], (std::vector<std::string>{" last ", "", ""}));
    EXPECT_EQ(t->encoding, "utf-8");
}

TEST(Csv, EncodingsAreDetected) {
    std::string row = "権限区分,ユーザ名\r\n一般利用者,山田　太郎\r\n";
    auto bom = csv::read("\xEF\xBB\xBF" + row);
    ASSERT_TRUE(bom.ok());
    EXPECT_EQ(bom->encoding, "utf-8-bom");
    EXPECT_EQ(bom->rows[0][0], "権限区分");
    auto sjis = csv::read(cp932(row));
    ASSERT_TRUE(sjis.ok()) << sjis.error().message;
    EXPECT_EQ(sjis->encoding, "cp932");
    EXPECT_EQ(sjis->rows[1][1], "山田　太郎");
    // A hint from the institution's setting wins over detection.
    EXPECT_EQ(csv::read(cp932(row), {}, "utf-8").error().code, "csv.encoding");
}

TEST(Csv, RoundTripsThroughTheWriterInEachEncoding) {
    std::vector<std::vector<std::string>> rows = {{"ID", "名前"}, {"a,b", "引用\"符"}, {"改\n行", "ｶﾅ"}};
    for (const char* enc : {"utf-8", "utf-8-bom", "cp932"}) {
        csv::Writer w(enc);
        for (const auto& r : rows) w.row(r);
        auto back = csv::read(w.bytes());
        ASSERT_TRUE(back.ok()) << enc;
        EXPECT_EQ(back->rows, rows) << enc;
        EXPECT_EQ(back->encoding, enc);
    }
    csv::Writer w("cp932");
    w.row({"😀絵文字"});  // no CP932 form: replaced, the file still written
    EXPECT_EQ(csv::read(w.bytes())->rows[0][0], "?絵文字");
}

// Issue 10, item 10 (CSV injection, OWASP): a cell starting with = + - @, a tab or a carriage return is written
// with a leading single quote and quoted, in every CSV the product writes; other cells are untouched.
TEST(Csv, TheWriterNeutralisesFormulaLikeCells) {
    const std::vector<std::string> cells = {"=HYPERLINK(\"http://evil.example/\",\"x\")",
                                            "+1",
                                            "-1",
                                            "@SUM(A1)",
                                            "\t=1+2",
                                            "\r=1+2",
                                            "plain",
                                            "a=b",
                                            "",
                                            "山田"};
    csv::Writer w("utf-8");
    w.row(cells);
    std::string bytes = w.bytes();
    const std::string start = "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",\"'+1\",\"'-1\",\"'@SUM(A1)\",";
    EXPECT_EQ(bytes.rfind(start, 0), 0u) << bytes;
    auto back = csv::read(bytes);
    ASSERT_TRUE(back.ok());
    ASSERT_EQ(back->rows.size(), 1u);
    for (size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ(back->rows[0][i], csv::neutralised(cells[i])) << i;
        EXPECT_FALSE(csv::formulaLike(back->rows[0][i])) << i;
    }
    EXPECT_EQ(back->rows[0][4], "'\t=1+2");
    EXPECT_EQ(back->rows[0][6], "plain");
    EXPECT_EQ(back->rows[0][7], "a=b");
    EXPECT_EQ(back->rows[0][8], "");
    EXPECT_EQ(csv::neutralised("-"), "'-");
    // In Shift_JIS too (the quote is ASCII).
    csv::Writer sjis("cp932");
    sjis.row({"=1+1", "氏名"});
    EXPECT_EQ(csv::read(sjis.bytes())->rows[0][0], "'=1+1");
}

TEST(Csv, RefusesWhatIsNotATable) {
    EXPECT_EQ(csv::read("").error().code, "csv.empty");
    EXPECT_EQ(csv::read("\r\n\r\n").error().code, "csv.empty");
    EXPECT_EQ(csv::read(std::string("PK\x03\x04\0\0binary", 12)).error().code, "csv.binary");
    EXPECT_EQ(csv::read("a,\"open\nnever closed").error().code, "csv.quote");
    EXPECT_EQ(csv::read("a,b\"c\n").error().code, "csv.quote");
    EXPECT_EQ(csv::read("\xff\xfe\xfd\xfc").error().code, "csv.encoding");
    csv::Limits small{100, 3, 4, 10};
    EXPECT_EQ(csv::read(std::string(101, 'a'), small).error().code, "csv.too_large");
    EXPECT_EQ(csv::read("1\n2\n3\n4\n", small).error().code, "csv.too_many_rows");
    EXPECT_EQ(csv::read("1\n2\n3\n", small).ok(), true);
    EXPECT_EQ(csv::read("a,b,c,d,e\n", small).error().code, "csv.too_many_columns");
    EXPECT_EQ(csv::read("abcdefghijk\n", small).error().code, "csv.field_too_long");
    auto wide = csv::read(std::string(10000, ',') + "\n");  // 10,001 columns
    EXPECT_EQ(wide.error().code, "csv.too_many_columns");
    EXPECT_EQ(wide.error().fields["line"], 1);
}

TEST(Text, CountsCharactersAndClassifiesWidths) {
    EXPECT_EQ(text::chars("山田太郎abc"), 7u);
    EXPECT_TRUE(text::validUtf8("ユーザ"));
    EXPECT_FALSE(text::validUtf8("\xC0\x80"));      // overlong
    EXPECT_FALSE(text::validUtf8("\xED\xA0\x80"));  // surrogate
    EXPECT_TRUE(text::isHalfWidthAlnum("staff01"));
    EXPECT_FALSE(text::isHalfWidthAlnum("ｓｔａｆｆ"));
    EXPECT_FALSE(text::isHalfWidthAlnum("staff-01"));
    auto cps = text::codepoints("Aｱア");
    ASSERT_EQ(cps.size(), 3u);
    EXPECT_FALSE(text::isFullWidth(cps[0]));
    EXPECT_FALSE(text::isFullWidth(cps[1]));  // half-width katakana
    EXPECT_TRUE(text::isFullWidth(cps[2]));
}
