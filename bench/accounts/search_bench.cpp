// Prints the time of an account search (GET /api/accounts/accounts over loopback, so an upper bound of the server
// time) in an institution with 100,000 accounts: median and 99th percentile per kind of search, beside its floor
// (the same SELECTs alone, see Replay) as lines figure<TAB>value<TAB>floor<TAB>ratio (bench/run-all).
// Run: build/<preset>/bench/accounts/bench_account_search [accounts] [only the searches whose name has this]
#include "test_host.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kCode = "1312345678";

// Writes n general/medinfo accounts straight into the database: hashing 100,000 passwords through the API would
// measure Argon2id, not the search. Names cycle through surnames so partial matches hit a realistic share.
void seed(const TestHost& host, int n) {
    const char* surnames[] = {"山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"};
    const char* kanas[] = {"ヤマダ", "サトウ",   "スズキ",   "タカハシ", "タナカ",
                           "イトウ", "ワタナベ", "ナカムラ", "コバヤシ", "カトウ"};
    sqlite3* db = nullptr;
    if (sqlite3_open(host.dbPath().c_str(), &db) != SQLITE_OK) std::abort();
    sqlite3_busy_timeout(db, 5000);
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    const char* sql =
        "INSERT INTO accounts(institution_id, user_id, kind, name, kana, valid, locked, start_date, end_date, "
        "password_hash, password_initial, password_set_ms, created_ms, updated_ms) "
        "SELECT id, ?, ?, ?, ?, ?, ?, ?, NULL, 'x', 0, 0, 0, 0 FROM institutions WHERE code = ?";
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) std::abort();
    for (int i = 0; i < n; ++i) {
        char id[16], name[64], kana[64], start[16];
        std::snprintf(id, sizeof id, "u%06d", i);
        std::snprintf(name, sizeof name, "%s　%s", surnames[i % 10], i % 7 == 0 ? "花子" : "太郎");
        std::snprintf(kana, sizeof kana, "%s　%s", kanas[i % 10], i % 7 == 0 ? "ハナコ" : "タロウ");
        std::snprintf(start, sizeof start, "2026-%02d-01", 1 + i % 12);
        sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, i % 4 == 0 ? "medinfo" : "general", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, kana, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 5, i % 50 == 0 ? 0 : 1);
        sqlite3_bind_int(st, 6, i % 500 == 0 ? 1 : 0);
        sqlite3_bind_text(st, 7, start, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, kCode, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) std::abort();
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr);
    sqlite3_close(db);
}

// The floor: every SELECT the server ran for one search, captured as it ran (expanded with its bound values) and
// replayed on a connection of this process's own: what SQLite alone needs for the same answer. A hook on every
// connection the process opens (sqlite3_auto_extension) traces statements while `g_capture` is set.
std::mutex g_mutex;
std::atomic<bool> g_capture{false};
std::vector<std::string> g_statements;

int traced(unsigned, void*, void* p, void*) {
    if (!g_capture) return 0;
    char* sql = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(p));
    if (sql && std::strncmp(sql, "SELECT", 6) == 0) {  // not a trigger's "-- …", not the session's touch
        std::lock_guard lock(g_mutex);
        g_statements.emplace_back(sql);
    }
    sqlite3_free(sql);
    return 0;
}
int traceEveryConnection(sqlite3* db, const char**, const sqlite3_api_routines*) {
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, traced, nullptr);
    return SQLITE_OK;
}

// The captured statements, prepared once, stepped to the end each time (the host keeps its statements prepared).
struct Replay {
    sqlite3* db = nullptr;
    std::vector<sqlite3_stmt*> stmts;
    Replay(const std::string& path, const std::vector<std::string>& sql) {
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) std::abort();
        for (const auto& q : sql) {
            sqlite3_stmt* st = nullptr;
            if (sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) != SQLITE_OK) std::abort();
            stmts.push_back(st);
        }
    }
    ~Replay() {
        for (auto* st : stmts) sqlite3_finalize(st);
        sqlite3_close(db);
    }
    void run() {
        for (auto* st : stmts) {
            while (sqlite3_step(st) == SQLITE_ROW) {
            }
            sqlite3_reset(st);
        }
    }
};

double at(std::vector<double>& ms, double q) {
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, size_t(double(ms.size()) * q))];
}

const char* g_only = nullptr;  // argv[2]: only the searches whose name contains it

