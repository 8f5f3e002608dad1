#include "host.hpp"

#include "audit/audit.hpp"
#include "plugins/jobs.hpp"
#include "storage/schema.hpp"

#include <cstdio>
#include <mutex>

namespace oqs::host {

void logLine(const std::string& line) {
    static std::mutex m;
    std::lock_guard lock(m);
    std::fprintf(stderr, "%s %s\n", isoUtc(SystemClock().nowMs()).c_str(), line.c_str());
}

Host::Host(HostConfig config, const Clock& clock)
    : m_config(std::move(config)),
      m_clock(clock),
      m_pool(m_config.dbPath, m_config.busyTimeoutMs),
      m_crypto(m_config.keyFile.empty() ? m_config.dbPath + ".key" : m_config.keyFile, m_config.password),
      m_identity(m_crypto, m_clock, m_config.identity),
      m_sessions(m_clock, m_config.sessions),
      m_jobs(std::make_unique<Jobs>(*this)) {
    auto c = m_pool.lease();
    migrateHost(*c);
    std::string keyFile = m_config.keyFile.empty() ? m_config.dbPath + ".key" : m_config.keyFile;
    attachAuditChain(*c, auditChainFor(m_crypto, keyFile));  // keys the audit rows; anchors their head
    m_jobs->recoverInterrupted(*c);
}

std::string describeException(std::exception_ptr e) {
    try {
        if (e) std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return x.what();
    } catch (...) {
    }
    return "an exception that is not a std::exception";
}

Host::~Host() {
    stopJobs();
    shutdownPlugins();
}

void Host::startJobs() { m_jobs->start(m_config.workers); }
void Host::stopJobs() { m_jobs->stop(); }

}  // namespace oqs::host
