// real_host.hpp — the real oqs-host binary as a child process, for what an in-process host cannot show: a request
// that ends the process, or a second process on the same port. Its output (a file) tells the port it serves.
#pragma once

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

namespace oqs::test {

class RealHost {
  public:
    // Starts `oqs-host serve --db <dir>/<name>.db --port <port>` plus extra arguments (port 0 picks a free one),
    // with its stdout and stderr in <dir>/<name>.log. Returns once it listens or has ended.
    RealHost(const std::filesystem::path& dir, int port, std::vector<std::string> extra = {},
             const std::string& name = "real")
        : m_log(dir / (name + ".log")) {
        std::vector<std::string> args{OQS_HOST_BIN,        "serve", "--db", (dir / (name + ".db")).string(), "--port",
                                      std::to_string(port)};
        args.insert(args.end(), extra.begin(), extra.end());
        // A restart on the same name must not read the previous process's "listening" line.
        std::filesystem::remove(m_log);
        m_pid = ::fork();
        if (m_pid == 0) {
            std::freopen(m_log.c_str(), "w", stdout);
            ::dup2(1, 2);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(OQS_HOST_BIN, argv.data());
            ::_exit(127);
        }
        // It prints "OQS admin console: http://127.0.0.1:PORT/" once it listens; a refusal ends the process.
        for (int i = 0; i < 2000 && m_port == 0 && running(); ++i) {
            auto text = output();
            if (auto at = text.find("http://127.0.0.1:");
                at != std::string::npos && text.find('\n', at) != std::string::npos)
                m_port = std::atoi(text.c_str() + at + 17);
            else std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    ~RealHost() { stop(); }
    RealHost(const RealHost&) = delete;
    RealHost& operator=(const RealHost&) = delete;

    int port() const { return m_port; }  // 0 when it never listened
    // Everything the process printed so far (stdout and stderr).
    std::string output() const {
        std::ifstream in(m_log, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }

    // Waits for the process to end (at most timeoutMs) and answers its exit status, or -1 if it still runs.
    int exitCode(int timeoutMs = 10000) {
        for (int waited = 0; m_pid > 0 && waited <= timeoutMs; waited += 10) {
            int status = 0;
            if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
                m_pid = -1;
                m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
                return m_status;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return m_pid > 0 ? -1 : m_status;
    }
    bool running() {
        if (m_pid <= 0) return false;
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) != m_pid) return true;
        m_pid = -1;
        m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    void stop() { end(SIGTERM); }
    // Ends it as a crash would: no shutdown code runs.
    void crash() { end(SIGKILL); }

  private:
    void end(int signal) {
        if (m_pid > 0) {
            ::kill(m_pid, signal);
            ::waitpid(m_pid, nullptr, 0);
            m_pid = -1;
        }
    }

    std::filesystem::path m_log;
    pid_t m_pid = -1;
    int m_port = 0;
    int m_status = -1;
};

}  // namespace oqs::test
