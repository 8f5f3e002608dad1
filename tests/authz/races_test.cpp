// Races (issue 19, item 3): every "at most one" and "count" rule of the shipped plugins and the host, met by N
// requests sent at the same moment to a real host — the lock threshold, one bulk upload per institution, unique
// activation codes and reception URLs, and the insured numbers of testdata ③ registrations. The accepted answers
// under contention are the rule's own refusal or a clean 503 host.busy; never a duplicate, never a 500.
#include "test_host.hpp"

#include "host.hpp"
#include "http/login_throttle.hpp"
#include "storage/sql.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <latch>
#include <map>
#include <set>
#include <thread>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_testdata(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_mynaurl(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_activation(void);

using namespace oqs::test;

namespace {

constexpr const char* kPassword = "Passw0rd!x";

// Runs fn(i) for i in [0, n) on n threads released together.
template <class Fn>
void atOnce(int n, Fn fn) {
    std::latch go(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            go.arrive_and_wait();
            fn(i);
        });
    for (auto& t : threads) t.join();
}

std::map<int, int> tally(const std::vector<Reply>& replies) {
    std::map<int, int> out;
    for (const auto& r : replies) ++out[r.status];
    return out;
}
std::string show(const std::map<int, int>& t) {
    std::string out;
    for (auto [s, n] : t) out += std::to_string(s) + "×" + std::to_string(n) + " ";
    return out;
}

Options options(int workers, int busyTimeoutMs) {
    Options o;
    o.environment = "verification";
    o.workers = workers;
    o.busyTimeoutMs = busyTimeoutMs;
    return o;
}

// Each race runs twice: with the host's busy timeout (10 s: everyone waits their turn) and with 1 ms, so that
// the losers of the write lock take the 503 path — which must be as clean as the winners' path.
class Races : public ::testing::TestWithParam<int> {
  protected:
    explicit Races(int workers = 2)
        : host({oqs_plugin_entry_settings(), oqs_plugin_entry_accounts(), oqs_plugin_entry_testdata(),
                oqs_plugin_entry_mynaurl(), oqs_plugin_entry_activation()},
               options(workers, GetParam())) {}
    bool patient() const { return GetParam() >= 1000; }
    static bool busy(const Reply& r) { return r.status == 503 && r.errorCode() == "host.busy"; }

    // An institution with an administrator "adm01" whose two remote services are switched on.
    std::string institution(const std::string& name = "テスト医院") {
        std::string code = "131" + std::to_string(1000000 + ++m_serial);
        host.addInstitution(code, name, "medical");
        host.addAccount(code, "admin", "adm01", kPassword);
        auto r = host.loginAs(code, "adm01", kPassword)
                     ->patch("/api/settings/values", {{"settings.home_visit", "use"},
                                                      {"accept_terms.settings.home_visit", true},
                                                      {"settings.online", "use"},
                                                      {"accept_terms.settings.online", true}});
        EXPECT_EQ(r.status, 200) << r.body;  // the save ends the institution's sessions: log in afterwards
        return code;
    }
    // n clients of one session (one login, as a browser with many tabs).
    std::vector<std::unique_ptr<Client>> sessions(const std::string& code, int n, const std::string& user = "adm01") {
        auto first = host.loginAs(code, user, kPassword);
        std::vector<std::unique_ptr<Client>> out;
        for (int i = 0; i < n; ++i) {
            out.push_back(host.client());
            out.back()->cookie = first->cookie;
            out.back()->csrf = first->csrf;
        }
        return out;
    }
    int64_t count(const std::string& sql, const std::string& arg) {
        oqs::host::Connection db(host.dbPath());
        auto s = db.prepare(sql);
        s.bind(1, arg);
        return s.step() ? s.i64(0) : -1;
    }
    int64_t audits(const std::string& code, const std::string& action) {
        oqs::host::Connection db(host.dbPath());
        auto s = db.prepare("SELECT count(*) FROM audit WHERE institution = ? AND action = ?");
        s.bindAll(code, action);
        return s.step() ? s.i64(0) : -1;
    }

    TestHost host;

  private:
    int m_serial = 0;
};

