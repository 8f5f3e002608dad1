#include "plugins/jobs.hpp"

#include "host.hpp"
#include "plugins/host_api.hpp"

#include <chrono>
#include <cstdlib>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

namespace oqs::host {

namespace {

constexpr int kWorkerNice = 10;

// The job runner's own small writes (claim, outcome) wait for the write lock however long another writer holds
// it: a job must never be lost or fail because the database was busy (the busy timeout only bounds each try).
template <class F>
bool untilWritten(const std::atomic<bool>& stop, F write) {
    for (int attempt = 0;; ++attempt) {
        try {
            write();
            return true;
        } catch (const BusyError&) {
            if (stop) return false;  // the job stays "running" and is recovered at the next start
            logLine("jobs: database busy, retrying (" + std::to_string(attempt + 1) + ")");
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

bool isBusyResult(const std::string& errorJson) {
    auto j = Json::parse(errorJson, nullptr, false);
    return j.is_object() && j.value("code", "") == "host.busy";
}

}  // namespace

void Jobs::recoverInterrupted(Connection& c) {
    Transaction tx(c);
    // Interrupted twice: failed — unless the job left a checkpoint, which promises it can carry on from there.
    auto n = c.exec(
        "UPDATE jobs SET status = 'failed', error = ?, finished_ms = ? WHERE status = 'running' "
        "AND attempts >= 2 AND checkpoint IS NULL",
        R"({"code":"job.interrupted","message":"処理が中断されました。"})", m_host.clock().nowMs());
    auto r = c.exec("UPDATE jobs SET status = 'queued', started_ms = NULL WHERE status = 'running'");
    // Accounts a failed job had written but not registered go (their IDs are free again).
    m_host.identity().discardPendingOfFinishedJobs(c);
    tx.commit();
    if (n + r > 0)
        logLine("jobs: " + std::to_string(r) + " interrupted job(s) queued again, " + std::to_string(n) +
                " marked failed");
}

void Jobs::start(int workers) {
    m_stop = false;
    for (int i = 0; i < workers; ++i) m_threads.emplace_back([this] { worker(); });
}

void Jobs::stop() {
    {
        std::lock_guard lock(m_mutex);  // under the mutex, so a worker about to wait cannot miss it
        m_stop = true;
    }
    m_cv.notify_all();
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
    m_threads.clear();
}

void Jobs::worker() {
    // Jobs are background work: on a busy machine the CPU goes to requests first (a login's Argon2id must not
    // queue behind a 10,000-row file). Linux gives each thread its own nice value.
    if (setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWorkerNice) != 0)
        logLine("jobs: could not lower the worker's CPU priority; jobs compete with requests");
    while (!m_stop) {
        bool ran = false;
        try {
            ran = runOne();
        } catch (const std::exception& e) {
            logLine(std::string("jobs: worker error: ") + e.what());
        }
        if (!ran) {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::seconds(1), [this] { return m_stop || m_woken; });
            m_woken = false;
        }
    }
}

void Jobs::drain() {
    while (runOne()) {
    }
}

void Jobs::setProgress(int64_t id, int64_t done, int64_t total) {
    std::lock_guard lock(m_progressMutex);
    m_progress[id] = {done, total};
}

std::pair<int64_t, int64_t> Jobs::progressOf(int64_t id) {
    std::lock_guard lock(m_progressMutex);
    auto it = m_progress.find(id);
    return it == m_progress.end() ? std::pair<int64_t, int64_t>{0, 0} : it->second;
}

std::optional<Jobs::Claimed> Jobs::claim(Connection& c) {
    std::optional<Claimed> job;
    try {
        Transaction tx(c);
        auto s = c.prepare(
            "UPDATE jobs SET status = 'running', started_ms = ?, attempts = attempts + 1 WHERE id = "
            "(SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1) "
            "RETURNING id, plugin, kind, payload, account_id, institution_id");
        s.bind(1, m_host.clock().nowMs());
        if (!s.step()) return std::nullopt;
        job = Claimed{s.i64(0), s.text(1), s.text(2), s.text(3), s.i64(4), s.i64(5)};
        s.reset();
        tx.commit();
    } catch (const BusyError&) {
        return std::nullopt;  // another writer holds the lock: the queued job waits for the next round
    }
    return job;
}

void Jobs::record(Connection& c, int64_t id, const char* status, const std::string* result, const std::string* error) {
    auto progress = progressOf(id);
    c.exec(
        "UPDATE jobs SET status = ?, result = ?, error = ?, finished_ms = ?, progress_done = ?, progress_total = ? "
        "WHERE id = ?",
        status, result ? std::optional(*result) : std::nullopt, error ? std::optional(*error) : std::nullopt,
        m_host.clock().nowMs(), progress.first, progress.second, id);
    // A failed job registers nothing: accounts it wrote as pending go with its failure.
    if (std::string_view(status) == "failed") m_host.identity().discardPendingOfJob(c, id);
}

void Jobs::recordAlone(Connection& c, int64_t id, const char* status, const std::string* result,
                       const std::string* error) {
    untilWritten(m_stop, [&] {
        Transaction tx(c);
        record(c, id, status, result, error);
        tx.commit();
    });
}

void Jobs::requeue(Connection& c, int64_t id) {
    // Not an attempt: the job found the database busy, it did not crash. It runs again after a pause.
    logLine("jobs: job " + std::to_string(id) + " found the database busy; queued again");
    untilWritten(m_stop, [&] {
        c.exec("UPDATE jobs SET status = 'queued', started_ms = NULL, attempts = attempts - 1 WHERE id = ?", id);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

bool Jobs::runOne() {
    auto lease = m_host.pool().lease();
    Connection& c = *lease;
    auto job = claim(c);
    if (!job) return false;
    const int64_t id = job->id;
    struct ForgetProgress {
        Jobs& jobs;
        int64_t id;
        ~ForgetProgress() {
            std::lock_guard lock(jobs.m_progressMutex);
            jobs.m_progress.erase(id);
        }
    } forget{*this, id};

    const LoadedPlugin* p = m_host.registry().find(job->plugin);
    if (!p || !p->descriptor->run_job) {
        std::string err =
            Json{{"code", "job.plugin_missing"}, {"message", "plugin " + job->plugin + " is not loaded"}}.dump();
        recordAlone(c, id, "failed", nullptr, &err);
        return true;
    }
    const bool own = p->manifest.ownTransactionJobs.count(job->kind) > 0;
    Caller who;
    who.institution = m_host.identity().institutionById(c, job->institutionId);
    who.account = m_host.identity().accountById(c, job->accountId);
    who.remote = "job";
    who.auth = "job";
    if (who.institution) who.settings = m_host.settingsValues(c, *who.institution);
    oqs_ctx ctx(m_host, c, p, who);
    ctx.jobId = id;
    setProgress(id, 0, 0);

    if (!own) {
        try {
            c.begin();
        } catch (const BusyError&) {
            requeue(c, id);
            return true;
        }
    }
    char* out = nullptr;
    oqs_status rc = OQS_ERR_INTERNAL;
    std::string thrown;
    try {
        rc = p->descriptor->run_job(&ctx, hostApi(), job->kind.c_str(), job->payload.c_str(), &out);
    } catch (...) {
        thrown = describeException(std::current_exception());  // a plugin that throws through the C boundary
    }
    std::string result = out && *out ? out : "{}";
    std::free(out);
    if (!thrown.empty()) {
        rc = OQS_ERR_INTERNAL;
        logLine("jobs: job " + std::to_string(id) + " (" + p->id + "/" + job->kind + ") threw: " + thrown);
        result = Json{{"code", "plugin.exception"}, {"message", thrown}}.dump();
    }

    if (own) {
        if (c.depth() > 0 || c.inTransaction()) {
            logLine("jobs: job " + std::to_string(id) + " (" + p->id + "/" + job->kind +
                    ") left a transaction open; rolled back");
            c.rollbackAll();
        }
        if (ctx.jobCompleted) {
            // Its outcome committed with its effects (job.complete); unless the plugin rolled that back.
            auto s = c.prepare("SELECT status FROM jobs WHERE id = ?");
            s.bind(1, id);
            if (s.step() && s.text(0) == "done") {
                if (rc != OQS_OK) logLine("jobs: job " + std::to_string(id) + " failed after completing: " + result);
                return true;
            }
        }
        if (rc == OQS_OK) {
            recordAlone(c, id, "done", &result, nullptr);
        } else if (isBusyResult(result)) {
            requeue(c, id);
        } else {
            logLine("jobs: job " + std::to_string(id) + " (" + p->id + "/" + job->kind + ") failed: " + result);
            recordAlone(c, id, "failed", nullptr, &result);
        }
        return true;
    }
    try {
        if (rc == OQS_OK) {
            // Inside the job's transaction: outcome and effects commit together.
            record(c, id, "done", &result, nullptr);
            while (c.depth() > 0) c.commit();
            return true;
        }
    } catch (const std::exception& e) {
        c.rollbackAll();
        std::string err = Json{{"code", "job.storage"}, {"message", e.what()}}.dump();
        logLine("jobs: job " + std::to_string(id) + " (" + p->id + "/" + job->kind + ") could not commit: " + e.what());
        recordAlone(c, id, "failed", nullptr, &err);
        return true;
    }
    c.rollbackAll();
    if (isBusyResult(result)) {
        requeue(c, id);
        return true;
    }
    logLine("jobs: job " + std::to_string(id) + " (" + p->id + "/" + job->kind + ") failed: " + result);
    recordAlone(c, id, "failed", nullptr, &result);
    return true;
}

nlohmann::json Jobs::toJson(Connection& c, int64_t id) {
    auto s = c.prepare(
        "SELECT j.id, j.kind, j.status, j.payload, j.result, j.error, j.progress_done, "
        "j.progress_total, j.created_ms, j.started_ms, j.finished_ms, a.user_id FROM jobs j "
        "JOIN accounts a ON a.id = j.account_id WHERE j.id = ?");
    s.bind(1, id);
    if (!s.step()) return nullptr;
    auto parse = [&](int col) { return s.isNull(col) ? Json() : Json::parse(s.text(col), nullptr, false); };
    auto time = [&](int col) { return s.isNull(col) ? Json() : Json(isoUtc(s.i64(col))); };
    Json progress{{"done", s.i64(6)}, {"total", s.i64(7)}};
    {
        std::lock_guard lock(m_progressMutex);
        if (auto it = m_progress.find(id); it != m_progress.end())
            progress = {{"done", it->second.first}, {"total", it->second.second}};
    }
    return {{"id", s.i64(0)},        {"kind", s.text(1)},       {"status", s.text(2)},  {"payload", parse(3)},
            {"result", parse(4)},    {"error", parse(5)},       {"progress", progress}, {"created_at", time(8)},
            {"started_at", time(9)}, {"finished_at", time(10)}, {"user_id", s.text(11)}};
}

}  // namespace oqs::host
