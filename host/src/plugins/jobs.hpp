// jobs.hpp — the persistent job queue. A job is a row; worker threads claim queued rows, run the plugin's
// run_job and record the outcome.
//
// Two modes, chosen per job kind in the manifest ("jobModes", oqs/plugin.hpp JobMode):
//  - host (default): run_job runs inside one transaction that commits with the outcome only when it succeeds.
//  - own: run_job runs outside any transaction, opens its own short ones, and records its outcome with the
//    operation job.complete inside its last one; the runner records the outcome itself only when the job did not.
// Either way a job's effects and its "done" commit together, so a job interrupted by a crash (still "running" at
// start) left nothing behind: it is run again once, then marked failed. A job that meets a busy database is
// queued again (not counted as an attempt), and the runner's own writes wait for the lock: no job fails because
// another held the write lock.
#pragma once

#include "storage/sql.hpp"

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
    void wake() {
        {
            std::lock_guard lock(m_mutex);  // a worker about to wait sees the flag, one waiting gets the notify
            m_woken = true;
        }
        m_cv.notify_all();
    }

    // Job rows as JSON (the progress of running jobs comes from memory: their transaction is not visible yet).
    nlohmann::json toJson(Connection& c, int64_t id);
    void setProgress(int64_t id, int64_t done, int64_t total);
    std::pair<int64_t, int64_t> progressOf(int64_t id);  // {done, total} as last reported, {0, 0} when unknown
    // Runs queued jobs on the calling thread until none is left (tests and the CLI).
    void drain();

  private:
    struct Claimed {
        int64_t id;
        std::string plugin, kind, payload;
        int64_t accountId, institutionId;
    };
    bool runOne();
    void worker();
    std::optional<Claimed> claim(Connection& c);  // nullopt: nothing queued, or the lock is busy
    // The outcome row, in the caller's transaction / in one of its own (retried while the database is busy).
    void record(Connection& c, int64_t id, const char* status, const std::string* result, const std::string* error);
    void recordAlone(Connection& c, int64_t id, const char* status, const std::string* result,
                     const std::string* error);
    void requeue(Connection& c, int64_t id);
    Host& m_host;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::atomic<bool> m_stop{false};
    bool m_woken = false;  // guarded by m_mutex
    std::mutex m_progressMutex;
    std::map<int64_t, std::pair<int64_t, int64_t>> m_progress;
};

}  // namespace oqs::host
