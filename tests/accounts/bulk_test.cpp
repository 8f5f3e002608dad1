// Bulk registration (SPEC.md §2.13–2.15) with real files: every status, all-or-nothing, duplicates, encodings,
// broken files, the one-upload-at-a-time rule, and who may see and download what.
#include "accounts_common.hpp"

#include "db_lock.hpp"
#include "host.hpp"
#include "plugins/jobs.hpp"
#include "storage/sql.hpp"

#include <oqs/csv.hpp>
#include <oqs/text.hpp>

#include <fstream>
#include <thread>

using namespace oqs::test;
using namespace std::chrono_literals;

namespace {

const std::string kHeader = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n";

std::string row(const std::string& kind, const std::string& id, const std::string& name = "山田　太郎",
                const std::string& kana = "ヤマダ　タロウ") {
    return kind + "," + id + "," + name + "," + kana + ",2026/11/01,2027/03/31\r\n";
}

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

int64_t count(const std::string& db, const std::string& sql) {
    oqs::host::Connection c(db);
    auto s = c.prepare(sql);
    s.step();
    return s.i64(0);
}

std::string generalRows(int rows, const std::string& prefix = "g") {
    std::string file = kHeader;
    for (int i = 0; i < rows; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "%s%05d", prefix.c_str(), i);
        file += row("一般利用者", id);
    }
    return file;
}

std::string newestJobStatus(const std::string& db) {
    oqs::host::Connection c(db);
    auto s = c.prepare("SELECT status FROM jobs ORDER BY id DESC LIMIT 1");
    return s.step() ? s.text(0) : "";
}

bool waitJobStatus(const std::string& db, const std::string& status, int ms = 20000) {
    for (int i = 0; i < ms / 2; ++i) {
        if (newestJobStatus(db) == status) return true;
        std::this_thread::sleep_for(2ms);
    }
    return false;
}

class Bulk : public ::testing::Test {
  protected:
    void SetUp() override {
        host.core().stopJobs();  // the tests run queued jobs themselves, so every step is deterministic
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addAccount(kMedCode, "admin", "adm01");
        host.addAccount(kMedCode, "admin", "adm02");
        admin = host.loginAs(kMedCode, "adm01");
    }
    Reply upload(const std::string& bytes, Client* c = nullptr) {
        return (c ? c : admin.get())->postRaw("/api/accounts/bulk", bytes, "text/csv");
    }
    // Uploads, runs the job, answers the caller's newest row of the results list.
    Json registerFile(const std::string& bytes) {
        auto r = upload(bytes);
        EXPECT_EQ(r.status, 202) << r.body;
        host.core().jobs().drain();
        auto list = admin->get("/api/accounts/bulk");
        return list.json["rows"].empty() ? Json() : list.json["rows"][0];
    }
    std::string result(const Json& job) {
        auto r = admin->get("/api/accounts/bulk/" + std::to_string(job["id"].get<int64_t>()) + "/result.csv");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.body;
    }
    int64_t accounts() { return admin->get("/api/accounts/accounts?kind=all").json["total"]; }

    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> admin;
};

TEST_F(Bulk, ACleanFileIsRegisteredWithOneInitialPasswordPerAccount) {
    auto up = upload(kHeader + row("一般利用者", "staff01") + row("medinfo", "doc01") + row("WebAPI用", "A0001"));
    ASSERT_EQ(up.status, 202) << up.body;
    EXPECT_EQ(up.json["message"]["ja"], "アカウント一括登録を受け付けました。");
    EXPECT_EQ(up.json["receipt"].get<std::string>().size(), 8u);
    EXPECT_EQ(up.json["received_at"], "2026/11/25 09:00:00");  // Japan time of the test clock
    EXPECT_EQ(admin->get("/api/accounts/bulk").json["rows"][0]["status"], "登録待ち");
    host.core().jobs().drain();
    auto job = admin->get("/api/accounts/bulk").json["rows"][0];
    EXPECT_EQ(job["status"], "登録完了");
    EXPECT_EQ(job["processed"], "3");
    EXPECT_EQ(job["downloadable"], true);
    EXPECT_EQ(accounts(), 3);
    auto table = oqs::csv::read(result(job));
    ASSERT_TRUE(table) << table.error().message;
    ASSERT_EQ(table->rows.size(), 4u);
    EXPECT_EQ(table->rows[0][7], "登録結果");
    for (size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(table->rows[i][7], "登録");
        std::string password = table->rows[i][8];
        EXPECT_EQ(password.size(), 20u);
        auto login = host.client()->login(kMedCode, table->rows[i][1], password);
        if (table->rows[i][0] == "WebAPI用") {
            EXPECT_EQ(login.errorCode(), "session.system_account");
        } else {
            EXPECT_EQ(login.json["password_change_required"], true) << login.body;
        }
    }
}