void measure(Client& c, const std::string& db, const char* what, const std::vector<std::string>& queries, int rounds) {
    if (g_only && !std::strstr(what, g_only)) return;
    std::vector<double> ms, floor;
    long long rows = -1;
    for (const auto& q : queries) {
        {
            std::lock_guard lock(g_mutex);
            g_statements.clear();
        }
        g_capture = true;
        auto reply = c.get("/api/accounts/accounts?" + q);
        g_capture = false;
        if (reply.status != 200) {
            std::fprintf(stderr, "%s: %d %s\n", q.c_str(), reply.status, reply.body.c_str());
            std::abort();
        }
        Replay replay(db, g_statements);
        for (int r = 0; r < rounds; ++r) {
            auto t = Clock::now();
            reply = c.get("/api/accounts/accounts?" + q);
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
            t = Clock::now();
            replay.run();
            floor.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
        }
        rows = reply.json["total"].get<long long>();
    }
    double p50 = at(ms, 0.5), p99 = at(ms, 0.99), f50 = at(floor, 0.5), f99 = at(floor, 0.99);
    std::printf(
        "# %-44s median %6.2f ms  p99 %6.2f ms  (%zu searches, last total %lld); same SQL alone: median %6.2f ms  p99 "
        "%6.2f ms\n",
        what, p50, p99, ms.size(), rows, f50, f99);
    std::printf("search: %s, p99 (ms)\t%.2f\t%.2f\t%.2f\n", what, p99, f99, f99 > 0 ? p99 / f99 : 0.0);
    std::printf("search: %s, median (ms)\t%.2f\t%.2f\t%.2f\n", what, p50, f50, f50 > 0 ? p50 / f50 : 0.0);
}

// The page the client's pager asks for at depth 90,000 of the list, with the search form's default conditions
// (wasm-ui/core/panel_table.cpp): before issue 18's pager change offset=90000, after it the cursor the previous
// page's answer carried (`next`). Both must be the same rows, or the figures would compare different work.
void clientPager(Client& c, const std::string& db, int rounds) {
    const std::string form = "kind=all&locked=all&valid=all&", byOffset = form + "offset=90000&limit=100";
    auto previous = c.get("/api/accounts/accounts?" + form + "offset=89900&limit=100");
    const std::string cursor = previous.json.value("next", "");
    const std::string byCursor = form + "after=" + cursor + "&limit=100";
    if (cursor.empty() || c.get("/api/accounts/accounts?" + byOffset).json["rows"] !=
                              c.get("/api/accounts/accounts?" + byCursor).json["rows"]) {
        std::fprintf(stderr, "client pager: the cursor page (after %s) is not the offset page\n", cursor.c_str());
        std::abort();
    }
    measure(c, db, "client pager, page at depth 90,000, offset (before)", {byOffset}, rounds);
    measure(c, db, "client pager, page at depth 90,000, cursor (after)", {byCursor}, rounds);
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 100000;
    if (argc > 2) g_only = argv[2];
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(traceEveryConnection));
    TestHost host({oqs_plugin_entry_accounts()});
    host.addInstitution(kCode, "ベンチ医院", "medical");
    host.addAccount(kCode, "admin", "adm01");
    auto t = Clock::now();
    seed(host, n);
    std::printf("# seeded %d accounts in %.1f s\n", n, std::chrono::duration<double>(Clock::now() - t).count());
    auto admin = host.loginAs(kCode, "adm01");
    const int rounds = std::getenv("OQS_BENCH_ROUNDS") ? std::atoi(std::getenv("OQS_BENCH_ROUNDS")) : 20;
    measure(*admin, host.dbPath(), "all kinds, first page (100 rows)", {"kind=all", "kind=all&offset=0&limit=100"},
            rounds);
    measure(*admin, host.dbPath(), "all kinds, deep page (offset 90,000)", {"offset=90000&limit=100"}, rounds);
    measure(*admin, host.dbPath(), "all kinds, deep page by keyset (after u089999)", {"after=u089999&limit=100"},
            rounds);
    if (n > 90100) clientPager(*admin, host.dbPath(), rounds);
    measure(*admin, host.dbPath(), "exact user ID", {"user_id=u012345", "user_id=u099999", "user_id=nobody"}, rounds);
    measure(*admin, host.dbPath(), "partial name (10% of rows match)", {"name=%E5%B1%B1%E7%94%B0"}, rounds);  // 山田
    measure(*admin, host.dbPath(), "partial kana, invalid only", {"kana=%E3%83%8F%E3%83%8A&valid=invalid"},
            rounds);  // ハナ
    measure(*admin, host.dbPath(), "partial name, 1 character (14% of rows match)", {"name=%E8%8A%B1"}, rounds);  // 花
    measure(*admin, host.dbPath(), "partial kana, 3 characters (10% of rows match)",
            {"kana=%E3%83%A4%E3%83%9E%E3%83%80"}, rounds);  // ヤマダ
    measure(*admin, host.dbPath(), "role + locked + start date",
            {"kind=medinfo&locked=locked", "start_date=2026-03-01"}, rounds);
    return 0;
}