// Wrong passwords by the console login and by HTTP Basic (a credential route) at the same moment share the one
// count: 4 answered "wrong", the 5th locks, everything after is told "locked" untried.
TEST_P(Races, TheLockCountsConsoleAndDeviceGuessesAlike) {
    const std::string code = institution();
    host.addAccount(code, "medinfo", "med01", kPassword);  // may log in and may call POST /api/viewing/events
    constexpr int kEach = 12;  // 24 failures stay under the address throttle (30 a minute), so only the lock speaks
    std::vector<Reply> replies(2 * kEach);
    atOnce(2 * kEach, [&](int i) {
        if (i % 2 == 0) {
            replies[i] = host.client()->login(code, "med01", "Wrong0000");
            return;
        }
        httplib::Client cli("127.0.0.1", host.port());
        auto r = cli.Post("/api/viewing/events", {{"Authorization", basicAuth(code + "/med01", "Wrong0000")}},
                          R"({"events":[]})", "application/json");
        replies[i].status = r ? r->status : 0;
        if (r) replies[i].json = Json::parse(r->body, nullptr, false);
    });
    if (patient()) {
        EXPECT_EQ(tally(replies), (std::map<int, int>{{401, 4}, {423, 2 * kEach - 4}})) << show(tally(replies));
        EXPECT_EQ(count("SELECT failed_count FROM accounts WHERE user_id = ?", "med01"), 5);  // a slot a password tried
        EXPECT_EQ(count("SELECT locked FROM accounts WHERE user_id = ?", "med01"), 1);
    } else {  // some attempts found the database busy (503, not counted); never more passwords tried than the slots
        for (const auto& r : replies) EXPECT_TRUE(r.status == 401 || r.status == 423 || busy(r)) << r.status;
        EXPECT_LE(tally(replies)[401], 4) << show(tally(replies));
        const int64_t failed = count("SELECT failed_count FROM accounts WHERE user_id = ?", "med01");
        EXPECT_LE(failed, 5);
        EXPECT_EQ(count("SELECT locked FROM accounts WHERE user_id = ?", "med01"), failed == 5 ? 1 : 0);
        if (failed < 5) return;  // not locked: the checks below are the patient run's
    }
    // The right password meets the lock by either door.
    EXPECT_EQ(host.client()->login(code, "med01", kPassword).errorCode(), "session.locked");
    httplib::Client cli("127.0.0.1", host.port());
    auto r = cli.Post("/api/viewing/events", {{"Authorization", basicAuth(code + "/med01", kPassword)}},
                      R"({"events":[]})", "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 423);
}

// The per-address throttle (30 failed logins a minute) meets a spray: one wrong password for each of 60 accounts
// from one address at the same moment. Sent one by one, the 31st is refused untried (429); sent at once, no more
// passwords may be tried — each attempt takes its place in the address's count before its password is verified.
TEST_P(Races, AnAddressSprayingAccountsAtOnceIsThrottledAsOneByOne) {
    const std::string code = institution();
    constexpr int kAccounts = 60;
    for (int i = 0; i < kAccounts; ++i) host.addAccount(code, "general", "sp" + std::to_string(i), kPassword);
    std::vector<Reply> replies(kAccounts);
    atOnce(kAccounts, [&](int i) {
        if (i % 2 == 0) {
            replies[i] = host.client()->login(code, "sp" + std::to_string(i), "Wrong0000");
            return;
        }
        httplib::Client cli("127.0.0.1", host.port());  // a device's door counts for the same address
        auto r = cli.Post("/api/viewing/events",
                          {{"Authorization", basicAuth(code + "/sp" + std::to_string(i), "Wrong0000")}},
                          R"({"events":[]})", "application/json");
        replies[i].status = r ? r->status : 0;
        if (r) replies[i].json = Json::parse(r->body, nullptr, false);
    });
    auto t = tally(replies);
    for (const auto& r : replies) EXPECT_TRUE(r.status == 401 || r.status == 429 || busy(r)) << r.status;
    EXPECT_LE(t[401], int(oqs::host::LoginThrottle::kLimit)) << "passwords tried past the address's limit: " << show(t);
    EXPECT_LE(count("SELECT sum(failed_count) FROM accounts a JOIN institutions i ON i.id = a.institution_id "
                    "WHERE i.code = ?",
                    code),
              int64_t(oqs::host::LoginThrottle::kLimit));
    if (patient()) {
        EXPECT_EQ(t[429], kAccounts - int(oqs::host::LoginThrottle::kLimit)) << show(t);
    }
    std::printf("[ figure ] %d wrong passwords for %d accounts at once from one address: %s\n", kAccounts, kAccounts,
                show(t).c_str());
}

// Registrations of testdata ③ number each insured family with the next number of the institution: 20 at once
// must give 20 different families (or a clean 503), never the same insured number twice, never a 500.
TEST_P(Races, TestdataRegistrationsAtOnceNeverShareAnInsuredNumber) {
    const std::string code = institution();
    constexpr int kN = 20;
    auto clients = sessions(code, kN);
    std::vector<Reply> replies(kN);
    atOnce(kN, [&](int i) {
        replies[i] =
            clients[i]->post("/api/testdata/records", {{"category", "testdata.insured_number"}, {"type", "1"}});
    });
    int ok = 0;
    std::set<std::string> numbers;
    for (const auto& r : replies) {
        ASSERT_TRUE(r.status == 200 || busy(r)) << r.status << " " << r.body;
        if (r.status != 200) continue;
        ++ok;
        EXPECT_TRUE(numbers.insert(r.json["added"][0]["number"].get<std::string>()).second) << r.body;
    }
    EXPECT_GE(ok, 1);
    std::printf("[ figure ] %d concurrent registrations: %s\n", kN, show(tally(replies)).c_str());
    EXPECT_EQ(count("SELECT count(*) FROM testdata_records WHERE institution = ?", code), 3 * ok);
    EXPECT_EQ(count("SELECT count(DISTINCT insurer_number || '/' || symbol || '/' || number || '/' || branch) "
                    "FROM testdata_records WHERE institution = ?",
                    code),
              3 * ok);
    EXPECT_EQ(count("SELECT count(DISTINCT seq) FROM testdata_records WHERE institution = ?", code), ok);
    EXPECT_EQ(audits(code, "testdata.records_registered"), ok);
}

// A user ID is an institution's once: ten screens registering the same new ID at the same moment make one account,
// the others are told it is taken. A test card's serial is linked once however many times it is linked at once.
TEST_P(Races, OneAccountPerUserIdAndOneLinkPerSerial) {
    const std::string code = institution();
    constexpr int kN = 10;
    auto clients = sessions(code, kN);
    std::vector<Reply> replies(kN);
    atOnce(kN, [&](int i) {
        replies[i] = clients[i]->post("/api/accounts/accounts", {{"kind", "general"},
                                                                 {"user_id", "same01"},
                                                                 {"name", "同時　太郎"},
                                                                 {"kana", "ドウジ　タロウ"},
                                                                 {"start_date", "2026/11/25"}});
    });
    auto t = tally(replies);
    for (const auto& r : replies)
        EXPECT_TRUE(r.status == 201 || (r.status == 409 && r.errorCode() == "accounts.user_id.taken") || busy(r))
            << r.status << " " << r.body;
    if (patient()) {
        EXPECT_EQ(t[201], 1) << show(t);
    }
    EXPECT_EQ(count("SELECT count(*) FROM accounts WHERE user_id = ?", "same01"), t[201]);
    EXPECT_EQ(audits(code, "identity.account.create"), t[201]);

    atOnce(kN, [&](int i) {
        replies[i] =
            clients[i]->post("/api/testdata/links", {{"serial", "123456789"}, {"type", std::to_string(1 + i % 3)}});
    });
    int linked = 0;
    for (const auto& r : replies) {
        EXPECT_TRUE(r.status == 200 || busy(r)) << r.status << " " << r.body;
        linked += r.status == 200;
    }
    EXPECT_EQ(count("SELECT count(*) FROM testdata_links WHERE serial = ?", "123456789"), linked > 0 ? 1 : 0);
}

// One password changed from several tabs at the same moment, each to a password of its own: the hashing runs
// outside the write lock, so all of them verify the same current password — but only the first to store its hash
// wins; the others are told their current password is wrong. Afterwards exactly the winner's password logs in.
TEST_P(Races, APasswordChangedInSeveralTabsAtOnceChangesOnce) {
    const std::string code = institution();
    constexpr int kN = 4;  // the checks below then try at most 4 wrong passwords: the 5th would lock
    auto clients = sessions(code, kN);
    std::vector<Reply> replies(kN);
    auto mine = [](int i) { return "Chg0ver" + std::to_string(i); };
    atOnce(kN, [&](int i) {
        replies[i] =
            clients[i]->post("/api/session/password", {{"current_password", kPassword}, {"new_password", mine(i)}});
    });
    auto t = tally(replies);
    int winner = -1;
    for (int i = 0; i < kN; ++i) {
        const auto& r = replies[i];
        EXPECT_TRUE(r.status == 200 || (r.status == 400 && r.errorCode() == "password.current_wrong") || busy(r))
            << r.status << " " << r.body;
        if (r.status == 200) winner = i;
    }
    if (patient()) {
        EXPECT_EQ(t[200], 1) << show(t);
    }
    ASSERT_LE(t[200], 1) << show(t);
    EXPECT_EQ(audits(code, "session.password_change"), t[200]);
    // Only the winner's password logs in; the old one only if nobody won.
    if (winner >= 0) {
        EXPECT_EQ(host.client()->login(code, "adm01", mine(winner)).status, 200);
    }
    EXPECT_EQ(host.client()->login(code, "adm01", kPassword).status, winner < 0 ? 200 : 401);
    for (int i = 0; i < kN; ++i) {
        if (i != winner) {
            EXPECT_EQ(host.client()->login(code, "adm01", mine(i)).status, 401) << mine(i);
        }
    }
}

// Activation codes issued at the same moment by 20 administrators of 4 institutions are all different, and one
// code registered by several devices at once is registered once.
TEST_P(Races, ActivationCodesAtOnceAreUniqueAndRegisterOnce) {
    std::vector<std::string> codes;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 4; ++i) {
        codes.push_back(institution());
        for (auto& c : sessions(codes.back(), 5)) clients.push_back(std::move(c));
    }
    constexpr int kEach = 10;
    std::vector<std::vector<std::string>> issued(clients.size());
    atOnce(int(clients.size()), [&](int i) {
        for (int k = 0; k < kEach; ++k) {
            auto r = clients[i]->post("/api/activation/codes", {{"memo", "t" + std::to_string(i)}});
            if (r.status == 201) {
                issued[i].push_back(r.json["code"]);
            } else {
                EXPECT_TRUE(busy(r)) << r.status << " " << r.body;
            }
        }
    });
    std::set<std::string> all;
    size_t total = 0;
    for (const auto& v : issued) {
        total += v.size();
        all.insert(v.begin(), v.end());
    }
    EXPECT_EQ(all.size(), total);
    if (patient()) {
        EXPECT_EQ(total, clients.size() * kEach);
    } else {
        EXPECT_GE(total, 1u);
    }
    int64_t rows = 0;
    for (const auto& c : codes) rows += count("SELECT count(*) FROM activation_codes WHERE institution = ?", c);
    EXPECT_EQ(rows, int64_t(total));

    // One code, five devices (five accounts, so no account's own lock interferes) at once: one registration.
    const std::string inst = codes[0];
    for (int i = 0; i < 5; ++i) host.addAccount(inst, "general", "dev0" + std::to_string(i), kPassword);
    std::string code;  // one of the first institution's codes (its clients are the first five)
    for (int i = 0; i < 5 && code.empty(); ++i)
        if (!issued[i].empty()) code = issued[i].front();
    ASSERT_FALSE(code.empty());
    std::vector<Reply> regs(5);
    atOnce(5, [&](int i) {
        httplib::Client cli("127.0.0.1", host.port());
        Json body{{"activation_code", code}, {"device_name", "端末" + std::to_string(i)}};
        auto r = cli.Post("/api/activation/devices",
                          {{"Authorization", basicAuth(inst + "/dev0" + std::to_string(i), kPassword)}}, body.dump(),
                          "application/json");
        regs[i].status = r ? r->status : 0;
        if (r) regs[i].json = Json::parse(r->body, nullptr, false);
    });
    auto t = tally(regs);
    if (patient()) {
        EXPECT_EQ(t[201], 1) << show(t);
    } else {
        EXPECT_LE(t[201], 1) << show(t);
    }
    for (const auto& r : regs)
        EXPECT_TRUE(r.status == 201 || r.status == 403 || r.status == 429 || busy(r)) << r.status;
    EXPECT_EQ(count("SELECT count(*) FROM activation_codes WHERE code = ? AND registered_ms IS NOT NULL", code),
              t[201]);
}