TEST_F(Bulk, AnInputErrorInTheLastRowRegistersNothing) {
    std::string file = kHeader;
    for (int i = 0; i < 20; ++i) file += row("一般利用者", "u" + std::to_string(100 + i));
    file += row("一般利用者", "A0bad", "Taro");  // forbidden prefix, half-width name
    auto job = registerFile(file);
    EXPECT_EQ(job["status"], "登録失敗(入力チェックエラー)");
    EXPECT_EQ(job["downloadable"], true);
    EXPECT_EQ(accounts(), 0);
    auto table = oqs::csv::read(result(job));
    ASSERT_TRUE(table);
    EXPECT_EQ(table->rows[1][7], "未登録");
    EXPECT_EQ(table->rows[1][9], "【入力チェックエラーなし:未登録】");
    EXPECT_EQ(table->rows[1][8], "");
    const auto& bad = table->rows.back();
    EXPECT_EQ(bad[6], "22");
    EXPECT_EQ(bad[7], "エラー");
    EXPECT_NE(bad[9].find("ユーザID：ユーザIDの先頭に"), std::string::npos) << bad[9];
    EXPECT_NE(bad[9].find("／ユーザ名："), std::string::npos) << bad[9];
}

TEST_F(Bulk, DuplicatesAreSkippedAndReported) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "taken")).status, 201);
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "gone")).status, 201);
    ASSERT_EQ(admin->del("/api/accounts/accounts/gone").status, 200);
    auto job = registerFile(kHeader + row("一般利用者", "taken") + row("一般利用者", "gone") +
                            row("一般利用者", "fresh") + row("医療情報閲覧", "fresh"));
    EXPECT_EQ(job["status"], "登録完了(一部ID重複あり)");
    EXPECT_EQ(accounts(), 2);                                              // taken + fresh
    EXPECT_EQ(storedAccount(host, kMedCode, "fresh")["kind"], "general");  // the first of the repeated rows
    auto table = oqs::csv::read(result(job));
    ASSERT_TRUE(table);
    EXPECT_EQ(table->rows[1][7], "ID重複");
    EXPECT_NE(table->rows[1][9].find("登録済み"), std::string::npos);
    EXPECT_NE(table->rows[2][9].find("削除済み"), std::string::npos);
    EXPECT_EQ(table->rows[3][7], "登録");
    EXPECT_NE(table->rows[4][9].find("ファイル内"), std::string::npos);
}

TEST_F(Bulk, ShiftJisAndUtf8BomRoundTrip) {
    std::string utf8 = kHeader + row("一般利用者", "sjis01", "髙橋　一郎", "タカハシ　イチロウ");
    auto sjis = oqs::text::toCp932(utf8);
    ASSERT_TRUE(sjis);
    auto job = registerFile(*sjis);
    EXPECT_EQ(job["status"], "登録完了");
    EXPECT_EQ(storedAccount(host, kMedCode, "sjis01")["name"], "髙橋　一郎");
    std::string bytes = result(job);
    EXPECT_FALSE(oqs::text::validUtf8(bytes));  // written back in Shift_JIS
    auto table = oqs::csv::read(bytes, {}, "cp932");
    ASSERT_TRUE(table);
    EXPECT_EQ(table->rows[1][2], "髙橋　一郎");

    auto bom = registerFile("\xEF\xBB\xBF" + kHeader + row("一般利用者", "bom01", "渡辺　花子", "ワタナベ　ハナコ"));
    EXPECT_EQ(bom["status"], "登録完了");
    EXPECT_EQ(storedAccount(host, kMedCode, "bom01")["kana"], "ワタナベ　ハナコ");
    EXPECT_EQ(result(bom).rfind("\xEF\xBB\xBF", 0), 0u);
}

