#include "jobs.hpp"

#include "host.hpp"
#include "host_api.hpp"

#include <chrono>
#include <cstdlib>

namespace oqs::host {

void Jobs::recoverInterrupted(Connection& c) {
    Transaction tx(c);
    auto n = c.exec("UPDATE jobs SET status = 'failed', error = ?, finished_ms = ? WHERE status = 'running' "
                    "AND attempts >= 2",
                    R"({"code":"job.interrupted","message":"処理が中断されました。"})", m_host.clock().nowMs());
    auto r = c.exec("UPDATE jobs SET status = 'queued', started_ms = NULL WHERE status = 'running'");
    tx.commit();
    if (n + r > 0)
        logLine("jobs: " + std::to_string(r) + " interrupted job(s) queued again, " + std::to_string(n) + " marked failed");
}

void Jobs::start(int workers) {
    m_stop = false;
    for (int i = 0; i < workers; ++i) m_threads.emplace_back([this] { worker(); });
}

void Jobs::stop() {
    m_stop = true;
    m_cv.notify_all();
    for (auto& t : m_threads)
        if (t.joinable()) t.join();
    m_threads.clear();
}

void Jobs::worker() {
    while (!m_stop) {
        bool ran = false;
        try {
            ran = runOne();
        } catch (const std::exception& e) {
            logLine(std::string("jobs: worker error: ") + e.what());
        }
        if (!ran) {
            std::unique_lock lock(m_mutex);
            m_cv.wait_for(lock, std::chrono::seconds(1));
        }
    }
}

void Jobs::drain() {
    while (runOne()) {}
}

void Jobs::setProgress(int64_t id, int64_t done, int64_t total) {
    std::lock_guard lock(m_progressMutex);
    m_progress[id] = {done, total};
}

bool Jobs::runOne() {
    auto lease = m_host.pool().lease();
    Connection& c = *lease;
    int64_t id = 0, accountId = 0, institutionId = 0;
    std::string plugin, kind, payload;
    {
        Transaction tx(c);
        auto s = c.prepare("UPDATE jobs SET status = 'running', started_ms = ?, attempts = attempts + 1 WHERE id = "
                           "(SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1) "
                           "RETURNING id, plugin, kind, payload, account_id, institution_id");
        s.bind(1, m_host.clock().nowMs());
        if (!s.step()) return false;
        id = s.i64(0);
        plugin = s.text(1);
        kind = s.text(2);
        payload = s.text(3);
        accountId = s.i64(4);
        institutionId = s.i64(5);
        s.reset();
        tx.commit();
    }
    auto finish = [&](const char* status, const std::string* result, const std::string* error) {
        std::pair<int64_t, int64_t> progress{0, 0};
        {
            std::lock_guard lock(m_progressMutex);
            if (auto it = m_progress.find(id); it != m_progress.end()) progress = it->second;
        }
        c.exec("UPDATE jobs SET status = ?, result = ?, error = ?, finished_ms = ?, progress_done = ?, "
               "progress_total = ? WHERE id = ?", status, result ? std::optional(*result) : std::nullopt,
               error ? std::optional(*error) : std::nullopt, m_host.clock().nowMs(), progress.first,
               progress.second, id);
    };
    const LoadedPlugin* p = m_host.registry().find(plugin);
    if (!p || !p->descriptor->run_job) {
        std::string err = Json{{"code", "job.plugin_missing"}, {"message", "plugin " + plugin + " is not loaded"}}.dump();
        finish("failed", nullptr, &err);
        return true;
    }
    Caller who;
    who.institution = m_host.identity().institutionById(c, institutionId);
    who.account = m_host.identity().accountById(c, accountId);
    who.remote = "job";
    who.auth = "job";
    if (who.institution) who.settings = m_host.settingsValues(c, *who.institution);
    oqs_ctx ctx(m_host, c, p, who);
    ctx.jobId = id;
    setProgress(id, 0, 0);
    char* out = nullptr;
    oqs_status rc = OQS_ERR_INTERNAL;
    c.begin();
    try {
        rc = p->descriptor->run_job(&ctx, hostApi(), kind.c_str(), payload.c_str(), &out);
    } catch (...) {
        rc = OQS_ERR_INTERNAL;  // a plugin that throws through the C boundary is still contained
    }
    std::string result = out ? out : "{}";
    std::free(out);
    try {
        if (rc == OQS_OK) {
            finish("done", &result, nullptr);  // inside the job's transaction: outcome and effects commit together
            while (c.depth() > 0) c.commit();
        } else {
            c.rollbackAll();
            finish("failed", nullptr, &result);
        }
    } catch (const std::exception& e) {
        c.rollbackAll();
        std::string err = Json{{"code", "job.storage"}, {"message", e.what()}}.dump();
        finish("failed", nullptr, &err);
    }
    {
        std::lock_guard lock(m_progressMutex);
        m_progress.erase(id);
    }
    return true;
}

nlohmann::json Jobs::toJson(Connection& c, int64_t id) {
    auto s = c.prepare("SELECT j.id, j.kind, j.status, j.payload, j.result, j.error, j.progress_done, "
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
    return {{"id", s.i64(0)}, {"kind", s.text(1)}, {"status", s.text(2)}, {"payload", parse(3)},
            {"result", parse(4)}, {"error", parse(5)}, {"progress", progress}, {"created_at", time(8)},
            {"started_at", time(9)}, {"finished_at", time(10)}, {"user_id", s.text(11)}};
}

}  // namespace oqs::host
