// Partial-name search reads the piece table accounts_name_grams (host schema step 6) instead of LIKE '%…%' over
// every account; deep pages may use keyset paging ("after"). On random names — kanji, katakana, hiragana,
// half-width katakana, ASCII in both cases, full-width letters, LIKE's own % _ \, spaces of both widths — and
// random changes by every writer (register, update, lock, delete, a bulk job, and plain SQL behind the host's back),
// every search through the real route must answer what the old query answers on the same database: the total and
// the page, for every filter alone and combined.
#include "accounts_common.hpp"
#include "host.hpp"
#include "plugins/jobs.hpp"
#include "name_rules.hpp"
#include "storage/sql.hpp"

#include <map>
#include <random>

namespace oqs::test {
namespace {

const std::vector<std::string> kPieces = {"山", "田", "花", "子", "太", "郎", "髙", "𠮷", "ヤ", "マ", "ダ", "ハ", "ナ",
                                          "コ", "ガ", "や", "ま", "だ", "ﾔ",  "ﾏ",  "ﾀﾞ", "ｶﾞ", "A",  "a",  "B",  "b",
                                          "z",  "Ｚ", "ａ", "1",  "１", "%",  "_",  "\\", " ",  "　", "ー", "・"};
const std::vector<std::string> kStaff = {"general", "medinfo", "webapi", "linkapp", "face"};

class SearchGrams : public ::testing::Test {
  protected:
    void SetUp() override {
        host.core().stopJobs();
        for (const char* code : {kMedCode, kOtherCode}) {
            host.addInstitution(code, "テスト医院", "medical");
            host.addAccount(code, "admin", "adm01");
            admins[code] = host.loginAs(code, "adm01");
        }
    }

    std::string randomText(int most) {
        std::string s;
        for (int n = 1 + int(rng() % unsigned(most)); n > 0; --n) s += kPieces[rng() % kPieces.size()];
        return s;
    }
    // A needle: usually a piece of a stored name (so it matches), sometimes anything.
    std::string randomNeedle(const std::vector<std::string>& names) {
        if (names.empty() || rng() % 3 == 0) return randomText(3);
        auto c = utf8Chars(names[rng() % names.size()]);
        if (c.empty()) return randomText(2);
        size_t from = rng() % c.size(), len = 1 + rng() % std::min<size_t>(4, c.size() - from);
        std::string out;
        for (size_t i = from; i < from + len; ++i) out += c[i];
        return out;
    }

    // The old query (before the piece table) on the database itself, for the conditions as the route reads them.
    Json oldAnswer(const std::string& code, const std::map<std::string, std::string>& q) {
        oqs::host::Connection c(host.dbPath());
        std::vector<std::string> args{code};
        std::string where =
            " FROM accounts WHERE institution_id = (SELECT id FROM institutions WHERE code = ?) "
            "AND deleted_ms IS NULL AND kind IN (";
        std::vector<std::string> kinds = kStaff;
        if (q.count("kind")) kinds = {q.at("kind")};
        for (size_t i = 0; i < kinds.size(); ++i) {
            where += i ? ",?" : "?";
            args.push_back(kinds[i]);
        }
        where += ")";
        auto like = [](const std::string& s) {
            std::string out = "%";
            for (char ch : s) {
                if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
                out += ch;
            }
            return out + "%";
        };
        if (q.count("user_id")) where += " AND user_id = ?", args.push_back(q.at("user_id"));
        if (q.count("name"))
            where += " AND name LIKE ? ESCAPE '\\'", args.push_back(like(accounts::normaliseName(q.at("name"))));
        if (q.count("kana"))
            where += " AND kana LIKE ? ESCAPE '\\'", args.push_back(like(accounts::normaliseName(q.at("kana"))));
        if (q.count("start_date")) where += " AND start_date = ?", args.push_back(q.at("start_date"));
        if (q.count("end_date")) where += " AND end_date = ?", args.push_back(q.at("end_date"));
        if (q.count("valid")) where += q.at("valid") == "valid" ? " AND valid = 1" : " AND valid = 0";
        if (q.count("locked")) where += q.at("locked") == "locked" ? " AND locked = 1" : " AND locked = 0";
        auto n = c.prepare("SELECT count(*)" + where);
        for (size_t i = 0; i < args.size(); ++i) n.bind(int(i) + 1, args[i]);
        n.step();
        std::string page = where;
        if (q.count("after")) page += " AND user_id > ?", args.push_back(q.at("after"));
        auto s = c.prepare("SELECT user_id" + page + " ORDER BY user_id LIMIT ? OFFSET ?");
        for (size_t i = 0; i < args.size(); ++i) s.bind(int(i) + 1, args[i]);
        s.bind(int(args.size()) + 1, std::stoll(q.count("limit") ? q.at("limit") : "100"));
        s.bind(int(args.size()) + 2, std::stoll(q.count("offset") ? q.at("offset") : "0"));
        Json ids = Json::array();
        while (s.step()) ids.push_back(s.text(0));
        return {{"total", n.i64(0)}, {"ids", ids}};
    }
    Json newAnswer(const std::string& code, const std::map<std::string, std::string>& q) {
        std::string query;
        for (const auto& [k, v] : q) query += (query.empty() ? "" : "&") + k + "=" + urlEncode(v);
        auto r = admins[code]->get("/api/accounts/accounts?" + query);
        EXPECT_EQ(r.status, 200) << query << " " << r.body;
        Json ids = Json::array();
        for (const auto& row : r.json["rows"]) ids.push_back(row["user_id"]);
        return {{"total", r.json["total"]}, {"ids", ids}};
    }