TEST_F(Bulk, QuotedFieldsFollowRfc4180) {
    std::string file = kHeader + "\"一般利用者\",\"q01\",\"山田　太郎\",\"ヤマダ　タロウ\",2026/11/01,\n" +
                       "一般利用者,q02,\"山田\n太郎\",ヤマダ,2026/11/01,\n" +  // a line break inside a name
                       "一般利用者,q03,\"山田，\"\"太郎\"\"\",ヤマダ,2026/11/01,\n";
    auto job = registerFile(file);
    EXPECT_EQ(job["status"], "登録失敗(入力チェックエラー)");
    auto table = oqs::csv::read(result(job));
    ASSERT_TRUE(table);
    ASSERT_EQ(table->rows.size(), 4u);  // three records, not four lines
    EXPECT_EQ(table->rows[1][9], "【入力チェックエラーなし:未登録】");
    EXPECT_EQ(table->rows[2][2], "山田\n太郎");
    EXPECT_NE(table->rows[2][9].find("ユーザ名："), std::string::npos);
    EXPECT_EQ(table->rows[3][2], "山田，\"太郎\"");
    EXPECT_NE(table->rows[3][9].find("ユーザ名："), std::string::npos);  // a half-width quote is not allowed
}

TEST_F(Bulk, BrokenFilesEndInAClearOutcomeAndRegisterNothing) {
    EXPECT_EQ(upload("").errorCode(), "accounts.bulk.no_file");
    EXPECT_EQ(upload(std::string(50 * 1024 * 1024, 'a')).status, 413);
    struct Case {
        std::string name, bytes, expect;
    };
    std::string wide = "a";
    for (int i = 0; i < 10000; ++i) wide += ",a";
    std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const Case cases[] = {
        {"header only", kHeader, "登録するアカウントの行がありません"},
        {"no header", row("一般利用者", "x01"), "見出し行"},
        {"binary", binary, "CSV形式のテキストファイルではありません"},
        {"10,001 columns", kHeader + wide + "\r\n", "項目数が上限"},
        {"short row", kHeader + "一般利用者,x01,山田\r\n", "2行目：項目数が3です"},
        {"open quote", kHeader + "一般利用者,\"x01,山田,ヤマダ,2026/11/01\r\n", "引用符"},
    };
    for (const auto& c : cases) {
        auto check = admin->postRaw("/api/accounts/bulk/check", c.bytes, "text/csv");
        EXPECT_EQ(check.errorCode(), "accounts.bulk.structure") << c.name << check.body;
        auto job = registerFile(c.bytes);
        EXPECT_EQ(job["status"], "登録失敗(ファイル構造エラー)") << c.name;
        EXPECT_NE(job["detail"].get<std::string>().find(c.expect), std::string::npos) << c.name << job.dump();
        EXPECT_EQ(job["downloadable"], false) << c.name;
        auto dl = admin->get("/api/accounts/bulk/" + std::to_string(job["id"].get<int64_t>()) + "/result.csv");
        EXPECT_EQ(dl.errorCode(), "accounts.bulk.not_ready") << c.name;
    }
    EXPECT_EQ(accounts(), 0);
}

TEST_F(Bulk, TooManyRowsIsAStructureError) {
    std::string file = kHeader;
    for (int i = 0; i < 10001; ++i) file += row("一般利用者", "r" + std::to_string(i));
    auto job = registerFile(file);
    EXPECT_EQ(job["status"], "登録失敗(ファイル構造エラー)");
    EXPECT_NE(job["detail"].get<std::string>().find("行数が上限"), std::string::npos) << job.dump();
    EXPECT_EQ(accounts(), 0);
}

TEST_F(Bulk, CheckReportsEveryRowWithoutRegistering) {
    ASSERT_EQ(admin->post("/api/accounts/accounts", newAccount("general", "taken")).status, 201);
    auto r = admin->postRaw("/api/accounts/bulk/check",
                            kHeader + row("一般利用者", "a") + row("管理者", "adm09") + row("一般利用者", "taken") +
                                row("一般利用者", "ok01"),
                            "text/csv");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["rows"], 4);
    EXPECT_EQ(r.json["errors"], 2);
    EXPECT_EQ(r.json["duplicates"], 1);
    EXPECT_EQ(r.json["problems"][0]["row"], 2);
    EXPECT_NE(r.json["problems"][1]["detail"].get<std::string>().find("権限区分："), std::string::npos);  // an admin
    EXPECT_EQ(accounts(), 1);
    EXPECT_TRUE(admin->get("/api/accounts/bulk").json["rows"].empty());
}

