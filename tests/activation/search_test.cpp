// Searching (ACT-SRCH): the two conditions and their AND (OQ-66), the order, MSG-V06, the screen itself, and a
// page of 10,000 codes.
#include "activation_fixture.hpp"

namespace activation_test {
namespace {

TEST_F(ActivationHost, TheTwoConditionsCombineWithAnd) {
    std::string inst = institution();
    auto c = admin(inst);
    // One code in each of the four states.
    std::string plain = issue(*c, "未登録・有効");
    std::string dropped = issue(*c, "未登録・無効");
    std::string used = issue(*c, "登録済み・有効");
    std::string lost = issue(*c, "登録済み・無効");
    ASSERT_EQ(registerDevice(inst, "gen01", used).status, 201);
    ASSERT_EQ(registerDevice(inst, "gen01", lost).status, 201);
    for (const auto& code : {dropped, lost})
        ASSERT_EQ(c->post("/api/activation/codes/" + code + "/invalidate", Json::object()).status, 200);

    auto codes = [&](const std::string& query) {
        std::set<std::string> out;
        const Json found = list(*c, query);
        for (const auto& r : found["rows"]) out.insert(r["code"].get<std::string>());
        return out;
    };
    using S = std::set<std::string>;
    EXPECT_EQ(codes(""), (S{plain, used}));  // the defaults: 全て, valid only
    EXPECT_EQ(codes("status=all&valid_only=true"), (S{plain, used}));
    EXPECT_EQ(codes("status=all&valid_only=false"), (S{plain, dropped, used, lost}));
    EXPECT_EQ(codes("status=unregistered&valid_only=true"), (S{plain}));
    EXPECT_EQ(codes("status=unregistered&valid_only=false"), (S{plain, dropped}));
    EXPECT_EQ(codes("status=registered&valid_only=true"), (S{used}));
    EXPECT_EQ(codes("status=registered&valid_only=false"), (S{used, lost}));
    // The registered rows say which device and who; the invalidated ones are marked for greying.
    Json row = rowOf(*c, lost);
    EXPECT_EQ(row["status_label"], "登録済み");
    EXPECT_EQ(row["invalidated"], true);
    EXPECT_EQ(row["device_detail"], "端末：スマホ（gen01）") << row.dump();
    EXPECT_EQ(row["registered_detail"], "2026/11/25 09:00:00") << row.dump();
    EXPECT_EQ(rowOf(*c, plain)["device_detail"], "");
}

TEST_F(ActivationHost, NothingFoundSaysSoAndBadConditionsAreRefused) {
    std::string inst = institution();
    auto c = admin(inst);
    Json none = list(*c, "status=registered");
    EXPECT_EQ(none["total"], 0);
    EXPECT_EQ(none["message"], "該当するアクティベーションコードが存在しません。");  // MSG-V06
    for (const char* q : {"status=used", "status=", "valid_only=yes", "status=all%27%20OR%201=1"}) {
        auto r = c->get(std::string("/api/activation/codes?") + q);
        EXPECT_EQ(r.status, 400) << q;
        EXPECT_EQ(c->get(std::string("/api/activation/search?") + q).status, 400) << q;
    }
}

TEST_F(ActivationHost, NewestUpdateFirstAndAnInvalidationMovesACodeUp) {
    std::string inst = institution();
    auto c = admin(inst);
    std::string oldest = issue(*c);
    host.advance(std::chrono::minutes(1));
    std::string middle = issue(*c);
    host.advance(std::chrono::minutes(1));
    std::string newest = issue(*c);
    host.advance(std::chrono::minutes(1));
    ASSERT_EQ(c->post("/api/activation/codes/" + oldest + "/invalidate", Json::object()).status, 200);
    Json rows = list(*c, "valid_only=false")["rows"];
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0]["code"], oldest);
    EXPECT_EQ(rows[1]["code"], newest);
    EXPECT_EQ(rows[2]["code"], middle);
}

