// The figures of the route kinds (issue "routes for devices, systems and patients"):
//  - a credential-route request (HTTP Basic, production Argon2id): median and p95 — the password check dominates;
//  - public-route requests per second with two client threads (keep-alive, one address each);
//  - viewing events recorded per second through POST /api/viewing/events in batches of 1,000.
#include "test_host.hpp"

#include <httplib.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_devices(void);

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(double(v.size()) * p))];
}

}  // namespace

int main() {
    Options o;
    o.productionHashing = true;
    o.publicPerMinute = 100000000;  // the throughput of the public pipeline itself, not of its per-address limit
    TestHost host({oqs_plugin_entry_devices()}, o);
    const std::string code = "1312345678";
    host.addInstitution(code, "ベンチ医院", "medical");
    host.addAccount(code, "face", "F0read01", "Reader0pass");
    host.addAccount(code, "medinfo", "doc01", "Passw0rd!x");

    httplib::Client cli("127.0.0.1", host.port());
    cli.set_keep_alive(true);
    httplib::Headers reader{{"Authorization", basicAuth(code + "/F0read01", "Reader0pass")}};
    std::vector<double> ms;
    for (int i = 0; i < 40; ++i) {
        auto t = Clock::now();
        auto r = cli.Post("/api/devices/readers/ping", reader, "", "application/json");
        if (!r || r->status != 200) return std::fprintf(stderr, "ping failed\n"), 1;
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    }
    std::printf("credential route (Argon2id t=2 m=19 MiB per request): median %.1f ms, p95 %.1f ms (40 requests)\n",
                percentile(ms, 0.5), percentile(ms, 0.95));

    std::atomic<long> done{0}, limited{0};
    auto until = Clock::now() + std::chrono::seconds(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&] {
            httplib::Client c("127.0.0.1", host.port());
            c.set_keep_alive(true);
            while (Clock::now() < until) {
                auto r = c.Get("/p/devices/t/none");
                if (r && r->status == 410) ++done;
                else if (r && r->status == 429) ++limited;
            }
        });
    for (auto& t : threads) t.join();
    std::printf(
        "public route (a page from the plugin's table), 2 keep-alive clients for 2 s: %.0f requests/s "
        "(%ld answered, %ld refused)\n",
        double(done) / 2.0, done.load(), limited.load());

    nlohmann::json ev{{"at", "2026-11-24T12:00:00+09:00"},
                      {"category", "medical.drug"},
                      {"patient", {{"name", "山田　太郎"}, {"kana", "ヤマダ　タロウ"}, {"birth_date", "1960-04-01"}}},
                      {"insurer_number", "01130012"},
                      {"card_symbol", "1234"},
                      {"card_number", "5678"},
                      {"card_branch", "00"}};
    nlohmann::json batch = nlohmann::json::array();
    for (int i = 0; i < 1000; ++i) batch.push_back(ev);
    std::string body = nlohmann::json{{"events", batch}}.dump();
    httplib::Headers viewer{{"Authorization", basicAuth(code + "/doc01", "Passw0rd!x")}};
    auto t0 = Clock::now();
    const int batches = 20;
    for (int i = 0; i < batches; ++i) {
        auto r = cli.Post("/api/viewing/events", viewer, body, "application/json");
        if (!r || r->status != 201) return std::fprintf(stderr, "viewing batch failed\n"), 1;
    }
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("viewing events through the route: %.0f events/s (%d batches of 1,000, Argon2id per batch included)\n",
                batches * 1000 / secs, batches);
    return 0;
}
