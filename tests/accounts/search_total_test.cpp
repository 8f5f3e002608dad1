// The account search's totals come from counters kept by triggers (host schema step 5) instead of a count(*) per
// page. On random registrations, updates, deletions and bulk jobs (one that registers, one that fails and drops
// its pending rows) in two institutions, every answer must equal the old query's: count(*) and the first page
// ordered by user ID, run on the database directly.
#include "accounts_common.hpp"
#include "host.hpp"
#include "plugins/jobs.hpp"
#include "storage/sql.hpp"

#include <algorithm>
#include <map>
#include <random>

namespace oqs::test {
namespace {

// "g0012", "A00013": 3–8 half-width letters and digits, with the prefix a system account's kind requires.
std::string idOf(const std::string& kind, int n) {
    char id[16];
    const char* prefix = kind == "webapi" ? "A0" : kind == "linkapp" ? "R0" : kind == "bulk" ? "b" : "g";
    std::snprintf(id, sizeof id, "%s%04d", prefix, n);
    return id;
}

const std::string kHeader = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n";

class SearchTotal : public ::testing::Test {
  protected:
    void SetUp() override {
        host.core().stopJobs();  // jobs run when the test drains them
        for (const char* code : {kMedCode, kOtherCode}) {
            host.addInstitution(code, "テスト医院", "medical");
            host.addAccount(code, "admin", "adm01");
        }
        admins[kMedCode] = host.loginAs(kMedCode, "adm01");
        admins[kOtherCode] = host.loginAs(kOtherCode, "adm01");
    }
    // The answer the search gave before the counters: the same conditions, counted and listed by the old SQL.
    Json oldAnswer(const std::string& code, const std::string& kindsIn, const std::string& extra) {
        oqs::host::Connection c(host.dbPath());
        std::string where =
            " FROM accounts a JOIN institutions i ON i.id = a.institution_id WHERE i.code = ? AND "
            "a.deleted_ms IS NULL AND a.kind IN (" +
            kindsIn + ")" + extra;
        auto n = c.prepare("SELECT count(*)" + where);
        n.bind(1, code);
        n.step();
        Json ids = Json::array();
        auto s = c.prepare("SELECT a.user_id" + where + " ORDER BY a.user_id LIMIT 100");
        s.bind(1, code);
        while (s.step()) ids.push_back(s.text(0));
        return {{"total", n.i64(0)}, {"ids", ids}};
    }
    Json newAnswer(const std::string& code, const std::string& query) {
        auto r = admins[code]->get("/api/accounts/accounts?" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        Json ids = Json::array();
        for (const auto& row : r.json["rows"]) ids.push_back(row["user_id"]);
        return {{"total", r.json["total"]}, {"ids", ids}};
    }
    void compareAll(int step) {
        const std::string staff = "'general','medinfo','webapi','linkapp','face'";
        for (const char* code : {kMedCode, kOtherCode}) {
            SCOPED_TRACE(std::string(code) + " after step " + std::to_string(step));
            EXPECT_EQ(newAnswer(code, "kind=all"), oldAnswer(code, staff, ""));
            for (const char* kind : {"general", "medinfo", "webapi", "linkapp"})
                EXPECT_EQ(newAnswer(code, std::string("kind=") + kind),
                          oldAnswer(code, std::string("'") + kind + "'", ""));
            EXPECT_EQ(newAnswer(code, "valid=invalid"), oldAnswer(code, staff, " AND a.valid = 0"));
        }
    }
    TestHost host{{oqs_plugin_entry_accounts()}};
    std::map<std::string, std::unique_ptr<Client>> admins;
};

TEST_F(SearchTotal, TotalsAndFirstPagesMatchTheOldQueryOnRandomChanges) {
    std::mt19937 rng(20261128);
    const std::vector<std::string> kinds = {"general", "medinfo", "webapi", "linkapp"};
    std::map<std::string, std::vector<std::string>> live;  // per institution, IDs registered and not deleted
    int next = 0;
    for (int step = 0; step < 12; ++step) {
        for (const char* code : {kMedCode, kOtherCode}) {
            auto& admin = *admins[code];
            auto& ids = live[code];
            for (int i = 0; i < 6; ++i) {
                const std::string& kind = kinds[rng() % kinds.size()];
                std::string id = idOf(kind, next++);
                auto r = admin.post("/api/accounts/accounts", newAccount(kind, id));
                ASSERT_EQ(r.status, 201) << r.body;
                ids.push_back(id);
            }
            for (int i = 0; i < 2 && !ids.empty(); ++i) {  // one made invalid, one deleted, at random
                std::string id = ids[rng() % ids.size()];
                ASSERT_EQ(admin.patch("/api/accounts/accounts/" + id, {{"valid", false}}).status, 200);
                size_t gone = rng() % ids.size();
                ASSERT_EQ(admin.del("/api/accounts/accounts/" + ids[gone]).status, 200);
                ids.erase(ids.begin() + static_cast<long>(gone));
            }
        }
        if (step % 4 == 1) {  // a bulk job that registers (one row a duplicate): pending rows become live at once
            auto& med = live[kMedCode];
            auto staff = std::find_if(med.begin(), med.end(), [](const std::string& id) { return id[0] == 'g'; });
            ASSERT_NE(staff, med.end());
            std::string file = kHeader + "一般利用者," + *staff + ",山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n";
            for (int i = 0; i < 5; ++i)
                file += "一般利用者," + idOf("bulk", next++) + ",山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n";
            ASSERT_EQ(admins[kMedCode]->postRaw("/api/accounts/bulk", file, "text/csv").status, 202);
            host.core().jobs().drain();
            EXPECT_EQ(admins[kMedCode]->get("/api/accounts/bulk").json["rows"][0]["status"],
                      "登録完了(一部ID重複あり)");
        }
        if (step % 4 == 3) {  // a bulk job that fails on its last row (an invalid user ID): nothing of it may count
            std::string file = kHeader + "一般利用者," + idOf("bulk", next++) +
                               ",山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n" +
                               "一般利用者,x-1,山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n";
            ASSERT_EQ(admins[kMedCode]->postRaw("/api/accounts/bulk", file, "text/csv").status, 202);
            host.core().jobs().drain();
        }
        if (step % 4 == 3) {
            EXPECT_EQ(admins[kMedCode]->get("/api/accounts/bulk").json["rows"][0]["status"],
                      "登録失敗(入力チェックエラー)");
        }
        compareAll(step);
    }
    // Not a vacuous comparison: both institutions hold accounts, some invalid, and the bulk rows are counted.
    auto all = newAnswer(kMedCode, "kind=all");
    EXPECT_GT(all["total"].get<int64_t>(), 48 + 10);  // 4 a step stay, and the bulk rows
    EXPECT_GT(newAnswer(kMedCode, "valid=invalid")["total"].get<int64_t>(), 0);
    EXPECT_GE(newAnswer(kOtherCode, "kind=all")["total"].get<int64_t>(), 48);
}

}  // namespace
}  // namespace oqs::test
