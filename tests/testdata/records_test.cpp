// ③ データカテゴリ別テストデータ登録／削除: categories from the contribution point, the records each registration
// adds, and qualification confirmation by insurer number, symbol, number and branch.
#include "testdata_fixture.hpp"

#include <oqs/insurer.hpp>

namespace testdata_test {
namespace {

Json countOf(Client& c, const std::string& key) {
    auto reply = c.get("/api/testdata/categories");  // kept alive: the loop reads into it
    for (const auto& r : reply.json["rows"])
        if (r["key"] == key) return r;
    return nullptr;
}

TEST_F(TestdataHost, CategoriesComeFromEveryPluginWithTheirRules) {
    auto code = institution();
    auto a = admin(code);
    auto cats = a->get("/api/testdata/categories");
    ASSERT_EQ(cats.status, 200) << cats.body;
    ASSERT_EQ(cats.json["total"], 3) << cats.body;  // 救急医療テスト, 被保険者番号…, the vendor's; not the bad item
    EXPECT_EQ(cats.json["rows"][0]["label"], "救急医療テスト");
    EXPECT_EQ(cats.json["rows"][0]["needs_serial"], true);
    EXPECT_EQ(cats.json["rows"][2]["label"], "訪問看護テスト");
    EXPECT_EQ(cats.json["rows"][2]["count_text"], "テストデータ登録件数：0 件");
}

TEST_F(TestdataHost, RegisteringAddsTheCategorysRecordsAndShowsTheCount) {
    auto code = institution();
    auto a = admin(code);
    auto r = a->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "1"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["message"]["ja"], "テストデータを登録しました。");
    EXPECT_EQ(r.json["count_text"], "テストデータ登録件数：3 件");
    ASSERT_EQ(r.json["added"].size(), 3u);
    // One insured family: the same insurer, symbol and number, branches 00, 01, 02, a valid check digit.
    const Json& first = r.json["added"][0];
    EXPECT_TRUE(oqs::validInsurerNumber(first["insurer_number"].get<std::string>()));
    EXPECT_EQ(r.json["added"][2]["number"], first["number"]);
    EXPECT_EQ(r.json["added"][2]["branch"], "02");
    // The vendor's category: two records a registration, only types 1 and 7.
    auto v = a->post("/api/testdata/records", {{"category", "homecare.visit"}, {"type", "7"}});
    ASSERT_EQ(v.status, 200) << v.body;
    EXPECT_EQ(countOf(*a, "homecare.visit")["count_text"], "テストデータ登録件数：2 件");
    auto refused = a->post("/api/testdata/records", {{"category", "homecare.visit"}, {"type", "4"}});
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.json["error"]["fields"]["type"],
              "このデータカテゴリでは選択したテスト用資格種類を登録できません。");
    EXPECT_EQ(countOf(*a, "homecare.visit")["count"], 2);
    // The table shows what to type into the receipt computer.
    auto rows = a->get("/api/testdata/records?limit=10");
    ASSERT_EQ(rows.json["total"], 5);
    EXPECT_FALSE(rows.json["rows"][0]["name"].get<std::string>().empty());
    EXPECT_EQ(audit(code, "testdata.records_registered").size(), 2u);
}

TEST_F(TestdataHost, EmergencyTestNeedsADecimalSerial) {
    auto code = institution();
    auto a = admin(code);
    for (const Json& bad : {Json(nullptr), Json(""), Json("１２"), Json("12-3")}) {
        Json body{{"category", "testdata.emergency"}, {"type", "1"}};
        if (!bad.is_null()) body["serial"] = bad;
        auto r = a->post("/api/testdata/records", body);
        EXPECT_EQ(r.status, 400) << bad.dump();
        EXPECT_EQ(r.json["error"]["fields"]["serial"], "シリアル番号は10進数（半角数字）で入力してください。");
    }
    EXPECT_EQ(countOf(*a, "testdata.emergency")["count"], 0);
    auto ok = a->post("/api/testdata/records", {{"category", "testdata.emergency"}, {"type", "2"}, {"serial", "4242"}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.json["count_text"], "テストデータ登録件数：1 件");
    // The reader confirms the emergency record by the card's serial.
    auto c = confirmCard(code, "4242");
    ASSERT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(c.json["qualification"]["type"], 2);
    EXPECT_FALSE(c.json["qualification"]["person"].contains("address"));
    // An unknown category or type.
    EXPECT_EQ(
        a->post("/api/testdata/records", {{"category", "nope"}, {"type", "1"}}).json["error"]["fields"]["category"],
        "データカテゴリを選択してください。");
}

TEST_F(TestdataHost, DevicesConfirmByInsuranceIdentifiers) {
    auto code = institution(), other = institution();
    auto r = admin(code)->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "9"}});
    ASSERT_EQ(r.status, 200);
    const Json& dependant = r.json["added"][1];
    Json ask{{"insurer_number", dependant["insurer_number"]},
             {"symbol", dependant["symbol"]},
             {"number", dependant["number"]},
             {"branch", "01"}};
    auto c = device("POST", "/api/testdata/qualifications/insurance", code, ask, "W0api01");
    ASSERT_EQ(c.status, 200) << c.body;
    EXPECT_EQ(c.json["qualification"]["person"]["name"], dependant["name"]);
    EXPECT_EQ(c.json["qualification"]["insurance"]["branch"], "01");
    EXPECT_EQ(c.json["qualification"]["assistance"]["ticket"], "medical");
    // Without a branch: the insured person himself (00).
    ask.erase("branch");
    EXPECT_EQ(device("POST", "/api/testdata/qualifications/insurance", code, ask)
                  .json["qualification"]["insurance"]["branch"],
              "00");
    // Another institution's system does not find it.
    EXPECT_EQ(device("POST", "/api/testdata/qualifications/insurance", other, ask).status, 404);
    // A wrong check digit, a symbol too long, a branch that is not two digits.
    Json bad = ask;
    std::string n = bad["insurer_number"];
    n.back() = char('0' + (n.back() - '0' + 1) % 10);
    bad["insurer_number"] = n;
    bad["branch"] = "1";
    bad["symbol"] = std::string(21, 'A');
    auto b = device("POST", "/api/testdata/qualifications/insurance", code, bad);
    EXPECT_EQ(b.status, 400);
    for (const char* f : {"insurer_number", "branch", "symbol"})
        EXPECT_TRUE(b.json["error"]["fields"].contains(f)) << f;
}

TEST_F(TestdataHost, DeleteAllRemovesOnlyThisInstitutionsRecords) {
    auto mine = institution(), other = institution();
    ASSERT_EQ(
        admin(mine)->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "1"}}).status,
        200);
    ASSERT_EQ(
        admin(other)->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "1"}}).status,
        200);
    auto d = admin(mine)->del("/api/testdata/records");
    ASSERT_EQ(d.status, 200);
    EXPECT_EQ(d.json["message"]["ja"], "テストデータを削除しました。");
    EXPECT_EQ(d.json["deleted"], 3);
    EXPECT_EQ(countOf(*admin(mine), "testdata.insured_number")["count"], 0);
    EXPECT_EQ(countOf(*admin(other), "testdata.insured_number")["count"], 3);
    EXPECT_EQ(audit(mine, "testdata.records_deleted")[0]["records"], 3);
}

}  // namespace
}  // namespace testdata_test
