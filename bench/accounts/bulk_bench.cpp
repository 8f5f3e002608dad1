// Prints the wall time of a bulk registration of a 10,000-row file (upload + the job, real host, real SQLite
// file) next to the time the same number of Argon2id hashes would take spread over the cores — the cost the
// job avoids by storing its high-entropy initial passwords with a keyed BLAKE2b hash (docs/accounts.md).
// Run: build/<preset>/bench/accounts/bench_bulk [rows] [hashes to measure]
#include "crypto.hpp"
#include "host.hpp"
#include "jobs.hpp"
#include "test_host.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int rows = argc > 1 ? std::atoi(argv[1]) : 10000;
    int hashes = argc > 2 ? std::atoi(argv[2]) : 1000;
    Options o;
    o.productionHashing = true;
    TestHost host({oqs_plugin_entry_accounts()}, o);
    host.core().stopJobs();
    const char* code = "1312345678";
    host.addInstitution(code, "ベンチ医院", "medical");
    host.addAccount(code, "admin", "adm01");
    auto admin = host.loginAs(code, "adm01");
    std::string file = "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日\r\n";
    for (int i = 0; i < rows; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "s%06d", i);
        file += std::string(i % 3 ? "一般利用者" : "医療情報閲覧") + "," + id + ",山田　太郎,ヤマダ　タロウ,2026/11/01,\r\n";
    }
    auto t0 = Clock::now();
    auto up = admin->postRaw("/api/accounts/bulk", file, "text/csv");
    if (up.status != 202) { std::fprintf(stderr, "%s\n", up.body.c_str()); return 1; }
    auto t1 = Clock::now();
    host.core().jobs().drain();
    auto t2 = Clock::now();
    auto list = admin->get("/api/accounts/bulk");
    std::string status = list.json["rows"][0]["status"];
    double uploadS = std::chrono::duration<double>(t1 - t0).count(), jobS = std::chrono::duration<double>(t2 - t1).count();
    std::printf("bulk registration of %d rows: upload %.2f s, job %.2f s (%s), total %.2f s\n", rows, uploadS, jobS,
                status.c_str(), uploadS + jobS);

    oqs::host::Crypto crypto((host.dir() / "bench.key").string());
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    auto t3 = Clock::now();
    std::vector<std::thread> workers;
    for (unsigned w = 0; w < cores; ++w)
        workers.emplace_back([&, w] {
            for (int i = int(w); i < hashes; i += int(cores)) (void)crypto.hashPassword("Passw0rd!x" + std::to_string(i));
        });
    for (auto& w : workers) w.join();
    double hashS = std::chrono::duration<double>(Clock::now() - t3).count();
    std::printf("Argon2id (t=2, 19 MiB): %d hashes on %u cores in %.2f s -> %d hashes would take %.1f s\n", hashes,
                cores, hashS, rows, hashS * rows / hashes);
    return status == "登録完了" ? 0 : 1;
}
