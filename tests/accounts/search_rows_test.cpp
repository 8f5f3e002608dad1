// The search list's answer is written from account.search's rows (ABI 1.3 ctx.rows) instead of its JSON (issue 18,
// item 2). On random accounts of two institutions — every kind, valid and locked or not, open or closed, initial
// password or not, deleted ones, names that need escaping — and random searches of every kind (plain, kind, user
// ID, name and kana, valid, locked, dates, after, offset, limit), for each caller who may search, the route's body
// must be byte for byte the answer the route built before from account.search's JSON (accountRow per account, the
// cursor after a full page, the message when none matches); another institution's accounts never appear and a
// caller never sees a kind outside its scope (SPEC.md §2.2.3).
#include "accounts.hpp"
#include "accounts_common.hpp"
#include "host.hpp"
#include "messages.hpp"
#include "plugins/host_api.hpp"
#include "search_query.hpp"
#include "storage/sql.hpp"

#include <map>
#include <random>
#include <set>

namespace oqs::test {
namespace {

const std::vector<std::string> kKinds = {"master",  "master_reset", "admin",   "general",
                                         "medinfo", "webapi",       "linkapp", "face"};
const std::vector<std::string> kSurnames = {"山田", "佐藤", "田中", "山本", "髙橋", "Abc", "ab_c%", "x\"y\\z"};
const std::vector<std::string> kGiven = {"太郎", "花子", "一", "ﾊﾅｺ", "a\tb", "\xff壊"};
const std::vector<std::string> kKanas = {"ヤマダ", "サトウ", "タナカ", "ﾔﾏﾓﾄ", "ハナコ", "タロウ"};
// Who may search (SPEC.md §2.2.3): each sees exactly these kinds.
const std::map<std::string, std::set<std::string>> kScope = {
    {"master", {"admin"}},
    {"master_reset", {"master"}},
    {"admin", {"general", "medinfo", "webapi", "linkapp", "face"}},
};

class SearchRows : public ::testing::Test {
  protected:
    void SetUp() override {
        host.core().stopJobs();
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addInstitution(kOtherCode, "他院", "medical");
        for (const auto& [kind, scope] : kScope) {
            host.addAccount(kMedCode, kind, callerId(kind));
            callers[kind] = host.loginAs(kMedCode, callerId(kind));
        }
        seed();
    }
    static std::string callerId(const std::string& kind) {
        return kind == "master" ? "cmaster" : kind == "master_reset" ? "cmreset" : "cadmin";
    }

    // Accounts written straight into the table (the triggers keep the name pieces and counters in step): the same
    // user IDs in both institutions, the other's names all starting with 他, which no name here holds.
    void seed() {
        oqs::host::Connection c(host.dbPath());
        for (int i = 0; i < 400; ++i) {
            const char* prefixes[] = {"b", "B", "z", "Z0", "m1"};
            const std::string id = prefixes[rng() % 5] + std::to_string(100 + rng() % 900);
            const std::string kind = kKinds[rng() % kKinds.size()];
            const std::string name = kSurnames[rng() % kSurnames.size()] + "　" + kGiven[rng() % kGiven.size()];
            const std::string kana = kKanas[rng() % kKanas.size()] + " " + kKanas[rng() % kKanas.size()];
            const std::string start = "2026-0" + std::to_string(1 + rng() % 3) + "-01";
            const bool open = rng() % 2 != 0;
            const std::string end = "2027-0" + std::to_string(1 + rng() % 2) + "-28";
            for (const char* code : {kMedCode, kOtherCode}) {
                auto s = c.prepare(
                    "INSERT OR IGNORE INTO accounts(institution_id, user_id, kind, name, kana, valid, locked, "
                    "start_date, end_date, password_hash, password_initial, password_set_ms, deleted_ms, created_ms, "
                    "updated_ms) SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, 'x', ?, 0, ?, 0, 0 FROM institutions WHERE code = "
                    "?");
                const bool here = code == std::string(kMedCode);
                s.bindAll(id, kind, here ? name : "他" + name, kana, rng() % 4 != 0, rng() % 5 == 0, start,
                          open ? std::optional<std::string>() : std::optional(end), rng() % 3 == 0,
                          rng() % 10 == 0 ? std::optional<int64_t>(1) : std::nullopt, std::string(code));
                s.step();
                if (here) {
                    ids.push_back(id);
                    names.push_back(name);
                }
            }
        }
    }

