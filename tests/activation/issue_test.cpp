// Issuing (ACT-ISS) and invalidating (ACT-INV) codes from the console: the prerequisite (ACT-01), the memo rules
// (OQ-51), uniqueness under concurrent issuing (OQ-50), the audit trail, and who may do any of it.
#include "activation_fixture.hpp"

#include <regex>
#include <thread>

namespace activation_test {
namespace {

TEST_F(ActivationHost, IssuingGivesATwelveDigitCodeShownFirstWithTheTenMinuteGuidance) {
    std::string inst = institution();
    auto c = admin(inst);
    auto r = c->post("/api/activation/codes", {{"memo", "A のスマホ１"}});
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string first = r.json["code"];
    EXPECT_TRUE(std::regex_match(first, std::regex("[0-9]{12}"))) << first;
    // MSG-V02 with the guidance, the code in the completion dialog, then the results with the initial conditions.
    EXPECT_NE(r.json["message"]["ja"].get<std::string>().find("10分程度経過後に使用してください"), std::string::npos);
    EXPECT_EQ(r.json["show"][0]["value"], first);
    EXPECT_EQ(r.json["goto"]["params"], (Json{{"status", "all"}, {"valid_only", "true"}, {"searched", "1"}}));

    host.advance(std::chrono::seconds(5));
    std::string second = issue(*c, "");
    ASSERT_NE(second, first);
    Json rows = list(*c)["rows"];
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["code"], second);  // newest first
    EXPECT_EQ(rows[1]["code"], first);
    EXPECT_EQ(rows[1]["memo"], "A のスマホ１");
    EXPECT_EQ(rows[1]["status_label"], "未登録");  // ACT-ISS-01
    EXPECT_EQ(rows[1]["invalidated"], false);
    EXPECT_EQ(rows[1]["invalidation_label"], "");
    EXPECT_EQ(rows[1]["updated_at"], "2026/11/25 09:00:00");  // the issue time, in Japan time
    EXPECT_NE(rows[1]["history_detail"].get<std::string>().find("発行：adm01"), std::string::npos);

