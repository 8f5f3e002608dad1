// Issue 10 items 21 and 25, measured. Prints, for GET /api/menu of a logged-in administrator over keep-alive
// connections (50 clients, as many browsers' calls), the requests a second and the 50th and 99th percentile of
// the answer time, next to a bare cpp-httplib handler answering the same bytes measured the same way in the same
// run: with httplib's defaults (what the host had) and tuned as the host now is (the floor); and GET /healthz
// through the host, which isolates the connection handling from the menu's own work. Then 200 clients
// connecting at once, again and again (connect, one request, close): the worst wait, the requests that got no
// answer within 5 s, and the kernel's listen-queue overflow count (TcpExt ListenOverflows, machine-wide) during
// the run, for httplib's defaults (backlog 5) and for the host.
//
// Usage: bench_http [seconds per run, default 3] [keep-alive clients, default 50] [connecting clients, default 200]
#include "raw_http.hpp"
#include "test_host.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

using namespace oqs::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double perSecond = 0, p50 = 0, p99 = 0, worst = 0;
    size_t requests = 0, failed = 0, slow = 0;
    long overflows = 0;
};

double percentile(std::vector<double>& v, double q) {
    if (v.empty()) return 0;
    size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
    return v[i];
}

// TcpExt: ListenOverflows from /proc/net/netstat (the second TcpExt line holds the values of the first's names).
long listenOverflows() {
    std::ifstream in("/proc/net/netstat");
    std::string names, values;
    while (std::getline(in, names) && std::getline(in, values)) {
        if (names.rfind("TcpExt:", 0) != 0) continue;
        std::istringstream n(names), v(values);
        std::string name, value;
        while (n >> name && v >> value)
            if (name == "ListenOverflows") return std::stol(value);
    }
    return -1;
}

// `clients` threads, each on its own keep-alive connection (reconnecting when the server closes it), send
// `request` for `seconds` and time every answer.
Figures keepAlive(int port, const std::string& request, int clients, double seconds) {
    std::vector<std::vector<double>> lat(static_cast<size_t>(clients));
    std::atomic<size_t> failed{0};
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
        threads.emplace_back([&, i] {
            auto conn = std::make_unique<raw::Conn>(port, 5000);
            for (;;) {
                auto t = Clock::now();
                if (t >= until) break;
                raw::Answer a;
                if (conn->send(request)) a = conn->read();
                auto done = Clock::now();
                if (done >= until) break;  // only answers inside the window count
                if (a.status != 200) {
                    ++failed;
                    conn = std::make_unique<raw::Conn>(port, 5000);
                    continue;
                }
                lat[static_cast<size_t>(i)].push_back(std::chrono::duration<double, std::milli>(done - t).count());
                if (a.closes) conn = std::make_unique<raw::Conn>(port, 5000);
            }
        });
    for (auto& t : threads) t.join();
    const double elapsed = seconds;
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    Figures f;
    f.requests = all.size();
    f.failed = failed;
    f.perSecond = double(all.size()) / elapsed;
    f.p50 = percentile(all, 0.50);
    f.p99 = percentile(all, 0.99);
    return f;
}

// `clients` threads connect, send one request, read the answer and close, again and again, for `seconds`.
Figures connectStorm(int port, const std::string& request, int clients, double seconds) {
    std::vector<std::vector<double>> lat(static_cast<size_t>(clients));
    std::atomic<size_t> failed{0};
    long before = listenOverflows();
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
        threads.emplace_back([&, i] {
            while (Clock::now() < until) {
                auto t = Clock::now();
                raw::Conn conn(port, 5000);
                raw::Answer a;
                if (conn.ok() && conn.send(request)) a = conn.read();
                if (a.status != 200) ++failed;
                else
                    lat[static_cast<size_t>(i)].push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - t).count());
            }
        });
    for (auto& t : threads) t.join();
    // Every attempt started inside the window is counted, however long it took (a dropped SYN costs seconds).
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    Figures f;
    f.requests = all.size();
    f.failed = failed;
    f.perSecond = double(all.size()) / elapsed;
    f.p50 = percentile(all, 0.50);
    f.p99 = percentile(all, 0.99);
    f.worst = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
    f.slow = static_cast<size_t>(std::count_if(all.begin(), all.end(), [](double ms) { return ms >= 1000; }));
    f.overflows = listenOverflows() - before;
    return f;
}

