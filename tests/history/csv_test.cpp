// The CSV (OQ-42) read back byte for byte: BOM, header, columns in SPEC.md's order, CRLF, RFC 4180 quoting,
// formula-like cells neutralised (OWASP), the file name (RFC 6266 filename*), header only when nothing matches,
// never another institution's events, and the audit row of each download.
#include "history_fixture.hpp"

namespace history_test {
namespace {

const std::string kBom = "\xEF\xBB\xBF";
const std::string kHeader =
    "閲覧日時,医療機関コード,ユーザID,ユーザ名,照会情報区分,患者氏名,患者氏名（カナ）,生年月日,保険者番号,"
    "被保険者証記号,被保険者証番号,被保険者証枝番\r\n";

TEST_F(HistoryHost, TheFileReadsBackByteForByte) {
    auto code = institution();
    auto plain = event(code, jst(2026, 11, 20, 9, 30, 15), "medical.checkup");
    auto quoted = event(code, jst(2026, 11, 20, 9, 30, 15), "medical.clinical", "山田, \"花子\"");
    auto formula = event(code, jst(2026, 11, 20, 10, 0, 0), "medical.drug", "=HYPERLINK(\"http://x\")");
    formula.userName = "@SUM(A1)";
    formula.cardBranch = "-1";
    append({plain, quoted, formula});
    host.advance(std::chrono::seconds(3 * 3600 + 4 * 60 + 5));  // 2026-11-25 12:04:05 JST
    auto d = admin(code)->get("/api/history/download" + query("2026/11/20", 0, 0, "2026/11/20", 23, 59));
    ASSERT_EQ(d.status, 200) << d.body;
    const std::string common = code + ",view01,";
    const std::string expected =
        kBom + kHeader + "2026/11/20 09:30:15," + common +
        "閲覧 次郎,特定健診情報,山田 花子,ヤマダ ハナコ,1980/04/01,06130012,記号1,12345,01\r\n" +
        "2026/11/20 09:30:15," + common +
        "閲覧 次郎,臨床情報,\"山田, \"\"花子\"\"\",ヤマダ ハナコ,1980/04/01,06130012,記号1,12345,01\r\n" +
        "2026/11/20 10:00:00," + common +
        "\"'@SUM(A1)\",薬剤情報,\"'=HYPERLINK(\"\"http://x\"\")\",ヤマダ "
        "ハナコ,1980/04/01,06130012,記号1,12345,\"'-1\"\r\n";
    EXPECT_EQ(d.body, expected);
    EXPECT_EQ(d.header("Content-Type"), "text/csv; charset=utf-8");
    const std::string name = "医療情報閲覧履歴_" + code + "_20261125120405.csv";
    // httplib's client decodes %XX in header values, so filename* reads back as the name itself; on the wire it is
    // percent-encoded UTF-8 (RFC 5987), after an ASCII fallback for old clients.
    EXPECT_EQ(d.header("Content-Disposition"), "attachment; filename=\"" + std::string(24, '_') + "_" + code +
                                                   "_20261125120405.csv\"; filename*=UTF-8''" + name);
    EXPECT_EQ(d.header("Cache-Control"), "no-store");

    // Who downloaded which period and how many rows.
    auto a = audit(code, "history.download");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0]["user_id"], "admin01");
    EXPECT_EQ(a[0]["detail"]["from"], "2026/11/20 00:00");
    EXPECT_EQ(a[0]["detail"]["to"], "2026/11/20 23:59");
    EXPECT_EQ(a[0]["detail"]["category"], "all");
    EXPECT_EQ(a[0]["detail"]["rows"], 3);
}

TEST_F(HistoryHost, NothingMatchingGivesTheHeaderOnly) {
    auto code = institution();
    append({event(code, jst(2026, 11, 19, 23, 59, 59))});
    auto d = admin(code)->get("/api/history/download" + query("2026/11/20", 0, 0, "2026/11/20", 23, 59));
    ASSERT_EQ(d.status, 200) << d.body;
    EXPECT_EQ(d.body, kBom + kHeader);
    EXPECT_EQ(audit(code, "history.download")[0]["detail"]["rows"], 0);
}

TEST_F(HistoryHost, AnotherInstitutionsEventsNeverAppear) {
    auto mine = institution();
    auto other = institution();
    append({event(other, jst(2026, 11, 20, 10, 0), "medical.drug", "他院 患者"),
            event(mine, jst(2026, 11, 20, 10, 0), "medical.drug", "自院 患者"),
            event(other, jst(2026, 11, 20, 11, 0), "medical.drug", "他院 患者")});
    auto c = admin(mine);
    auto q = query("2026/11/20", 0, 0, "2026/11/20", 23, 59);
    auto d = c->get("/api/history/download" + q);
    ASSERT_EQ(d.status, 200);
    EXPECT_EQ(d.body.find("他院"), std::string::npos);
    EXPECT_EQ(d.body.find(other), std::string::npos);
    EXPECT_EQ(lines(d.body).size(), 2u);
    EXPECT_EQ(c->get("/api/history/summary" + q).json["total"], 1);
    // A query string naming the other institution changes nothing: the plugin never reads one.
    auto d2 = c->get("/api/history/download" + q + "&institution=" + other);
    EXPECT_EQ(d2.body, d.body.substr(0, d.body.size()));
}

}  // namespace
}  // namespace history_test
