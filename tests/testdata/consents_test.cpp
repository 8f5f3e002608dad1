// ④ 閲覧同意情報初期化: a device revokes a test subject's viewing consent (同意取消); 《初期化》 puts it back.
#include "testdata_fixture.hpp"

namespace testdata_test {
namespace {

TEST_F(TestdataHost, RevokedConsentsComeBackOnInitialise) {
    auto code = institution(), other = institution();
    ASSERT_EQ(link(code, "1234", 1).status, 200);
    ASSERT_EQ(link(other, "1234", 1).status, 200);
    auto rec = admin(code)->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "1"}});
    const Json& head = rec.json["added"][0];
    Json ids{{"insurer_number", head["insurer_number"]},
             {"symbol", head["symbol"]},
             {"number", head["number"]},
             {"branch", "00"}};

    auto r1 = device("POST", "/api/testdata/consents/revoke", code, {{"serial", "1234"}});
    ASSERT_EQ(r1.status, 200) << r1.body;
    ASSERT_EQ(device("POST", "/api/testdata/consents/revoke", code, ids, "W0api01").status, 200);
    ASSERT_EQ(device("POST", "/api/testdata/consents/revoke", other, {{"serial", "1234"}}).status, 200);
    EXPECT_EQ(confirmCard(code, "1234").json["consent"], "revoked");
    EXPECT_EQ(device("POST", "/api/testdata/qualifications/insurance", code, ids).json["consent"], "revoked");

    auto reset = admin(code)->post("/api/testdata/consents/reset", Json::object());
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(reset.json["message"]["ja"], "閲覧同意情報を初期化しました。");
    EXPECT_EQ(reset.json["reset"], 2);
    EXPECT_EQ(confirmCard(code, "1234").json["consent"], "consented");
    EXPECT_EQ(device("POST", "/api/testdata/qualifications/insurance", code, ids).json["consent"], "consented");
    // The other institution's revocation is its own.
    EXPECT_EQ(confirmCard(other, "1234").json["consent"], "revoked");
    EXPECT_EQ(audit(code, "testdata.consent_revoked").size(), 2u);
    EXPECT_EQ(audit(code, "testdata.consents_reset")[0]["consents"], 2);
}

TEST_F(TestdataHost, InitialisingWithNothingToResetStillCompletes) {
    auto code = institution();
    auto reset = admin(code)->post("/api/testdata/consents/reset", Json::object());
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(reset.json["reset"], 0);
    EXPECT_EQ(reset.json["message"]["ja"], "閲覧同意情報を初期化しました。");
}

TEST_F(TestdataHost, RevokingAnUnknownSubjectIsRefused) {
    auto code = institution();
    auto r = device("POST", "/api/testdata/consents/revoke", code, {{"serial", "55"}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.errorCode(), "testdata.card_unknown");
    EXPECT_EQ(device("POST", "/api/testdata/consents/revoke", code, {{"serial", "5x"}}).status, 400);
    EXPECT_EQ(device("POST", "/api/testdata/consents/revoke", code, Json::object()).status, 400);
}

}  // namespace
}  // namespace testdata_test
