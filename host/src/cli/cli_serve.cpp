// `oqs-host serve`: configure, load plugins, serve until SIGINT/SIGTERM.
#include "cli/cli_args.hpp"
#include "host.hpp"
#include "http/server.hpp"

#include <oqs/json_limits.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iterator>
#include <cstdio>
#include <iostream>

namespace oqs::host {

oqs::Result<std::pair<bool, Json>> seedDemo(Host& host);

int serve(const std::vector<std::string>& argv) {
    Args a(argv,
           {"--db", "--bind", "--port", "--plugins", "--web-root", "--environment", "--cert", "--key",
            "--lock-threshold", "--idle-timeout", "--absolute-timeout", "--workers", "--max-body-mb", "--http-threads",
            "--public-url", "--public-rate", "--plugin-config"},
           {"--demo", "--quiet", "--help"});
    if (a.has("--help")) {
        std::cout << "see `oqs-host --help`\n";
        return 0;
    }
    HostConfig cfg;
    cfg.dbPath = a.get("--db", "oqs.db");
    cfg.environment = a.get("--environment", "production");
    cfg.identity.lockThreshold = a.integer("--lock-threshold", 5, 1, 100);
    cfg.sessions.idleMs = int64_t(a.integer("--idle-timeout", 30, 1, 24 * 60)) * 60000;
    cfg.sessions.absoluteMs = int64_t(a.integer("--absolute-timeout", 720, 1, 7 * 24 * 60)) * 60000;
    cfg.workers = a.integer("--workers", 2, 1, 64);
    ServerConfig sc;
    sc.bind = a.get("--bind", "127.0.0.1");
    sc.port = a.integer("--port", 8080, 0, 65535);
    sc.maxBodyBytes = size_t(a.integer("--max-body-mb", 64, 1, 4096)) * 1024 * 1024;
    sc.publicPerMinute = size_t(a.integer("--public-rate", 120, 1, 100000));
    sc.maxJsonBytes = std::min<size_t>(sc.maxJsonBytes, sc.maxBodyBytes);
    sc.threads = size_t(a.integer("--http-threads", 128, 4, 1024));
    sc.accessLog = !a.has("--quiet");
    if (!a.ok()) return std::fprintf(stderr, "oqs-host: %s\n", a.error().c_str()), 2;
    if (cfg.environment != "production" && cfg.environment != "verification")
        return std::fprintf(stderr, "oqs-host: --environment must be production or verification\n"), 2;
    if (a.get("--cert").has_value() != a.get("--key").has_value())
        return std::fprintf(stderr, "oqs-host: --cert and --key go together\n"), 2;
    sc.certFile = a.get("--cert", "");
    sc.keyFile = a.get("--key", "");
    if (auto w = a.get("--web-root")) sc.webRoot = *w;
    // Absolute links (QR codes, mails) use it: an https:// or http:// origin with an optional path, no query.
    std::string publicUrl = a.get("--public-url", "");
    if (!publicUrl.empty()) {
        bool scheme = publicUrl.rfind("https://", 0) == 0 || publicUrl.rfind("http://", 0) == 0;
        if (!scheme || publicUrl.find_first_of("?#\\ \t\r\n\"<>") != std::string::npos || publicUrl.size() > 200)
            return std::fprintf(stderr,
                                "oqs-host: --public-url must be an http:// or https:// address without a query\n"),
                   2;
        while (!publicUrl.empty() && publicUrl.back() == '/') publicUrl.pop_back();
        cfg.publicUrl = publicUrl;
    }
    // Operator options per plugin: a JSON object of objects, {"activation": {"activationDelayMinutes": 10}}.
    if (auto file = a.get("--plugin-config")) {
        std::ifstream in(*file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        Json opts = in.is_open() ? oqs::parseJson(text) : Json();
        bool valid = opts.is_object();
        if (valid)
            for (const auto& o : opts) valid = valid && o.is_object();
        if (!valid)
            return std::fprintf(stderr,
                                "oqs-host: --plugin-config must name a JSON file holding {\"<plugin id>\": {…}}\n"),
                   2;
        cfg.pluginOptions = std::move(opts);
    }

    // Every pooled connection (up to one per HTTP thread) keeps its own page cache of up to 2 MB, so the host's
    // memory grew with the number of connections that had ever been busy. Past this soft limit SQLite reuses
    // cached pages instead of allocating more: memory stays flat; reads still hit the operating system's cache.
    sqlite3_soft_heap_limit64(64LL * 1024 * 1024);

    // Block the stop signals before any thread starts, so every thread inherits the mask and sigwait gets them.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    SystemClock clock;
    Host host(cfg, clock);
    host.addBuiltinPlugins();
    if (auto dir = a.get("--plugins")) host.loadPluginDir(*dir);
    Json demo;
    if (a.has("--demo")) {
        auto d = seedDemo(host);
        if (!d) return std::fprintf(stderr, "oqs-host: demo: %s\n", d.error().message.c_str()), 1;
        demo = d->second;
    }
    Server server(host, sc);
    if (!server.bind()) return std::fprintf(stderr, "oqs-host: %s\n", server.error().c_str()), 1;
    std::string url =
        std::string(server.tls() ? "https" : "http") + "://" + sc.bind + ":" + std::to_string(server.port()) + "/";
    // The configuration is complete before the first thread that reads it starts (a job resumed after a crash reads
    // the public URL at once).
    if (host.config().publicUrl.empty()) host.setPublicUrl(url.substr(0, url.size() - 1));
    host.startJobs();
    server.serve();
    std::cout << "OQS admin console: " << url << "\n";
    if (!demo.is_null()) {
        std::cout << "  demo institution " << demo["institution"].get<std::string>() << " (" << demo.value("name", "")
                  << ")\n";
        for (const auto& acc : demo["accounts"]) {
            std::cout << "  " << (acc["kind"] == "master" ? "master account:      " : "master-reset account:")
                      << " user ID " << acc["user_id"].get<std::string>() << "  ";
            if (acc["initial_password"].is_string())
                std::cout << "initial password " << acc["initial_password"].get<std::string>() << "\n";
            else std::cout << "(password already changed by you)\n";
        }
        std::cout << "  Log in with institution code, user ID and initial password; you will be asked to change it.\n";
    }
    std::cout.flush();
    int sig = 0;
    sigwait(&stopSignals, &sig);
    logLine("stopping on signal " + std::to_string(sig));
    server.stop();
    host.stopJobs();
    return 0;
}

}  // namespace oqs::host