    Json issued = audit(inst, "activation.code.issue");
    ASSERT_EQ(issued.size(), 2u);
    EXPECT_EQ(issued[0]["user_id"], "adm01");
    EXPECT_EQ(issued[0]["detail"]["code"], first);
    EXPECT_EQ(issued[0]["detail"]["memo"], "A のスマホ１");
}

TEST_F(ActivationHost, WithoutHomeVisitIssuingIsRefusedButSearchAndInvalidationWork) {
    std::string inst = institution();
    std::string kept = issue(*admin(inst));
    setHomeVisit(inst, false);
    auto c = admin(inst);
    auto refused = c->post("/api/activation/codes", {{"memo", "B のタブレット"}});
    EXPECT_EQ(refused.status, 409) << refused.body;
    EXPECT_EQ(refused.errorCode(), "activation.home_visit_off");
    EXPECT_EQ(refused.json["error"]["message"],
              "訪問診療等機能を利用する設定になっていないため、アクティベーションコードを発行できません。");  // MSG-V05
    EXPECT_EQ(list(*c)["total"], 1);  // nothing was issued
    // The screen opens and says why (OQ-49).
    auto panel = c->get("/api/panels/activation/main");
    ASSERT_EQ(panel.status, 200) << panel.body;
    EXPECT_NE(panel.body.find("訪問診療等機能を利用する設定になっていない"), std::string::npos);
    // Search and invalidation keep working.
    EXPECT_EQ(c->post("/api/activation/codes/" + kept + "/invalidate", Json::object()).status, 200);
    EXPECT_EQ(rowOf(*c, kept)["invalidated"], true);

    setHomeVisit(inst, true);
    EXPECT_EQ(admin(inst)->post("/api/activation/codes", Json::object()).status, 201);
}

TEST_F(ActivationHost, TheMemoHoldsFiftyCharactersOfAnyKindAndNothingElse) {
    std::string inst = institution();
    auto c = admin(inst);
    std::string fifty;
    for (int i = 0; i < 50; ++i) fifty += "端";
    EXPECT_EQ(c->post("/api/activation/codes", {{"memo", fifty}}).status, 201);
    for (const Json& bad :
         {Json(fifty + "末"), Json("一行目\n二行目"), Json(std::string("tab\there")), Json(12), Json::array()}) {
        auto r = c->post("/api/activation/codes", {{"memo", bad}});
        EXPECT_EQ(r.status, 400) << bad.dump();
        EXPECT_EQ(r.errorCode(), "activation.memo") << bad.dump();
        EXPECT_TRUE(r.json["error"]["fields"].contains("memo"));
    }
    EXPECT_EQ(list(*c)["total"], 1);
    // No memo at all is fine (it is optional).
    EXPECT_EQ(c->post("/api/activation/codes", Json::object()).status, 201);
}

TEST_F(ActivationHost, ConcurrentIssuingNeverGivesTheSameCodeTwice) {
    // Two administrators of two institutions issue 1,000 codes each at the same time.
    std::string a = institution(), b = institution();
    std::vector<std::string> codesA, codesB;
    auto run = [this](const std::string& inst, std::vector<std::string>& out) {
        auto c = host.loginAs(inst, "adm01");
        for (int i = 0; i < 1000; ++i) {
            auto r = c->post("/api/activation/codes", {{"memo", std::to_string(i)}});
            if (r.status != 201) {
                ADD_FAILURE() << r.status << " " << r.body;
                return;
            }
            out.push_back(r.json["code"]);
        }
    };
    auto t0 = std::chrono::steady_clock::now();
    std::thread ta(run, a, std::ref(codesA)), tb(run, b, std::ref(codesB));
    ta.join();
    tb.join();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    std::printf("[ figure ] 2 x 1000 codes issued concurrently in %lld ms\n", static_cast<long long>(ms));
    std::set<std::string> all(codesA.begin(), codesA.end());
    all.insert(codesB.begin(), codesB.end());
    EXPECT_EQ(codesA.size() + codesB.size(), 2000u);
    EXPECT_EQ(all.size(), 2000u);
    EXPECT_EQ(list(*admin(a), "limit=1")["total"], 1000);
    EXPECT_EQ(list(*admin(b), "limit=1")["total"], 1000);
    // And the database itself refuses a second row with an existing code, whatever the institution.
    auto lease = host.core().pool().lease();
    auto s = lease->prepare(
        "INSERT INTO activation_codes(code, institution, memo, issued_ms, issued_by, updated_ms) "
        "VALUES(?, ?, '', 0, 'x', 0)");
    s.bindAll(*all.begin(), std::string("9999999999"));
    EXPECT_THROW(s.step(), oqs::host::SqlError);
}

TEST_F(ActivationHost, InvalidatingIsForEverKeepsTheStatusAndIsAudited) {
    std::string inst = institution();
    std::string code = issue(*admin(inst));
    host.advance(std::chrono::hours(1));
    auto other = admin(inst, "adm02");
    auto r = other->post("/api/activation/codes/" + code + "/invalidate", Json::object());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["message"]["ja"], "アクティベーションコードを無効化しました。");  // MSG-V04
    EXPECT_EQ(r.json["reload"], true);
    // Hidden while 有効なコードのみ表示する is ticked; shown, marked and re-dated when it is not.
    EXPECT_EQ(list(*other)["total"], 0);
    Json row = rowOf(*other, code);
    ASSERT_TRUE(row.is_object());
    EXPECT_EQ(row["invalidated"], true);
    EXPECT_EQ(row["invalidation_label"], "無効化済み");
    EXPECT_EQ(row["status_label"], "未登録");  // ACT-INV-03: kept
    EXPECT_EQ(row["updated_at"], "2026/11/25 10:00:00");
    EXPECT_NE(row["history_detail"].get<std::string>().find("／無効化：adm02"), std::string::npos);
    // Irreversible: a second invalidation is refused, and no route makes it valid again.
    auto again = other->post("/api/activation/codes/" + code + "/invalidate", Json::object());
    EXPECT_EQ(again.status, 409);
    EXPECT_EQ(again.errorCode(), "activation.already_invalidated");
    Json audited = audit(inst, "activation.code.invalidate");
    ASSERT_EQ(audited.size(), 1u);
    EXPECT_EQ(audited[0]["user_id"], "adm02");
    EXPECT_EQ(audited[0]["detail"]["code"], code);
}

TEST_F(ActivationHost, OnlyAdministratorsOfTheSameInstitutionReachTheCodes) {
    std::string a = institution(), b = institution();
    std::string code = issue(*admin(a));
    // Another institution's administrator sees none of A's codes and cannot invalidate them.
    auto other = admin(b);
    EXPECT_EQ(list(*other, "valid_only=false")["total"], 0);
    auto r = other->post("/api/activation/codes/" + code + "/invalidate", Json::object());
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.errorCode(), "activation.not_found");
    EXPECT_EQ(rowOf(*admin(a), code)["invalidated"], false);
    // General users and viewers: no screen, no menu item, no route.
    for (const char* user : {"gen01", "med01"}) {
        auto c = host.loginAs(a, user);
        EXPECT_EQ(c->get("/api/activation/codes").status, 403) << user;
        EXPECT_EQ(c->post("/api/activation/codes", Json::object()).status, 403) << user;
        EXPECT_EQ(c->post("/api/activation/codes/" + code + "/invalidate", Json::object()).status, 403) << user;
        EXPECT_EQ(c->get("/api/panels/activation/main").status, 403) << user;
        EXPECT_EQ(c->get("/api/menu").body.find("アクティベーションコード管理"), std::string::npos) << user;
    }
    auto menu = admin(a)->get("/api/menu");
    EXPECT_NE(menu.body.find("アクティベーションコード管理"), std::string::npos) << menu.body;
    EXPECT_NE(menu.body.find("マイナ資格確認アプリ管理"), std::string::npos);
    // No session: nothing.
    EXPECT_EQ(host.client()->get("/api/activation/codes").status, 401);
    // A session cannot skip the CSRF token.
    auto c = admin(a);
    c->csrf.clear();
    EXPECT_EQ(c->post("/api/activation/codes", Json::object()).status, 403);
    EXPECT_EQ(list(*admin(a))["total"], 1);
}

}  // namespace
}  // namespace activation_test
