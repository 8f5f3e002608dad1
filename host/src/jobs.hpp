// jobs.hpp — the persistent job queue. A job is a row; worker threads claim queued rows, run the plugin's
// run_job inside one transaction that commits only when it succeeds, and record the outcome. A job interrupted
// by a crash (still "running" at start) left nothing behind, because its transaction never committed: it is run
// again once, then marked failed.
#pragma once

#include "sql.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace oqs::host {

class Host;

class Jobs {
  public:
    explicit Jobs(Host& host) : m_host(host) {}
    ~Jobs() { stop(); }

    void recoverInterrupted(Connection& c);  // call once at start, before start()
    void start(int workers);
    void stop();
    void wake() { m_cv.notify_all(); }

    // Job rows as JSON (the progress of running jobs comes from memory: their transaction is not visible yet).
    nlohmann::json toJson(Connection& c, int64_t id);
    void setProgress(int64_t id, int64_t done, int64_t total);
    // Runs queued jobs on the calling thread until none is left (tests and the CLI).
    void drain();

  private:
    bool runOne();
    void worker();
    Host& m_host;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::atomic<bool> m_stop{false};
    std::mutex m_progressMutex;
    std::map<int64_t, std::pair<int64_t, int64_t>> m_progress;
};

}  // namespace oqs::host