    std::string pick(const std::vector<std::string>& from) { return from[rng() % from.size()]; }
    // A needle: a piece of a stored name or kana (so it matches), the other institution's mark, or anything.
    std::string needle(const std::vector<std::string>& from) {
        if (rng() % 8 == 0) return "他";
        auto c = utf8Chars(pick(from));
        size_t at = rng() % c.size(), len = 1 + rng() % std::min<size_t>(3, c.size() - at);
        std::string out;
        for (size_t i = at; i < at + len; ++i) out += c[i];
        return out.find('\xff') == std::string::npos ? out : "壊";  // the host refuses a query that is not UTF-8
    }
    // Random conditions as the route's query carries them (every value a string).
    std::map<std::string, std::string> randomQuery() {
        std::map<std::string, std::string> q;
        if (rng() % 3 == 0) q["kind"] = rng() % 4 == 0 ? "all" : pick(kKinds);
        if (rng() % 10 == 0) q["user_id"] = rng() % 4 == 0 ? "nobody" : pick(ids);
        if (rng() % 3 == 0) q["name"] = needle(names);
        if (rng() % 4 == 0) q["kana"] = needle(kKanas);
        if (rng() % 3 == 0) q["valid"] = pick({"all", "valid", "invalid"});
        if (rng() % 3 == 0) q["locked"] = pick({"all", "none", "locked"});
        if (rng() % 8 == 0) q["start_date"] = "2026/0" + std::to_string(1 + rng() % 3) + "/01";
        if (rng() % 8 == 0) q["end_date"] = "2027-0" + std::to_string(1 + rng() % 2) + "-28";
        if (rng() % 3 == 0) q["after"] = rng() % 5 == 0 ? "m" : pick(ids);
        if (rng() % 6 == 0) q["offset"] = std::to_string(rng() % 40);
        if (rng() % 2 == 0) q["limit"] = pick({"1", "2", "7", "50", "100", "1000"});
        return q;
    }

    // The route's answer before issue 18's rows, from account.search's JSON as the same caller: the body the
    // route wrote (Response::json), or "" when the conditions are refused before the host is asked.
    std::string oldBody(const std::string& kind, const Json& query) {
        auto in = accounts::searchInput(query, "ja");
        if (!in) return "";
        auto lease = host.core().pool().lease();
        auto& identity = host.core().identity();
        oqs::host::Caller who;
        who.institution = identity.institutionByCode(*lease, kMedCode);
        who.account = identity.findAccount(*lease, who.institution->id, callerId(kind));
        oqs_ctx ctx(host.core(), *lease, nullptr, who);
        auto found = oqs::host::runOperation(ctx, "account.search", *in);
        EXPECT_TRUE(found.ok()) << query.dump();
        if (!found) return "";
        Json rows = Json::array();
        for (const auto& a : (*found)["rows"]) rows.push_back(accounts::accountRow(a));
        Json answer{{"rows", rows}, {"total", (*found)["total"]}};
        if (!rows.empty() && static_cast<int64_t>(rows.size()) == (*in)["limit"].get<int64_t>())
            answer["next"] = rows.back()["user_id"];
        if (rows.empty()) answer["message"] = accounts::label("search.none");
        return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
    }

    TestHost host{{oqs_plugin_entry_accounts()}};
    std::map<std::string, std::unique_ptr<Client>> callers;
    std::vector<std::string> ids, names;
    std::mt19937 rng{18};
};

TEST_F(SearchRows, TheAnswerIsByteForByteTheOneBuiltFromTheJsonOperation) {
    int compared = 0, nonEmpty = 0, withCursor = 0, pastTheEnd = 0;
    for (int round = 0; round < 300; ++round)
        for (const auto& [kind, scope] : kScope) {
            const auto q = randomQuery();
            std::string url = "/api/accounts/accounts?";
            Json query = Json::object();
            for (const auto& [k, v] : q) {
                url += k + "=" + urlEncode(v) + "&";
                query[k] = v;
            }
            SCOPED_TRACE(kind + " " + url);
            const std::string expected = oldBody(kind, query);
            auto reply = callers[kind]->get(url);
            if (expected.empty()) {
                EXPECT_EQ(reply.status, 400);
                continue;
            }
            ASSERT_EQ(reply.status, 200) << reply.body;
            EXPECT_EQ(reply.body, expected);
            ++compared;
            const Json& answer = reply.json;
            nonEmpty += !answer["rows"].empty();
            withCursor += answer.contains("next");
            pastTheEnd += answer["rows"].empty() && answer["total"].get<int64_t>() > 0;
            for (const auto& row : answer["rows"]) {
                EXPECT_TRUE(scope.count(row["kind"].get<std::string>())) << row.dump();
                EXPECT_EQ(row["name"].get<std::string>().find("他"), std::string::npos) << row.dump();
            }
        }
    // The random searches cover what they must: answers with rows, full pages, and empty pages past the last match
    // (the rows form's one row that carries only the total).
    EXPECT_GT(compared, 700);
    EXPECT_GT(nonEmpty, 300);
    EXPECT_GT(withCursor, 50);
    EXPECT_GT(pastTheEnd, 5);
}

// Stored names that need escaping in JSON (quotes, backslashes, control characters, bytes that are not UTF-8) are
// written as nlohmann::json writes them, whoever lists them.
TEST_F(SearchRows, NamesThatNeedEscapingAreWrittenAsBefore) {
    for (const auto& [kind, scope] : kScope) {
        SCOPED_TRACE(kind);
        auto reply = callers[kind]->get("/api/accounts/accounts?limit=1000");
        ASSERT_EQ(reply.status, 200);
        EXPECT_EQ(reply.body, oldBody(kind, Json{{"limit", "1000"}}));
        if (kind != "admin") continue;
        for (const char* written : {R"(x\"y\\z)", R"(a\tb)", "\xef\xbf\xbd"})
            EXPECT_NE(reply.body.find(written), std::string::npos) << written;
    }
}

}  // namespace
}  // namespace oqs::test