// Reception URLs: the first view of an institution's services creates each URL once however many screens open at
// once, and URLs changed at the same moment in ten institutions are all different and each opens its own page.
TEST_P(Races, ReceptionUrlsAreMadeOnceAndNeverShared) {
    constexpr int kInstitutions = 10, kViews = 4;
    std::vector<std::string> codes;
    std::vector<std::unique_ptr<Client>> clients;  // kViews per institution
    for (int i = 0; i < kInstitutions; ++i) {
        codes.push_back(institution("医院" + std::to_string(i)));
        for (auto& c : sessions(codes.back(), kViews)) clients.push_back(std::move(c));
    }
    std::vector<Reply> views(clients.size());
    atOnce(int(clients.size()), [&](int i) { views[i] = clients[i]->get("/api/mynaurl/urls"); });
    std::set<std::string> tokens;
    for (int i = 0; i < kInstitutions; ++i) {
        Json seen;
        for (int v = 0; v < kViews; ++v) {
            const auto& r = views[i * kViews + v];
            if (busy(r) && !patient()) continue;
            ASSERT_EQ(r.status, 200) << r.body;
            if (seen.is_null()) seen = r.json["services"];
            EXPECT_EQ(r.json["services"], seen) << "two first views saw two URLs";
        }
        if (seen.is_null()) continue;                          // every view lost the lock: nothing was made
        EXPECT_EQ(audits(codes[i], "mynaurl.url.create"), 2);  // one a service
        for (const auto& s : seen) tokens.insert(s["url"].get<std::string>());
    }
    if (patient()) {
        EXPECT_EQ(tokens.size(), size_t(2 * kInstitutions));
    }
    std::vector<Reply> changes(kInstitutions);
    atOnce(kInstitutions, [&](int i) {
        changes[i] = clients[i * kViews]->post("/api/mynaurl/online/change", {{"online_change", true}});
    });
    for (int i = 0; i < kInstitutions; ++i) {
        if (busy(changes[i]) && !patient()) continue;
        ASSERT_EQ(changes[i].status, 200) << changes[i].body;
        auto now = clients[i * kViews]->get("/api/mynaurl/urls");
        if (busy(now) && !patient()) continue;
        std::string url;
        for (const auto& s : now.json["services"])
            if (s["service"] == "online") url = s["url"];
        EXPECT_TRUE(tokens.insert(url).second) << "a changed URL repeats another: " << url;
        auto page = host.client()->get(url.substr(url.find("/p/")));
        EXPECT_EQ(page.status, 200);
        EXPECT_NE(page.body.find("医院" + std::to_string(i)), std::string::npos) << "the page of another institution";
    }
}