TEST_F(ActivationHost, TheScreenHasTheManualsFieldsAndDefaults) {
    std::string inst = institution();
    auto c = admin(inst);
    auto r = c->get("/api/panels/activation/main");
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string& b = r.body;
    for (const char* s : {"機関コード", "機関名", "登録状況", "有効なコードのみ表示する", "端末識別メモ情報", "検索",
                          "発行", "メニュー", "戻る", "10分程度経過後に使用してください"})
        EXPECT_NE(b.find(s), std::string::npos) << s;
    EXPECT_NE(b.find(inst), std::string::npos);
    Json form;
    for (const auto& w : r.json["body"])
        if (w.value("id", "") == "q") form = w;
    ASSERT_TRUE(form.is_object());
    EXPECT_EQ(form["fields"][0]["value"], "all");
    EXPECT_EQ(form["fields"][1]["value"], true);
    EXPECT_EQ(b.find("\"type\":\"table\""), std::string::npos);  // no results area before 《検索》
    // 《検索》 reopens the screen with the conditions; the results then load a page at a time.
    auto s = c->get("/api/activation/search?status=registered&valid_only=false");
    ASSERT_EQ(s.status, 200);
    EXPECT_EQ(s.json["goto"]["params"], (Json{{"status", "registered"}, {"valid_only", "false"}, {"searched", "1"}}));
    auto shown = c->get("/api/panels/activation/main?status=registered&valid_only=false&searched=1");
    ASSERT_EQ(shown.status, 200);
    EXPECT_NE(shown.body.find("\"greyWhen\":{\"equals\":true,\"field\":\"invalidated\"}"), std::string::npos)
        << shown.body;
    EXPECT_NE(shown.body.find("\"actions\":true"), std::string::npos);
    EXPECT_NE(shown.body.find("\"page\":100"), std::string::npos);
    EXPECT_NE(shown.body.find("\"value\":\"registered\""), std::string::npos);
}

TEST_F(ActivationHost, TenThousandCodesInOneInstitutionStayFast) {
    std::string inst = institution();
    {
        auto lease = host.core().pool().lease();
        lease->begin();
        auto s = lease->prepare(
            "INSERT INTO activation_codes(code, institution, memo, issued_ms, issued_by, "
            "invalidated_ms, invalidated_by, updated_ms) VALUES(?, ?, ?, ?, 'adm01', ?, ?, ?)");
        for (int i = 0; i < 10000; ++i) {
            char code[13];
            std::snprintf(code, sizeof code, "%012d", 500000000 + i);
            int64_t at = host.nowMs() - 10000000 + i * 1000;
            bool invalid = i % 10 == 0;
            s.reset();
            s.bindAll(std::string(code), inst, "端末" + std::to_string(i), at,
                      invalid ? std::optional<int64_t>(at) : std::nullopt,
                      invalid ? std::optional<std::string>("adm01") : std::nullopt, at);
            while (s.step()) {
            }
        }
        lease->commit();
    }
    auto c = admin(inst);
    auto timed = [&](const std::string& q) {
        auto t0 = std::chrono::steady_clock::now();
        Json j = list(*c, q);
        auto ms = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
        std::printf("[ figure ] GET /api/activation/codes?%s: %.1f ms\n", q.c_str(), double(ms) / 1000.0);
        EXPECT_LT(ms, 500000) << q;  // generous for a shared 2-core machine; typically a few ms
        return j;
    };
    Json first = timed("offset=0&limit=100");
    EXPECT_EQ(first["total"], 9000);
    ASSERT_EQ(first["rows"].size(), 100u);
    EXPECT_EQ(first["rows"][0]["code"], "000500009999");
    Json last = timed("valid_only=false&offset=9900&limit=100");
    EXPECT_EQ(last["total"], 10000);
    ASSERT_EQ(last["rows"].size(), 100u);
    EXPECT_EQ(last["rows"][99]["code"], "000500000000");
    timed("status=unregistered&valid_only=false&offset=5000&limit=100");
    // A client cannot ask for everything at once.
    EXPECT_EQ(list(*c, "limit=100000")["rows"].size(), 500u);
}

}  // namespace
}  // namespace activation_test
