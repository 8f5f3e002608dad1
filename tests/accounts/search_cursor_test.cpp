// The search answer's cursor (`next`, oqs/panel.hpp table): a client that follows it from page to page with
// after=<next> must see every matching account exactly once, in the list's order (user ID), and page for page the
// rows offset paging shows — whatever the conditions (each kind of name search reads another index), the page size,
// mixed-case IDs (BINARY order: upper case first) and names shared by many accounts.
#include "accounts_common.hpp"

#include <algorithm>
#include <random>

namespace oqs::test {
namespace {

class SearchCursor : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addAccount(kMedCode, "admin", "adm01");
        admin = host.loginAs(kMedCode, "adm01");
        // Registered out of order; three names only, so most share theirs with many others.
        std::vector<std::string> ids;
        for (int i = 0; i < 23; ++i)
            for (const char* prefix : {"b", "B", "z", "Z0", "m1"}) ids.push_back(prefix + std::to_string(100 + i * 3));
        std::shuffle(ids.begin(), ids.end(), std::mt19937(18));
        const char* names[][2] = {
            {"山田　太郎", "ヤマダ　タロウ"}, {"山田　花子", "ヤマダ　ハナコ"}, {"佐藤　一", "サトウ　ハジメ"}};
        for (size_t i = 0; i < ids.size(); ++i)
            host.addAccount(kMedCode, i % 4 ? "general" : "medinfo", ids[i], "Passw0rd!x", names[i % 3][0],
                            names[i % 3][1]);
    }

    Json get(const std::string& query) {
        auto r = admin->get("/api/accounts/accounts?" + query);
        EXPECT_EQ(r.status, 200) << query << " " << r.body;
        return r.json;
    }
    static void collect(const Json& answer, std::vector<std::string>& into) {
        for (const auto& row : answer["rows"]) into.push_back(row["user_id"]);
    }

    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> admin;
};

TEST_F(SearchCursor, WalkingByTheCursorGivesEveryAccountOnceAsOffsetPagingDoes) {
    const std::vector<std::string> conditions = {
        "",
        "kind=general&",
        "name=" + urlEncode("山田") + "&",    // 2 characters: one piece, already in user-ID order
        "name=" + urlEncode("山") + "&",      // 1 character: a range of pieces
        "name=" + urlEncode("田　花") + "&",  // 3 characters: the rarest piece, then LIKE
        "kana=" + urlEncode("ヤマダ") + "&kind=medinfo&",
    };
    for (const auto& c : conditions)
        for (int limit : {1, 7, 100}) {
            SCOPED_TRACE(c + "limit=" + std::to_string(limit));
            const std::string lim = "limit=" + std::to_string(limit);
            // By offset, as the client paged before.
            std::vector<std::string> byOffset;
            const Json first = get(c + "offset=0&" + lim);
            const int64_t total = first["total"];
            ASSERT_GT(total, 0);
            for (int64_t offset = 0; offset < total; offset += limit)
                collect(get(c + "offset=" + std::to_string(offset) + "&" + lim), byOffset);
            // By cursor: the first page, then after=<next> while an answer gives one.
            std::vector<std::string> byCursor;
            Json page = first;
            int pages = 0;
            for (;;) {
                ASSERT_LE(++pages, total + 1) << "the cursor must move on";
                collect(page, byCursor);
                EXPECT_EQ(page["total"], total) << "total counts every match on every page";
                if (!page.contains("next")) break;
                EXPECT_EQ(page["rows"].size(), size_t(limit)) << "a cursor only after a full page";
                EXPECT_EQ(page["next"], page["rows"].back()["user_id"]);
                // Page for page what offset paging shows at the same position.
                const size_t at = byCursor.size();
                page = get(c + "after=" + urlEncode(page["next"].get<std::string>()) + "&" + lim);
                std::vector<std::string> here, there;
                collect(page, here);
                there.assign(byOffset.begin() + std::min(at, byOffset.size()),
                             byOffset.begin() + std::min(at + size_t(limit), byOffset.size()));
                EXPECT_EQ(here, there) << "the page at " << at;
            }
            EXPECT_EQ(byCursor, byOffset);
            EXPECT_EQ(int64_t(byCursor.size()), total);
            EXPECT_TRUE(std::is_sorted(byCursor.begin(), byCursor.end())) << "user-ID order";
            EXPECT_EQ(std::adjacent_find(byCursor.begin(), byCursor.end()), byCursor.end()) << "each account once";
        }
}

}  // namespace
}  // namespace oqs::test
