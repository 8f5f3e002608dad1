#include "storage/sql.hpp"

#include <thread>
#include <utility>

namespace oqs::host {

bool isBusy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

void throwSql(sqlite3* db, int rc, const std::string& what) {
    std::string why = what.empty() ? std::string(sqlite3_errmsg(db)) : what + ": " + sqlite3_errmsg(db);
    if (isBusy(rc)) throw BusyError(why, rc);
    throw SqlError(why, rc);
}

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db) {
    if (int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_s, nullptr); rc != SQLITE_OK)
        throwSql(db, sqlite3_extended_errcode(db), "prepare failed");
}

Statement::~Statement() {
    if (!m_s) return;
    if (m_home && !*m_home) {
        // Back to the cache: no row or lock kept, no value of this use seen by the next one.
        sqlite3_reset(m_s);
        sqlite3_clear_bindings(m_s);
        *m_home = m_s;
        return;
    }
    sqlite3_finalize(m_s);
}

void Statement::check(int rc) {
    if (rc != SQLITE_OK) throwSql(m_db, rc, "bind failed");
}

bool Statement::step() {
    int rc = sqlite3_step(m_s);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throwSql(m_db, sqlite3_extended_errcode(m_db), "");
}

Connection::Connection(const std::string& path, int busyTimeoutMs) : m_busyTimeoutMs(busyTimeoutMs) {
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw SqlError("cannot open database " + path + ": " + why);
    }
    restoreBusyTimeout();
    execScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

Connection::~Connection() {
    clearStatementCache();
    sqlite3_close_v2(m_db);
}

Statement Connection::prepare(const std::string& sql) {
    auto it = m_cache.find(sql);
    if (it != m_cache.end() && it->second) {
        sqlite3_stmt* s = std::exchange(it->second, nullptr);
        return Statement(m_db, s, &it->second);
    }
    if (it != m_cache.end()) return Statement(m_db, sql);  // the cached one is in use: a second, uncached
    Statement fresh(m_db, sql);                            // throws on a bad statement, which is then not cached
    if (m_cache.size() >= kCachedStatements) clearStatementCache();
    auto slot = m_cache.emplace(sql, nullptr).first;
    return Statement(m_db, std::exchange(fresh.m_s, nullptr), &slot->second);
}

void Connection::clearStatementCache() {
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->second) {
            sqlite3_finalize(it->second);
            it = m_cache.erase(it);
        } else {
            ++it;  // in use: its Statement returns it here
        }
    }
}

void Connection::restoreBusyTimeout() { sqlite3_busy_handler(m_db, &Connection::waitForLock, this); }

// SQLite's own busy handler sleeps longer and longer (up to 100 ms a try), so a waiter can sleep through the short
// gaps a bulk job leaves between its transactions and then wait for the next one. Trying again every millisecond
// takes the lock as soon as it is free; the timeout is the same.
int Connection::waitForLock(void* self, int tries) {
    auto* c = static_cast<Connection*>(self);
    auto now = std::chrono::steady_clock::now();
    if (tries == 0) c->m_busySince = now;
    if (now - c->m_busySince >= std::chrono::milliseconds(c->m_busyTimeoutMs)) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

void Connection::execScript(const std::string& sql) {
    char* err = nullptr;
    if (int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
        std::string why = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        rc = sqlite3_extended_errcode(m_db);
        if (isBusy(rc)) throw BusyError(why, rc);
        throw SqlError(why, rc);
    }
}

void Connection::begin() {
    execScript(m_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp" + std::to_string(m_depth));
    ++m_depth;
}

void Connection::commit() {
    if (m_depth == 0) throw SqlError("commit without a transaction");
    if (m_depth > 1) {
        // A refused RELEASE leaves the savepoint open: the caller's rollback undoes it.
        execScript("RELEASE sp" + std::to_string(m_depth - 1));
        --m_depth;
        return;
    }
    try {
        execScript("COMMIT");
    } catch (...) {
        // SQLite keeps the transaction open after a refused COMMIT. Nothing of it may stay: roll it back here, so
        // the caller's error is the whole truth and the connection is clean again.
        rollbackAll();
        throw;
    }
    m_depth = 0;
}

void Connection::rollback() {
    if (m_depth == 0) return;
    if (!inTransaction()) {  // SQLite already rolled everything back (an I/O error, a full disk)
        m_depth = 0;
        return;
    }
    --m_depth;
    if (m_depth == 0) execScript("ROLLBACK");
    else execScript("ROLLBACK TO sp" + std::to_string(m_depth) + "; RELEASE sp" + std::to_string(m_depth));
}

bool Connection::rollbackAll() {
    m_depth = 0;
    if (!inTransaction()) return true;
    char* err = nullptr;
    int rc = sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, &err);
    sqlite3_free(err);
    return rc == SQLITE_OK && !inTransaction();
}

// Enough that 50 concurrent requests do not close and reopen connections (16 did: GET /api/menu with 50 keep-alive
// clients went from about 9,700 to 15,000–18,000 requests/s). An idle connection keeps three file descriptors
// (database, WAL, shared memory) and the pages SQLite cached for it, so not one per HTTP thread (128).
constexpr size_t kMaxIdle = 64;

Pool::Lease Pool::lease() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto c = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(c));
        }
    }
    return Lease(*this, std::make_unique<Connection>(m_path, m_busyTimeoutMs));
}

void Pool::giveBack(std::unique_ptr<Connection> c) {
    // A connection still inside a transaction (a handler forgot to commit, or SQLite kept one open whatever the
    // bookkeeping says) is rolled back; one that cannot be is closed, never reused dirty: the next request would
    // fail to begin and hold the write lock meanwhile.
    if (!c->rollbackAll()) return;
    c->restoreBusyTimeout();
    std::lock_guard lock(m_mutex);
    // Kept for the next request, with its compiled statements: a connection closed here is opened again (and
    // every statement compiled again) by the next request while many run at once (docs/performance.md).
    if (m_idle.size() < kMaxIdle) m_idle.push_back(std::move(c));
}

}  // namespace oqs::host
