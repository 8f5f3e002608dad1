// Prints the cost of one login (POST /api/session over loopback, production Argon2id) and of one Argon2id hash.
// Figures: median and 95th percentile of 40 logins of a known user and 25 of an unknown one (they should match:
// no user enumeration by timing).
#include "identity/crypto.hpp"
#include "test_host.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

namespace {
struct Figures {
    double median, p95;
};
Figures measure(int n, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        auto t = Clock::now();
        fn();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[size_t(double(ms.size()) * 0.95)]};
}
}  // namespace

int main() {
    Options o;
    o.productionHashing = true;
    TestHost host({}, o);
    host.addInstitution("1312345678", "ベンチ医院", "medical");
    host.addAccount("1312345678", "admin", "adm1", "Passw0rd!x");
    oqs::host::PasswordParams p;
    auto known = measure(40, [&] {
        auto c = host.client();
        if (c->login("1312345678", "adm1", "Passw0rd!x").status != 200) std::abort();
    });
    auto unknown = measure(25, [&] {  // below the 30-a-minute throttle on failed logins
        auto c = host.client();
        if (c->login("1312345678", "nobody", "Passw0rd!x").status != 401) std::abort();
    });
    oqs::host::Crypto crypto((host.dir() / "bench.key").string());
    auto hash = measure(20, [&] { (void)crypto.hashPassword("Passw0rd!x"); });
    std::printf("Argon2id parameters: t=%llu, m=%zu MiB, p=1 (libsodium crypto_pwhash, ALG_ARGON2ID13)\n", p.opsLimit,
                p.memLimitBytes / (1024 * 1024));
    std::printf("one Argon2id hash:            median %.1f ms, p95 %.1f ms\n", hash.median, hash.p95);
    std::printf("login, known user (HTTP):     median %.1f ms, p95 %.1f ms\n", known.median, known.p95);
    std::printf("login, unknown user (HTTP):   median %.1f ms, p95 %.1f ms\n", unknown.median, unknown.p95);
    return 0;
}