    // One random search: a partial name and/or kana most of the time, and any other filters.
    std::map<std::string, std::string> randomQuery(const std::vector<std::string>& names,
                                                   const std::vector<std::string>& kanas,
                                                   const std::vector<std::string>& ids) {
        std::map<std::string, std::string> q;
        int needles = int(rng() % 4);  // none, name, kana, both
        if (needles & 1) q["name"] = randomNeedle(names);
        if (needles & 2) q["kana"] = randomNeedle(kanas);
        if (rng() % 4 == 0) q["kind"] = kStaff[rng() % 4];
        if (rng() % 4 == 0) q["valid"] = rng() % 2 ? "valid" : "invalid";
        if (rng() % 5 == 0) q["locked"] = rng() % 2 ? "locked" : "none";
        if (rng() % 6 == 0) q["start_date"] = rng() % 2 ? "2026-01-01" : "2026-04-01";
        if (rng() % 8 == 0) q["end_date"] = "2027-03-31";
        if (rng() % 10 == 0 && !ids.empty()) q["user_id"] = ids[rng() % ids.size()];
        if (rng() % 3 == 0) q["limit"] = std::to_string(1 + rng() % 7);
        if (rng() % 4 == 0) q["offset"] = std::to_string(rng() % 5);
        if (rng() % 4 == 0 && !ids.empty()) q["after"] = ids[rng() % ids.size()];
        return q;
    }