TEST_F(Bulk, OneUploadAtATimePerInstitution) {
    auto other = host.loginAs(kMedCode, "adm02");
    ASSERT_EQ(upload(kHeader + row("一般利用者", "one01")).status, 202);
    auto busy = upload(kHeader + row("一般利用者", "two01"), other.get());
    EXPECT_EQ(busy.status, 409);
    EXPECT_EQ(
        busy.json["error"]["message"],
        "他の利用者がアカウント一括登録を実行中です。しばらく（1分程度）時間をおいてから、再度登録してください。");
    // Another institution is not held up.
    host.addInstitution(kOtherCode, "他院", "medical");
    host.addAccount(kOtherCode, "admin", "adm01");
    auto elsewhere = host.loginAs(kOtherCode, "adm01");
    EXPECT_EQ(upload(kHeader + row("一般利用者", "x01"), elsewhere.get()).status, 202);
    host.core().jobs().drain();
    EXPECT_EQ(upload(kHeader + row("一般利用者", "two01"), other.get()).status, 202);  // free again
}

TEST_F(Bulk, TheListShowsTheCallersLastThreeAndOnlyTheUploaderDownloads) {
    for (int i = 0; i < 4; ++i) registerFile(kHeader + row("一般利用者", "n" + std::to_string(i)));
    auto list = admin->get("/api/accounts/bulk").json["rows"];
    ASSERT_EQ(list.size(), 3u);
    EXPECT_GT(list[0]["id"].get<int64_t>(), list[1]["id"].get<int64_t>());  // newest first
    auto other = host.loginAs(kMedCode, "adm02");
    EXPECT_TRUE(other->get("/api/accounts/bulk").json["rows"].empty());
    std::string path = "/api/accounts/bulk/" + std::to_string(list[0]["id"].get<int64_t>()) + "/result.csv";
    EXPECT_EQ(other->get(path).errorCode(), "accounts.bulk.not_found");
    EXPECT_EQ(admin->get(path).status, 200);
    // The master registers administrators only: a general row is an input error for it.
    host.addAccount(kMedCode, "master", "mst01");
    auto master = host.loginAs(kMedCode, "mst01");
    auto r = master->postRaw("/api/accounts/bulk/check", kHeader + row("一般利用者", "g01") + row("管理者", "ad01"),
                             "text/csv");
    EXPECT_EQ(r.json["errors"], 1);
    EXPECT_EQ(r.json["problems"][0]["row"], 2);
    host.addAccount(kMedCode, "general", "gen01");
    auto general = host.loginAs(kMedCode, "gen01");
    EXPECT_EQ(general->postRaw("/api/accounts/bulk", kHeader, "text/csv").status, 403);
}

TEST_F(Bulk, TemplateHasTheHeaderInBothEncodings) {
    auto utf8 = admin->get("/api/accounts/bulk/template.csv");
    ASSERT_EQ(utf8.status, 200);
    EXPECT_EQ(utf8.body, "\xEF\xBB\xBF" + kHeader);
    auto sjis = admin->get("/api/accounts/bulk/template.csv?encoding=cp932");
    EXPECT_EQ(oqs::text::fromCp932(sjis.body).value_or(""), kHeader);
}