// With no job worker, an accepted upload stays waiting: uploads sent at the same moment by twelve screens of two
// institutions leave exactly one waiting upload per institution, and the others refused as busy.
class RacesQueued : public Races {
  protected:
    RacesQueued() : Races(0) {}
};

TEST_P(RacesQueued, OneBulkUploadPerInstitutionEvenAtOnce) {
    const std::string a = institution(), b = institution();
    host.addAccount(a, "admin", "adm02", kPassword);
    std::vector<std::unique_ptr<Client>> clients;
    for (auto& c : sessions(a, 4)) clients.push_back(std::move(c));
    for (auto& c : sessions(a, 4, "adm02")) clients.push_back(std::move(c));
    for (auto& c : sessions(b, 4)) clients.push_back(std::move(c));
    const std::string header = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n";
    std::vector<Reply> replies(clients.size());
    atOnce(int(clients.size()), [&](int i) {
        replies[i] = clients[i]->postRaw(
            "/api/accounts/bulk",
            header + "一般利用者,u" + std::to_string(i) + ",山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n", "text/csv");
    });
    std::map<std::string, int> accepted;
    for (size_t i = 0; i < replies.size(); ++i) {
        const auto& r = replies[i];
        if (r.status == 202) {
            ++accepted[i < 8 ? a : b];
        } else {
            EXPECT_TRUE((r.status == 409 && r.errorCode() == "accounts.bulk.busy") || busy(r))
                << r.status << " " << r.body;
        }
    }
    for (const auto& code : {a, b}) {
        if (patient()) {
            EXPECT_EQ(accepted[code], 1) << show(tally(replies));
        } else {
            EXPECT_LE(accepted[code], 1) << show(tally(replies));
        }
        // The refused ones stored nothing: their uploads were rolled back with them.
        EXPECT_EQ(count("SELECT count(*) FROM accounts_bulk_uploads WHERE institution = ?", code), accepted[code]);
        EXPECT_EQ(count("SELECT count(*) FROM jobs j JOIN institutions i ON i.id = j.institution_id "
                        "WHERE i.code = ? AND j.kind = 'bulk'",
                        code),
                  accepted[code]);
    }
}

INSTANTIATE_TEST_SUITE_P(BusyTimeout, Races, ::testing::Values(10000, 1));
INSTANTIATE_TEST_SUITE_P(BusyTimeout, RacesQueued, ::testing::Values(10000, 1));

}  // namespace
