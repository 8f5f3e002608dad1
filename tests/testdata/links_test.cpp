// ① テスト用データ紐付登録 / ② 紐付テストデータ削除, and what the institution's devices are answered for each of the
// 14 test qualification types (docs/testdata.md, "The answer").
#include "testdata_fixture.hpp"

namespace testdata_test {
namespace {

TEST_F(TestdataHost, EachOfTheFourteenTypesAnswersItsDocumentedQualification) {
    auto code = institution();
    for (int type = 1; type <= 14; ++type) {
        std::string serial = "90000" + std::to_string(type);
        ASSERT_EQ(link(code, serial, type).status, 200) << type;
        auto r = confirmCard(code, serial, type % 2 ? "F0read01" : "W0api01");  // reader and WebAPI alike
        ASSERT_EQ(r.status, 200) << type << r.body;
        ASSERT_EQ(r.json["result"], "ok") << r.body;
        const Json& q = r.json["qualification"];
        EXPECT_EQ(q["type"], type);
        EXPECT_EQ(r.json["consent"], "consented");
        SCOPED_TRACE("type " + std::to_string(type) + ": " + r.body);
        switch (type) {
            case 3:
            case 14:  // 自己情報提供不可: nothing about the person or the qualification
                EXPECT_EQ(q["status"], "withheld");
                EXPECT_FALSE(q.contains("person"));
                EXPECT_FALSE(q.contains("insurance"));
                EXPECT_FALSE(q.contains("assistance"));
                continue;
            case 4:
            case 11:
                EXPECT_EQ(q["status"], "invalid");
                break;
            default:
                EXPECT_EQ(q["status"], "valid");
        }
        const bool insurance = type <= 6 || type == 9 || type == 10;
        const bool assistance = type >= 7;
        EXPECT_EQ(q["insurance"].is_object(), insurance);
        EXPECT_EQ(q["assistance"].is_object(), assistance);
        if (insurance) {
            std::string insurer = q["insurance"]["insurer_number"];
            ASSERT_EQ(insurer.size(), 8u);
            EXPECT_EQ(insurer.substr(0, 2), "06");
        }
        // 不開示該当: the postal code and the address are left out.
        const bool noAddress = type == 2 || type == 13;
        EXPECT_EQ(q["person"].contains("address"), !noAddress);
        EXPECT_EQ(q["person"].contains("postal_code"), !noAddress);
        EXPECT_FALSE(q["person"].value("name", "").empty());
        EXPECT_EQ(q["medical_info"]["drug"], type != 5);
        EXPECT_EQ(q["medical_info"]["checkup"], type != 5);
        if (assistance) {
            const char* ticket = type == 7 || type == 9 || type == 13 ? "medical"
                                 : type == 8                          ? "dispensing"
                                 : type == 12                         ? "uncommissioned"
                                                                      : "none";
            EXPECT_EQ(q["assistance"]["ticket"], ticket);
        }
    }
}

TEST_F(TestdataHost, WithoutInsuranceRegistrationTheReaderRegistersFirstAndTypeSixTimesOutOnce) {
    auto code = institution();
    ASSERT_EQ(link(code, "5001", 1, false).json["message"]["ja"], "紐付登録が完了しました。");
    auto r = confirmCard(code, "5001");
    EXPECT_EQ(r.json["result"], "registration_required") << r.body;
    EXPECT_EQ(device("POST", "/api/testdata/cards/5001/registration", code).json["result"], "registered");
    EXPECT_EQ(confirmCard(code, "5001").json["result"], "ok");
    EXPECT_EQ(device("POST", "/api/testdata/cards/5001/registration", code).json["result"], "already_registered");

    // Type 6: the first registration is made but the reader is told it timed out; the next confirmation is valid.
    ASSERT_EQ(link(code, "6001", 6, false).status, 200);
    EXPECT_EQ(confirmCard(code, "6001").json["result"], "registration_required");
    auto t = device("POST", "/api/testdata/cards/6001/registration", code);
    EXPECT_EQ(t.json["result"], "registration_timeout") << t.body;
    auto v = confirmCard(code, "6001");
    EXPECT_EQ(v.json["result"], "ok");
    EXPECT_EQ(v.json["qualification"]["status"], "valid");

    // 保険証登録する ticked: registered at once (MSG-T02b), no reader step.
    auto ticked = link(code, "6002", 6, true);
    EXPECT_EQ(ticked.json["message"]["ja"], "紐付登録が完了しました。保険証利用登録も完了しています。");
    EXPECT_EQ(confirmCard(code, "6002").json["result"], "ok");
}

TEST_F(TestdataHost, LinkingASerialAgainReplacesItsLink) {
    auto code = institution();
    ASSERT_EQ(link(code, "777", 1, true, "PMH1").json["replaced"], false);
    auto again = link(code, "777", 4, true, nullptr);
    ASSERT_EQ(again.status, 200);
    EXPECT_EQ(again.json["replaced"], true);
    auto rows = admin(code)->get("/api/testdata/links");
    ASSERT_EQ(rows.json["total"], 1);
    EXPECT_EQ(rows.json["rows"][0]["type_label"], "医療保険無効");
    EXPECT_EQ(rows.json["rows"][0]["pmh_id"], "");
    EXPECT_EQ(rows.json["rows"][0]["insurance"], "登録済");
    EXPECT_EQ(confirmCard(code, "777").json["qualification"]["status"], "invalid");
    auto trail = audit(code, "testdata.link");
    ASSERT_EQ(trail.size(), 2u);
    EXPECT_EQ(trail[1]["replaced"], true);
    EXPECT_EQ(trail[0]["pmh_id"], "PMH1");
}

TEST_F(TestdataHost, BadSerialsAndPmhIdsAreRefusedAndChangeNothing) {
    auto code = institution();
    const std::string msg = "シリアル番号は10進数（半角数字）で入力してください。";
    for (const Json& bad :
         {Json("12a4"), Json(""), Json("１２３"), Json("0x1F"), Json("-1"), Json(" 1"), Json(12), Json(nullptr)}) {
        auto r = admin(code)->post("/api/testdata/links", {{"serial", bad}, {"type", "1"}, {"insurance", true}});
        EXPECT_EQ(r.status, 400) << bad.dump();
        EXPECT_EQ(r.errorCode(), "form.invalid");
        EXPECT_EQ(r.json["error"]["fields"]["serial"], msg) << bad.dump();
    }
    auto tooLong = link(code, std::string(41, '1'), 1);
    EXPECT_EQ(tooLong.json["error"]["fields"]["serial"], "40文字以内で入力してください。");
    EXPECT_EQ(link(code, std::string(40, '1'), 1).status, 200);  // 40 digits is the limit, leading zeros kept
    EXPECT_EQ(link(code, "0007", 1).status, 200);
    for (const Json& bad : {Json(std::string(33, 'A')), Json("PMH-01"), Json("ＰＭＨ"), Json(7)}) {
        auto r = link(code, "888", 1, true, bad);
        EXPECT_EQ(r.status, 400) << bad.dump();
        EXPECT_TRUE(r.json["error"]["fields"].contains("pmh_id")) << r.body;
    }
    EXPECT_EQ(link(code, "888", 1, true, std::string(32, 'a')).status, 200);
    for (const Json& type : {Json("0"), Json("15"), Json(""), Json("1.5"), Json(nullptr)}) {
        auto r = admin(code)->post("/api/testdata/links", {{"serial", "999"}, {"type", type}});
        EXPECT_EQ(r.json["error"]["fields"]["type"], "テスト用資格情報を選択してください。") << type.dump();
    }
    auto rows = admin(code)->get("/api/testdata/links");
    EXPECT_EQ(rows.json["total"], 3);  // 40 ones, 0007, 888
    bool kept = false;
    for (const auto& r : rows.json["rows"]) kept = kept || r["serial"] == "0007";
    EXPECT_TRUE(kept);
}

TEST_F(TestdataHost, DeleteAllRemovesOnlyThisInstitutionsLinks) {
    auto mine = institution(), other = institution();
    ASSERT_EQ(link(mine, "100", 1).status, 200);
    ASSERT_EQ(link(mine, "101", 2).status, 200);
    ASSERT_EQ(link(other, "100", 7).status, 200);
    auto d = admin(mine)->del("/api/testdata/links");
    ASSERT_EQ(d.status, 200) << d.body;
    EXPECT_EQ(d.json["message"]["ja"], "紐付けテストデータを削除しました。");
    EXPECT_EQ(d.json["deleted"], 2);
    EXPECT_EQ(admin(mine)->get("/api/testdata/links").json["total"], 0);
    EXPECT_EQ(confirmCard(mine, "100").status, 404);
    // The other institution's link of the same serial still answers its own type.
    auto theirs = confirmCard(other, "100");
    ASSERT_EQ(theirs.status, 200);
    EXPECT_EQ(theirs.json["qualification"]["type"], 7);
    EXPECT_EQ(audit(mine, "testdata.links_deleted")[0]["links"], 2);
}

TEST_F(TestdataHost, DevicesAreRefusedAsTheCredentialRoutesPromise) {
    auto code = institution(), other = institution();
    ASSERT_EQ(link(code, "321", 1).status, 200);
    // An administrator's own password on a device route: right password, wrong kind → 403.
    auto adminCall = device("GET", "/api/testdata/qualifications/card/321", code, nullptr, "admin01", "Passw0rd!x");
    EXPECT_EQ(adminCall.status, 403) << adminCall.body;
    // A wrong password, and another institution's reader named under this institution → 401.
    EXPECT_EQ(device("GET", "/api/testdata/qualifications/card/321", code, nullptr, "F0read01", "wrong").status, 401);
    EXPECT_EQ(device("GET", "/api/testdata/qualifications/card/321", code, nullptr, "F0read09").status, 401);
    // Another institution's reader with its own credentials sees nothing of this institution's links.
    auto theirs = confirmCard(other, "321");
    EXPECT_EQ(theirs.status, 404);
    EXPECT_EQ(theirs.errorCode(), "testdata.card_unknown");
    // A console session never authenticates a credential route.
    EXPECT_EQ(admin(code)->get("/api/testdata/qualifications/card/321").status, 401);
    // A malformed serial in the path.
    EXPECT_EQ(confirmCard(code, "12x").status, 400);
}

}  // namespace
}  // namespace testdata_test