// A bare cpp-httplib server answering `body` on GET /api/menu and /healthz; tuned: as oqs-host configures its own.
class Bare {
  public:
    Bare(const std::string& body, bool tuned) {
        if (tuned) {
            m_http.set_tcp_nodelay(true);
            m_http.set_keep_alive_max_count(1000);
            m_http.new_task_queue = [] { return new httplib::ThreadPool(128); };
        }
        m_http.Get("/api/menu", [body](const httplib::Request&, httplib::Response& res) {
            res.set_content(body, "application/json; charset=utf-8");
        });
        m_http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("{\"status\":\"ok\"}", "application/json; charset=utf-8");
        });
        m_port = m_http.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_http.listen_after_bind(); });
        while (!m_http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~Bare() {
        m_http.stop();
        m_thread.join();
    }
    int port() const { return m_port; }

  private:
    httplib::Server m_http;
    std::thread m_thread;
    int m_port = 0;
};

void printKeepAlive(const char* what, const Figures& f) {
    std::printf("  %-34s %9.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%zu answers, %zu failed)\n", what, f.perSecond,
                f.p50, f.p99, f.requests, f.failed);
}
void printStorm(const char* what, const Figures& f) {
    std::printf(
        "  %-34s %7.0f conn/s  p50 %6.2f ms  p99 %7.2f ms  worst %7.1f ms  >=1 s: %zu  no answer: %zu  "
        "ListenOverflows +%ld\n",
        what, f.perSecond, f.p50, f.p99, f.worst, f.slow, f.failed, f.overflows);
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
    int clients = argc > 2 ? std::atoi(argv[2]) : 50;
    int storm = argc > 3 ? std::atoi(argv[3]) : 200;

    TestHost host;
    host.addInstitution("1312345678", "ベンチ医院", "medical");
    host.addAccount("1312345678", "admin", "adm1", "Passw0rd!x");
    auto c = host.client();
    if (c->login("1312345678", "adm1", "Passw0rd!x").status != 200) return std::fprintf(stderr, "login failed\n"), 1;
    auto menu = c->get("/api/menu");
    if (menu.status != 200) return std::fprintf(stderr, "menu failed\n"), 1;
    const std::string menuRequest = "GET /api/menu HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + c->cookie + "\r\n\r\n";
    const std::string healthClose = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

    std::printf("keep-alive: %d clients, GET /api/menu (%zu-byte answer), %.1f s each, %u cores\n", clients,
                menu.body.size(), seconds, std::thread::hardware_concurrency());
    {
        Bare bare(menu.body, false);
        printKeepAlive("bare httplib, its defaults", keepAlive(bare.port(), menuRequest, clients, seconds));
    }
    {
        Bare bare(menu.body, true);
        printKeepAlive("bare httplib, tuned (floor)", keepAlive(bare.port(), menuRequest, clients, seconds));
    }
    // The same connections through the host with no handler work: what the transport itself costs.
    const std::string health = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    printKeepAlive("oqs-host GET /healthz", keepAlive(host.port(), health, clients, seconds));
    printKeepAlive("oqs-host GET /api/menu", keepAlive(host.port(), menuRequest, clients, seconds));

    std::printf("connect storm: %d clients, each connect + GET /healthz + close, repeated, %.1f s each\n", storm,
                seconds);
    {
        Bare bare(menu.body, false);
        printStorm("bare httplib, its defaults", connectStorm(bare.port(), healthClose, storm, seconds));
    }
    printStorm("oqs-host", connectStorm(host.port(), healthClose, storm, seconds));
    return 0;
}