// Item 9: the result file holds every new account's initial password; it used to sit in the database readable.
// It is sealed under the host's key now: the database and its WAL, read byte by byte, hold none of them, and the
// download still gives the file.
TEST_F(Bulk, TheStoredResultFileRevealsNoInitialPassword) {
    auto job =
        registerFile(kHeader + row("一般利用者", "pw01") + row("医療情報閲覧", "pw02") + row("一般利用者", "pw03"));
    ASSERT_EQ(job["status"], "登録完了");
    auto table = oqs::csv::read(result(job));
    ASSERT_TRUE(table);
    std::vector<std::string> passwords;
    for (size_t i = 1; i < table->rows.size(); ++i) passwords.push_back(table->rows[i][8]);
    ASSERT_EQ(passwords.size(), 3u);
    std::string raw = fileBytes(host.dbPath()) + fileBytes(host.dbPath() + "-wal");
    ASSERT_GT(raw.size(), 4096u);
    for (const auto& p : passwords) {
        ASSERT_EQ(p.size(), 20u);
        EXPECT_EQ(raw.find(p), std::string::npos) << "initial password " << p << " readable in the database";
    }
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts_bulk_uploads WHERE result LIKE 'oqs-seal1.%'"), 1);
    EXPECT_EQ(result(job), result(job));  // opens every time
}

// Item 10: rows echoed into result.csv kept =HYPERLINK(…), @SUM(…), +…, -… and tab-prefixed formulas as they
// came. Every cell a spreadsheet would run starts with a quote now (OWASP), and reads back as text.
TEST_F(Bulk, FormulasEchoedIntoTheResultFileAreNeutralised) {
    const std::vector<std::string> formulas = {"=HYPERLINK(\"http://evil.example/\",\"開く\")",
                                               "@SUM(1+1)",
                                               "+81-3-1234",
                                               "-2+3",
                                               "\t=1+2",
                                               "=cmd|' /C calc'!A0"};
    std::string file = kHeader;
    int n = 0;
    for (const auto& f : formulas) {
        std::string quoted = "\"";
        for (char c : f) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        file += "一般利用者,f" + std::to_string(n++) + "," + quoted + "\"," + quoted + "\",2026/11/01,\r\n";
    }
    auto job = registerFile(file);
    ASSERT_EQ(job["status"], "登録失敗(入力チェックエラー)");  // half-width names: every row is an input error
    std::string bytes = result(job);
    auto table = oqs::csv::read(bytes);
    ASSERT_TRUE(table) << table.error().message;
    ASSERT_EQ(table->rows.size(), formulas.size() + 1);
    for (size_t i = 0; i < formulas.size(); ++i) {
        EXPECT_EQ(table->rows[i + 1][2], "'" + formulas[i]) << i;
        EXPECT_EQ(table->rows[i + 1][3], "'" + formulas[i]) << i;
        for (const auto& cell : table->rows[i + 1]) EXPECT_FALSE(oqs::csv::formulaLike(cell)) << cell;
    }
    EXPECT_NE(bytes.find("\"'=HYPERLINK("), std::string::npos);  // quoted, with the quote mark inside
}

// Item 26: an upload once answered 500 "host.storage: transaction not open" after 11.5 s although its job had
// been queued (its begin had failed; the rest ran outside any transaction). Now: 503 host.busy, nothing stored
// or queued — the answer matches what happened.
TEST(BulkBusy, AnUploadThatCannotGetTheLockAnswers503AndQueuesNothing) {
    Options o;
    o.busyTimeoutMs = 200;
    TestHost host({oqs_plugin_entry_accounts()}, o);
    host.core().stopJobs();
    host.addInstitution(kMedCode, "テスト医院", "medical");
    host.addAccount(kMedCode, "admin", "adm01");
    auto admin = host.loginAs(kMedCode, "adm01");
    {
        WriteLock lock(host.dbPath(), 350);  // a little past the busy timeout: the begin fails, the rest would not
        auto r = admin->postRaw("/api/accounts/bulk", kHeader + row("一般利用者", "b01"), "text/csv");
        EXPECT_EQ(r.status, 503) << r.body;
        EXPECT_EQ(r.errorCode(), "host.busy");
        EXPECT_FALSE(r.header("Retry-After").empty());
    }
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM jobs"), 0);
    EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts_bulk_uploads"), 0);
    EXPECT_TRUE(admin->get("/api/accounts/bulk").json["rows"].empty());
    EXPECT_EQ(admin->postRaw("/api/accounts/bulk", kHeader + row("一般利用者", "b01"), "text/csv").status, 202);
}