    TestHost host{{oqs_plugin_entry_accounts()}};
    std::map<std::string, std::unique_ptr<Client>> admins;
    std::mt19937 rng{20261128};
};

TEST_F(SearchGrams, EverySearchAnswersAsTheOldQueryOnRandomNamesAndChanges) {
    auto& core = host.core();
    std::vector<std::string> names, kanas;
    std::map<std::string, std::vector<std::string>> ids;
    int next = 0, compared = 0, nonEmpty = 0, foundByName = 0;
    for (int step = 0; step < 6; ++step) {
        for (const char* code : {kMedCode, kOtherCode}) {
            for (int i = 0; i < 25; ++i) {  // stored as given: the host's search must not depend on the plugin's rules
                std::string id = "s" + std::to_string(next++), name = randomText(6), kana = randomText(8);
                host.addAccount(code, kStaff[rng() % kStaff.size()], id, "Passw0rd!x", name, kana);
                names.push_back(name);
                kanas.push_back(kana);
                ids[code].push_back(id);
            }
            auto lease = core.pool().lease();
            auto inst = core.identity().institutionByCode(*lease, code);
            for (int i = 0; i < 6; ++i) {  // renamed, made invalid, locked, deleted — each through the host
                auto a = core.identity().findAccount(*lease, inst->id, ids[code][rng() % ids[code].size()]);
                if (!a) continue;
                auto after = *a;
                switch (i % 4) {
                    case 0:
                        after.name = randomText(5), names.push_back(after.name);
                        break;
                    case 1:
                        after.kana = randomText(5), after.valid = false, kanas.push_back(after.kana);
                        break;
                    case 2:
                        lease->exec("UPDATE accounts SET locked = 1 WHERE id = ?", a->id);
                        continue;  // as lock()
                    case 3:
                        core.identity().deleteAccount(*lease, *a);
                        continue;
                }
                core.identity().saveAccount(*lease, *a, after);
            }
            // Behind the host's back: plain SQL keeps the pieces in step too (they are kept by triggers).
            lease->exec(
                "UPDATE accounts SET name = name || 'ﾀﾞ', valid = 1 - valid, start_date = '2026-04-01', "
                "end_date = '2027-03-31' WHERE institution_id = ? AND id % 7 = ?",
                inst->id, int64_t(step));
            lease->exec(
                "UPDATE accounts SET kana = 'ＡＢ' || kana, locked = 0 WHERE institution_id = ? AND id % 11 = ?",
                inst->id, int64_t(step));
        }
        if (step % 2 == 1) {  // a bulk job: pending rows stay invisible, then become live together
            std::string file = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n";
            for (int i = 0; i < 5; ++i) {
                std::string id = "b" + std::to_string(next++);
                file += "一般利用者," + id + ",山田　花子,ヤマダ　ハナコ,2026/11/01,\r\n";
                ids[kMedCode].push_back(id);
            }
            ASSERT_EQ(admins[kMedCode]->postRaw("/api/accounts/bulk", file, "text/csv").status, 202);
            core.jobs().drain();
            names.push_back("山田　花子");
            kanas.push_back("ヤマダ　ハナコ");
        }
        for (int i = 0; i < 150; ++i) {
            const char* code = i % 3 ? kMedCode : kOtherCode;
            auto q = randomQuery(names, kanas, ids[code]);
            auto expected = oldAnswer(code, q);
            std::string shown;
            for (const auto& [k, v] : q) shown += k + "=" + v + " ";
            ASSERT_EQ(newAnswer(code, q), expected) << "step " << step << ": " << shown;
            ++compared;
            if (expected["total"].get<int64_t>() > 0) ++nonEmpty;
            if (expected["total"].get<int64_t>() > 0 && (q.count("name") || q.count("kana"))) ++foundByName;
        }
    }
    // Not a vacuous comparison: many searches found something, by partial name or kana too.
    EXPECT_EQ(compared, 900);
    EXPECT_GT(nonEmpty, 350);
    EXPECT_GT(foundByName, 200);
}

// Keyset paging walks every match once, in order, whatever the depth; the total stays the whole search's.
TEST_F(SearchGrams, KeysetPagesWalkEveryMatchOnce) {
    for (int i = 0; i < 40; ++i)
        host.addAccount(kMedCode, "general", "k" + std::to_string(100 + i), "Passw0rd!x",
                        i % 3 ? "山田　太郎" : "佐藤　花子", "ヤマダ　タロウ");
    std::vector<std::string> seen;
    std::string after;
    for (int page = 0; page < 10; ++page) {
        auto r = admins[kMedCode]->get("/api/accounts/accounts?name=" + urlEncode("山田") + "&limit=7" +
                                       (after.empty() ? "" : "&after=" + after));
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.json["total"], 26);
        if (r.json["rows"].empty()) break;
        for (const auto& row : r.json["rows"]) seen.push_back(row["user_id"]);
        after = seen.back();
    }
    ASSERT_EQ(seen.size(), 26u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

// The pieces cover names up to 512 characters, so the host refuses longer ones rather than miss them in a search.
TEST_F(SearchGrams, NamesLongerThanThePieceTableAreRefused) {
    auto lease = host.core().pool().lease();
    auto inst = host.core().identity().institutionByCode(*lease, kMedCode);
    std::string longName;
    for (int i = 0; i < 513; ++i) longName += "山";
    auto r = host.core().identity().createAccount(*lease, *inst, "general", "long1", longName, "ヤ", "2026-01-01",
                                                  std::nullopt, std::string("Passw0rd!x"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "identity.invalid");
    EXPECT_TRUE(r.error().fields.contains("name"));
}

}  // namespace
}  // namespace oqs::test
