// Prints, for the history plugin over a real host (real SQLite file, loopback HTTP):
//  - the time to generate the viewing log with the host's own generator (what `oqs-host viewing generate
//    --institution all --rows N --days D` runs), by default 10,000,000 events over 3 years across 1,000
//    institutions;
//  - GET /api/history/summary (count + chart, what the screen asks) for one institution and one month: median
//    and p99 over random institutions and months;
//  - a 25,000-row CSV download, wall time (median of 5), against `sqlite3 -csv` running the same query on the
//    same file and writing the same columns;
//  - the host process's peak resident memory during the download, next to a 2,500-row one (the stream keeps
//    it flat) — the client discards the body as it arrives, so the figure is the host's.
// Run: build/<preset>/bench/history/bench_history [events] [institutions] [days]
#include "host.hpp"
#include "storage/sql.hpp"
#include "test_host.hpp"
#include "viewing/viewing_generate.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_history(void);

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

struct Samples {
    std::vector<double> ms;
    double at(double q) {
        std::sort(ms.begin(), ms.end());
        return ms.empty() ? 0 : ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))];
    }
};

long statusKb(const char* field) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
    return 0;
}
// Resets the peak (VmHWM) to the current resident size (Linux ≥ 4.0).
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

std::string two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }
// yyyy/mm/dd of UTC milliseconds shifted to Japan time.
std::string jstDate(int64_t ms) {
    time_t t = time_t((ms + 9 * 3600000LL) / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return std::to_string(tm.tm_year + 1900) + "/" + two(tm.tm_mon + 1) + "/" + two(tm.tm_mday);
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t events = argc > 1 ? std::atoll(argv[1]) : 10000000;
    const int institutions = argc > 2 ? std::atoi(argv[2]) : 1000;
    const int64_t days = argc > 3 ? std::atoll(argv[3]) : 3 * 365;
    TestHost host({oqs_plugin_entry_history()});

    // The institutions, then the log over them with the host's generator.
    auto t0 = Clock::now();
    std::vector<std::string> codes;
    for (int i = 0; i < institutions; ++i) {
        codes.push_back("13" + std::to_string(10000000 + i));
        host.addInstitution(codes.back(), "医院" + std::to_string(i), "medical");
    }
    const int logins = std::min(institutions, 20);
    for (int i = 0; i < logins; ++i) host.addAccount(codes[size_t(i)], "admin", "admin01");
    std::printf("institutions: %d in %.1f s\n", institutions, msSince(t0) / 1000);
    t0 = Clock::now();
    auto written = oqs::host::generateViewing(host.core(), "all", events, days, 42);
    if (!written) {
        std::printf("generate failed: %s\n", written.error().message.c_str());
        return 1;
    }
    const double genMs = msSince(t0);
    auto fileMb = [&](const std::string& suffix) {
        std::ifstream f(host.dbPath() + suffix, std::ios::ate | std::ios::binary);
        return f ? double(f.tellg()) / 1e6 : 0.0;
    };
    std::printf(
        "generated: %lld events over %lld days across %d institutions in %.1f s (%.0f events/s); "
        "db %.0f MB + WAL %.0f MB\n",
        (long long)*written, (long long)days, institutions, genMs / 1000, double(*written) / (genMs / 1000), fileMb(""),
        fileMb("-wal"));
    // Fold the write-ahead log into the database, as a running host's checkpoints do over time: reads through a
    // WAL of gigabytes measure the WAL, not the queries.
    {
        auto lease = host.core().pool().lease();
        auto t = Clock::now();
        lease->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        std::printf("checkpoint in %.1f s: db %.0f MB + WAL %.0f MB\n", msSince(t) / 1000, fileMb(""), fileMb("-wal"));
    }
    // One more institution, added after the shared log, with exactly 25,000 viewings in its last 28 days: the
    // download below takes a 30-day period holding all of them.
    const std::string big = "2719999999";
    host.addInstitution(big, "大病院", "medical");
    host.addAccount(big, "admin", "admin01");
    if (auto extra = oqs::host::generateViewing(host.core(), big, 25000, 28, 7); !extra) return 1;

    // Count + chart for one institution and one month.
    std::mt19937_64 rng(1);
    Samples summary;
    {
        // The administrators of 20 institutions, each asked in turn for a random month of the three years.
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < logins; ++i) clients.push_back(host.loginAs(codes[size_t(i)], "admin01"));
        const int64_t now = host.nowMs();
        for (int i = 0; i < 200; ++i) {
            auto& c = clients[size_t(i % logins)];
            int64_t start =
                now - int64_t(rng() % uint64_t(std::max<int64_t>(days - 31, 1))) * 86400000LL - 31LL * 86400000;
            std::string q = "?from_date=" + jstDate(start) +
                            "&from_hour=0&from_minute=00&to_date=" + jstDate(start + 30LL * 86400000) +
                            "&to_hour=23&to_minute=59&category=all";
            auto t = Clock::now();
            auto r = c->get("/api/history/summary" + q);
            summary.ms.push_back(msSince(t));
            if (r.status != 200) {
                std::printf("summary: %d %s\n", r.status, r.body.c_str());
                return 1;
            }
        }
        std::printf(
            "summary (count + per-day chart), one institution, one month: median %.2f ms, p99 %.2f ms (n=200, %d "
            "institutions)\n",
            summary.at(0.5), summary.at(0.99), logins);
    }

    // The 25,000-row download: find the month that holds 25,000 of the big institution's events.
    auto admin = host.loginAs(big, "admin01");
    const int64_t now = host.nowMs();
    const std::string to = jstDate(now), from = jstDate(now - 29LL * 86400000);
    std::string q =
        "?from_date=" + from + "&from_hour=0&from_minute=00&to_date=" + to + "&to_hour=23&to_minute=59&category=all";
    auto s = admin->get("/api/history/summary" + q);
    int64_t total = s.json.value("total", int64_t(0));
    std::printf("download period %s..%s holds %lld events\n", from.c_str(), to.c_str(), (long long)total);

    httplib::Client raw("127.0.0.1", host.port());
    httplib::Headers h{{"Cookie", admin->cookie}};
    auto download = [&](const std::string& query, size_t& bytes) {
        bytes = 0;
        auto r = raw.Get(("/api/history/download" + query).c_str(), h, [&](const char*, size_t n) {
            bytes += n;
            return true;
        });
        return r && r->status == 200;
    };
    // A tenth of the rows first, then all: the same peak means memory does not grow with the file. (Each is
    // measured from the resident size just before it; freed heap stays resident, so the smaller goes first.)
    {
        const std::string fromSmall = jstDate(now - 2LL * 86400000);
        std::string qs = "?from_date=" + fromSmall + "&from_hour=0&from_minute=00&to_date=" + to +
                         "&to_hour=23&to_minute=59&category=all";
        auto cs = admin->get("/api/history/summary" + qs);
        size_t bytes = 0;
        long smallPeak = 0;
        for (int i = 0; i < 3; ++i) {
            long before = statusKb("VmRSS:");
            resetPeak();
            download(qs, bytes);
            smallPeak = std::max(smallPeak, statusKb("VmHWM:") - before);
        }
        std::printf("download of %lld rows (%zu bytes): peak RSS over the start %.1f MB\n",
                    (long long)cs.json.value("total", int64_t(0)), bytes, double(smallPeak) / 1024);
    }

    Samples dl;
    size_t bytes = 0;
    long rssBefore = 0, peak = 0;
    for (int i = 0; i < 5; ++i) {
        rssBefore = statusKb("VmRSS:");
        resetPeak();
        auto t = Clock::now();
        if (!download(q, bytes)) {
            std::printf("download failed\n");
            return 1;
        }
        dl.ms.push_back(msSince(t));
        peak = std::max(peak, statusKb("VmHWM:") - rssBefore);
    }
    std::printf("download of %lld rows (%zu bytes): median %.1f ms (n=5); peak RSS over the start %.1f MB\n",
                (long long)total, bytes, dl.at(0.5), double(peak) / 1024);

    // sqlite3 -csv, the same query on the same file: the same rows, columns and order, with the time formatted.
    {
        int64_t fromMs = now - 29LL * 86400000;
        // The plugin's period starts at 00:00 JST of `from`; recompute it the same way for the CLI.
        fromMs = (fromMs + 9 * 3600000LL) / 86400000 * 86400000 - 9 * 3600000LL;
        int64_t toMs = (now + 9 * 3600000LL) / 86400000 * 86400000 - 9 * 3600000LL + 86400000 - 1;
        std::string sql =
            "SELECT strftime('%Y/%m/%d %H:%M:%S', at_ms / 1000, 'unixepoch', '+9 hours'), institution, "
            "user_id, user_name, category, patient_name, patient_kana, birth_date, insurer_number, "
            "card_symbol, card_number, card_branch FROM viewing_events WHERE institution = '" +
            big + "' AND at_ms BETWEEN " + std::to_string(fromMs) + " AND " + std::to_string(toMs) +
            " ORDER BY at_ms, id LIMIT 25000;";
        std::string cmd =
            "sqlite3 -csv -header '" + host.dbPath() + "' \"" + sql + "\" > " + (host.dir() / "cli.csv").string();
        Samples cli;
        for (int i = 0; i < 5; ++i) {
            auto t = Clock::now();
            if (std::system(cmd.c_str()) != 0) {
                std::printf("sqlite3 failed\n");
                return 1;
            }
            cli.ms.push_back(msSince(t));
        }
        std::printf("sqlite3 -csv, same query and file: median %.1f ms (n=5, %ld bytes); download / sqlite3 = %.2f\n",
                    cli.at(0.5), long(std::ifstream(host.dir() / "cli.csv", std::ios::ate).tellg()),
                    dl.at(0.5) / cli.at(0.5));
    }
    return 0;
}