// A real host with its job workers running, and a 10,000-row file from the first administrator.
class BulkRunning : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kMedCode, "テスト医院", "medical");
        host.addAccount(kMedCode, "admin", "adm01");
        host.addAccount(kMedCode, "admin", "adm02");
        host.addInstitution(kOtherCode, "他院", "medical");
        host.addAccount(kOtherCode, "admin", "oth01");
        first = host.loginAs(kMedCode, "adm01");
        second = host.loginAs(kMedCode, "adm02");
        elsewhere = host.loginAs(kOtherCode, "oth01");
        auto up = first->postRaw("/api/accounts/bulk", generalRows(10000), "text/csv");
        ASSERT_EQ(up.status, 202) << up.body;
        ASSERT_TRUE(waitJobStatus(host.dbPath(), "running"));
    }
    void TearDown() override {
        ASSERT_TRUE(waitJobStatus(host.dbPath(), "done", 120000));
        EXPECT_EQ(first->get("/api/accounts/bulk").json["rows"][0]["status"], "登録完了");
        EXPECT_EQ(count(host.dbPath(), "SELECT count(*) FROM accounts WHERE user_id LIKE 'g%'"), 10000);
    }
    TestHost host{{oqs_plugin_entry_accounts()}};
    std::unique_ptr<Client> first, second, elsewhere;
};

// Item 12: while one administrator's 10,000-row job ran, a second administrator's upload waited for the job's
// write lock (~4.7 s) and then got 202. It is refused at once with 409 accounts.bulk.busy.
TEST_F(BulkRunning, ASecondUploadIsRefusedAtOnce) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = second->postRaw("/api/accounts/bulk", kHeader + row("一般利用者", "two01"), "text/csv");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.errorCode(), "accounts.bulk.busy");
    EXPECT_LT(ms, 2000);
    EXPECT_EQ(newestJobStatus(host.dbPath()), "running");  // it was refused while the job ran, not after
}

// Items 13, 24: the job held SQLite's write lock for its whole run, so every institution's logins and
// registrations waited behind it (and, past the busy timeout, failed). It reads, checks and prepares without the
// lock now and holds it only for its inserts, in short transactions: whenever another writer asks, it gets the
// lock within 100 ms (issue 18, item 4), and much of the time at once. (Until issue 18 this asked for the lock to
// be free at 3 of 4 probes; the job now spends far less time reading and checking, and its inserts also write
// the search's name pieces, so the share of its run spent inserting grew while each transaction stayed short.)
TEST_F(BulkRunning, TheJobLeavesTheWriteLockFreeWhileItWorks) {
    // BEGIN IMMEDIATE as a request's write does (trying again every millisecond, as the host's connections do),
    // waiting at most `ms` for the job to let go.
    auto lockWithin = [&](int ms) {
        sqlite3* h = nullptr;
        sqlite3_open(host.dbPath().c_str(), &h);
        sqlite3_busy_handler(
            h,
            [](void* limit, int tries) {
                std::this_thread::sleep_for(1ms);
                return tries < *static_cast<int*>(limit) ? 1 : 0;
            },
            &ms);
        bool got = sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
        if (got) sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(h);
        return got;
    };
    int probes = 0, free = 0, within = 0;
    int64_t slowest = 0;
    while (newestJobStatus(host.dbPath()) == "running") {
        ++probes;
        if (writeLockFree(host.dbPath())) ++free, ++within;
        else if (lockWithin(100)) ++within;
        if (probes % 20 == 0) {  // now and then, another institution registers an account
            auto t0 = std::chrono::steady_clock::now();
            auto r = elsewhere->post("/api/accounts/accounts", newAccount("general", "e" + std::to_string(probes)));
            EXPECT_EQ(r.status, 201) << r.body;
            slowest = std::max<int64_t>(
                slowest,
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
        }
        std::this_thread::sleep_for(2ms);
    }
    RecordProperty("lock_free_probes", std::to_string(free) + "/" + std::to_string(probes));
    EXPECT_GT(probes, 10);
    // 99 %, not all: a wall-clock wait on a shared 2-core machine (sanitizers, other builds) has outliers that say
    // nothing about the job; a job that held the lock would fail most probes. Figures: bench/accounts.
    EXPECT_GE(within * 100, probes * 99) << probes - within << " of " << probes
                                         << " probes waited over 100 ms for the lock";
    EXPECT_GT(free * 3, probes) << free << " of " << probes << " probes found the lock free";
    EXPECT_LT(slowest, 2000);
}

}  // namespace
