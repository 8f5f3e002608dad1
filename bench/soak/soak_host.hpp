// soak_host.hpp — the real oqs-host binary in its own process for the soak and crash benchmarks, so its resident
// memory can be read alone and it can be killed: a fresh database provisioned through the host's own CLI, then
// `serve` with the shipped plugins.
#pragma once

#include "test_host.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace oqs::soak {

using oqs::test::Json;

// Runs `bin args…` to its end and answers what it printed on stdout (empty on failure).
inline std::string runTool(const std::string& bin, const std::vector<std::string>& args) {
    std::string cmd = "'" + bin + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        if (::pclose(p) != 0) return "";
    }
    return out;
}

class HostProcess {
  public:
    HostProcess(std::string bin, std::filesystem::path db, std::string plugins)
        : m_bin(std::move(bin)), m_db(std::move(db)), m_plugins(std::move(plugins)) {}
    ~HostProcess() { kill(SIGTERM); }

    // Starts `serve` on a free port; answers false when it did not listen within 20 s.
    bool start() {
        m_log = m_db.string() + ".log";
        // A restart on the same database must not read the previous process's "listening" line (and its port).
        std::filesystem::remove(m_log);
        m_pid = ::fork();
        if (m_pid == 0) {
            std::freopen(m_log.c_str(), "w", stdout);
            ::dup2(1, 2);
            std::vector<std::string> args{m_bin, "serve",     "--db",    m_db.string(), "--port",
                                          "0",   "--plugins", m_plugins, "--quiet"};
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(m_bin.c_str(), argv.data());
            ::_exit(127);
        }
        for (int i = 0; i < 2000; ++i) {
            std::ifstream in(m_log);
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (auto at = text.find("http://127.0.0.1:");
                at != std::string::npos && text.find('\n', at) != std::string::npos) {
                m_port = std::atoi(text.c_str() + at + 17);
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    void kill(int signal) {
        if (m_pid <= 0) return;
        ::kill(m_pid, signal);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
    }
    int port() const { return m_port; }
    pid_t pid() const { return m_pid; }
    // VmRSS of the host process in KiB (0 when it is gone).
    long residentKiB() const {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
        return 0;
    }
    // The host's CLI on the same database (institution add, account add, audit verify).
    std::string cli(std::vector<std::string> args) const {
        args.insert(args.begin() + 2, {"--db", m_db.string()});
        return runTool(m_bin, args);
    }

  private:
    std::string m_bin;
    std::filesystem::path m_db;
    std::string m_plugins;
    std::string m_log;
    pid_t m_pid = -1;
    int m_port = 0;
};

}  // namespace oqs::soak
