// db_lock.hpp — another writer, as a second process would be one: holds the database's write lock for a while, or
// probes whether anyone holds it right now. For tests of a busy database.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace oqs::test {

class WriteLock {
  public:
    // Takes the write lock (BEGIN IMMEDIATE) on a thread of its own and keeps it for `ms`; the constructor returns
    // once it is held.
    WriteLock(const std::string& db, int ms) {
        m_thread = std::thread([this, db, ms] {
            sqlite3* h = nullptr;
            sqlite3_open(db.c_str(), &h);
            sqlite3_busy_timeout(h, 30000);
            m_held = sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
            m_ready = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(h);
        });
        while (!m_ready) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~WriteLock() { release(); }
    bool held() const { return m_held; }
    void release() {
        if (m_thread.joinable()) m_thread.join();
    }

  private:
    std::thread m_thread;
    std::atomic<bool> m_ready{false}, m_held{false};
};

// True when nobody holds the write lock at this instant (BEGIN IMMEDIATE without waiting).
inline bool writeLockFree(const std::string& db) {
    sqlite3* h = nullptr;
    sqlite3_open(db.c_str(), &h);
    sqlite3_busy_timeout(h, 0);
    bool free = sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
    if (free) sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(h);
    return free;
}

}  // namespace oqs::test
