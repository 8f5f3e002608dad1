// `oqs-host viewing generate|verify`: synthetic viewing events for demos and benchmarks, and the chain check.
#include "cli/cli_args.hpp"
#include "host.hpp"
#include "viewing/viewing_generate.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace oqs::host {

namespace {

// The accounts that view at an institution; fictional ones when it has none yet (a fresh demo).
std::vector<std::pair<std::string, std::string>> viewersOf(Connection& c, int64_t institutionId) {
    std::vector<std::pair<std::string, std::string>> out;
    auto s = c.prepare(
        "SELECT user_id, name FROM accounts WHERE institution_id = ? AND deleted_ms IS NULL "
        "AND kind IN ('medinfo', 'general', 'admin') ORDER BY user_id LIMIT 50");
    s.bind(1, institutionId);
    while (s.step()) out.emplace_back(s.text(0), s.text(1));
    if (out.empty()) out = {{"viewer01", "閲覧 一郎"}, {"viewer02", "閲覧 花子"}, {"viewer03", "閲覧 次郎"}};
    return out;
}

}  // namespace

// Generates `rows` events over `days` days for one institution code, or spread over all of them ("all").
oqs::Result<int64_t> generateViewing(Host& host, const std::string& institution, int64_t rows, int64_t days,
                                     uint64_t seed) {
    auto lease = host.pool().lease();
    Connection& c = *lease;
    std::vector<std::pair<int64_t, std::string>> targets;  // (id, code)
    auto s = c.prepare(institution == "all" ? "SELECT id, code FROM institutions ORDER BY id"
                                            : "SELECT id, code FROM institutions WHERE code = ?");
    if (institution != "all") s.bind(1, institution);
    while (s.step()) targets.emplace_back(s.i64(0), s.text(1));
    if (targets.empty()) return oqs::Error{404, "viewing.institution", "no institution " + institution, {}};

    std::mt19937_64 rng(seed);
    const int64_t now = host.clock().nowMs();
    int64_t written = 0;
    for (size_t t = 0; t < targets.size(); ++t) {
        // An even share per institution; the first ones take the remainder.
        int64_t share = rows / int64_t(targets.size()) + (int64_t(t) < rows % int64_t(targets.size()) ? 1 : 0);
        GenerateSpec spec{{targets[t].second}, viewersOf(c, targets[t].first), kViewingBaseCategories, now, days};
        for (int64_t done = 0; done < share;) {
            size_t n = size_t(std::min<int64_t>(share - done, 20000));
            host.viewing().append(c, generateViewingEvents(spec, rng, n), now, "generate");
            done += int64_t(n);
            written += int64_t(n);
        }
    }
    return written;
}

int viewingGenerate(const std::vector<std::string>& argv) {
    Args a(argv, {"--db", "--institution", "--rows", "--days", "--seed"}, {"--help"});
    if (a.has("--help") || !a.ok() || !a.get("--db") || !a.get("--institution")) {
        std::fprintf(a.has("--help") ? stdout : stderr,
                     "usage: oqs-host viewing generate --db FILE --institution CODE|all [--rows N (default 1000)] "
                     "[--days D (default 30)] [--seed S]\n%s%s\n",
                     a.ok() ? "" : "oqs-host: ", a.ok() ? "" : a.error().c_str());
        return a.has("--help") ? 0 : 2;
    }
    int64_t rows = a.integer("--rows", 1000, 1, 100000000);
    int64_t days = a.integer("--days", 30, 1, 3660);
    uint64_t seed = uint64_t(a.integer("--seed", 1, 0, 2000000000));
    if (!a.ok()) return std::fprintf(stderr, "oqs-host: %s\n", a.error().c_str()), 2;
    SystemClock clock;
    HostConfig cfg;
    cfg.dbPath = *a.get("--db");
    Host host(cfg, clock);
    auto t0 = std::chrono::steady_clock::now();
    auto n = generateViewing(host, *a.get("--institution"), rows, days, seed);
    if (!n) return std::fprintf(stderr, "oqs-host: %s\n", n.error().message.c_str()), 1;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("viewing: %lld events written over %lld days in %.1f s (%.0f events/s)\n", (long long)*n,
                (long long)days, secs, double(*n) / std::max(secs, 1e-9));
    return 0;
}

int viewingVerify(const std::vector<std::string>& argv) {
    Args a(argv, {"--db"}, {"--json", "--help"});
    if (a.has("--help")) return std::printf("usage: oqs-host viewing verify --db FILE [--json]\n"), 0;
    if (!a.ok() || !a.get("--db")) return std::fprintf(stderr, "oqs-host: --db is required\n"), 2;
    SystemClock clock;
    HostConfig cfg;
    cfg.dbPath = *a.get("--db");
    Host host(cfg, clock);
    auto lease = host.pool().lease();
    auto v = host.viewing().verify(*lease);
    if (a.has("--json"))
        std::cout << Json{{"ok", v.ok},
                          {"rows", v.rows},
                          {"broken_id", v.brokenId ? Json(*v.brokenId) : Json()},
                          {"reason", v.reason}}
                         .dump()
                  << "\n";
    else if (v.ok) std::cout << "viewing: " << v.rows << " rows, keyed hash chain intact\n";
    else std::cout << "viewing: chain broken at row " << *v.brokenId << ": " << v.reason << "\n";
    return v.ok ? 0 : 1;
}

}  // namespace oqs::host
