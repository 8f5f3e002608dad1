// sql.hpp — the host's SQLite layer: connections (WAL, foreign keys, busy timeout), a pool, prepared
// statements with bound values, and nesting transactions (savepoints inside).
//
// The storage interface is this file: a PostgreSQL engine would implement Connection and Statement again;
// nothing above them spells SQLite-only SQL except the host's own migrations (schema.cpp).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace oqs::host {

// A failed statement. `code` is SQLite's extended result code (0 when the failure is the host's own).
struct SqlError : std::runtime_error {
    explicit SqlError(const std::string& what, int code = 0) : std::runtime_error(what), code(code) {}
    int code;
};
// The database stayed locked by another writer past the busy timeout. Nothing of the failed statement was applied;
// the HTTP layer answers 503 host.busy with Retry-After, the job runner queues the job again.
struct BusyError : SqlError {
    using SqlError::SqlError;
};
// Throws BusyError for SQLITE_BUSY/SQLITE_LOCKED, else SqlError, with `what` and SQLite's message.
[[noreturn]] void throwSql(sqlite3* db, int rc, const std::string& what);
bool isBusy(int rc);

// A prepared statement. One from Connection::prepare goes back to its connection's cache when destroyed (reset,
// bindings cleared), so the next prepare of the same SQL text skips sqlite3_prepare_v2; it must not outlive the
// connection (no statement does: both live inside one request or job).
class Statement {
  public:
    Statement(sqlite3* db, const std::string& sql);
    Statement(sqlite3* db, sqlite3_stmt* s, sqlite3_stmt** home) : m_db(db), m_s(s), m_home(home) {}
    Statement(Statement&& o) noexcept : m_db(o.m_db), m_s(o.m_s), m_home(o.m_home) { o.m_s = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int i, std::nullptr_t) {
        check(sqlite3_bind_null(m_s, i));
        return *this;
    }
    template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    Statement& bind(int i, T v) {
        check(sqlite3_bind_int64(m_s, i, static_cast<sqlite3_int64>(v)));
        return *this;
    }
    Statement& bind(int i, double v) {
        check(sqlite3_bind_double(m_s, i, v));
        return *this;
    }
    Statement& bind(int i, std::string_view v) {
        check(sqlite3_bind_text(m_s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : bind(i, nullptr);
    }
    template <class... A>
    Statement& bindAll(const A&... a) {
        int i = 1;
        (bind(i++, a), ...);
        return *this;
    }

    bool step();  // true: a row; false: done; throws SqlError on failure
    void reset() { sqlite3_reset(m_s); }
    bool isNull(int c) const { return sqlite3_column_type(m_s, c) == SQLITE_NULL; }
    int64_t i64(int c) const { return sqlite3_column_int64(m_s, c); }
    std::string text(int c) const {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(m_s, c));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_s, c))) : std::string();
    }
    std::optional<std::string> optText(int c) const { return isNull(c) ? std::nullopt : std::optional(text(c)); }
    sqlite3_stmt* raw() const { return m_s; }
    // Hands the statement over (to an oqs_stmt a plugin reads, ABI 1.3); only for one not from the cache.
    sqlite3_stmt* release() { return m_home ? nullptr : std::exchange(m_s, nullptr); }

  private:
    void check(int rc);
    sqlite3* m_db;
    sqlite3_stmt* m_s = nullptr;
    sqlite3_stmt** m_home = nullptr;  // the cache slot this statement returns to, if any
    friend class Connection;
};

class Connection {
  public:
    // busyTimeoutMs: how long a statement waits for another writer's lock before it fails with BusyError.
    explicit Connection(const std::string& path, int busyTimeoutMs = kDefaultBusyTimeoutMs);
    static constexpr int kDefaultBusyTimeoutMs = 10000;
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Prepared once per connection and SQL text, then reused (the cache holds at most kCachedStatements idle
    // statements; past that it is emptied). The same SQL prepared again while the first is still in use gets a
    // statement of its own.
    Statement prepare(const std::string& sql);
    static constexpr size_t kCachedStatements = 200;
    // Finalizes every idle cached statement (the pool does this before it closes a connection; tests use it).
    void clearStatementCache();
    size_t cachedStatements() const { return m_cache.size(); }
    void execScript(const std::string& sql);  // several statements, no parameters (migrations)
    template <class... A>
    int64_t exec(const std::string& sql, const A&... a) {
        auto s = prepare(sql);
        s.bindAll(a...);
        while (s.step()) {
        }
        return sqlite3_changes(m_db);
    }
    int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
    int64_t changes() const { return sqlite3_changes(m_db); }
    std::string error() const { return sqlite3_errmsg(m_db); }
    sqlite3* raw() const { return m_db; }

    // Nesting transactions: the outermost is BEGIN IMMEDIATE (takes the write lock at once, so two writers never
    // deadlock on upgrade), inner ones are savepoints. depth() always matches what SQLite holds: a COMMIT that
    // SQLite refuses (a deferred foreign key, a full disk) rolls the whole transaction back before it throws, so no
    // caller can go on believing it committed or hand the connection back still inside a transaction.
    void begin();
    void commit();
    void rollback();
    int depth() const { return m_depth; }
    // Ends whatever transaction the connection is in (also one SQLite holds while depth() says 0); false when even
    // ROLLBACK failed, and the connection must not be reused.
    bool rollbackAll();
    bool inTransaction() const { return sqlite3_get_autocommit(m_db) == 0; }
    int busyTimeoutMs() const { return m_busyTimeoutMs; }
    // Puts the connection's busy handler back (code that waits less for one statement sets sqlite3_busy_timeout
    // on the raw handle, which replaces it).
    void restoreBusyTimeout();

  private:
    static int waitForLock(void* self, int tries);
    sqlite3* m_db = nullptr;
    // SQL text → its idle prepared statement, or nullptr while a Statement has it out. Entries in use are never
    // erased (the Statement holds a pointer to its slot; unordered_map keeps element addresses stable).
    std::unordered_map<std::string, sqlite3_stmt*> m_cache;
    int m_depth = 0;
    int m_busyTimeoutMs;
    std::chrono::steady_clock::time_point m_busySince;
};

// Rolls back unless commit() is called. commit() throws when SQLite refuses it; the transaction is then rolled
// back already.
class Transaction {
  public:
    explicit Transaction(Connection& c) : m_c(c) {
        m_c.begin();
        m_level = m_c.depth();
    }
    ~Transaction() {
        try {
            while (!m_done && m_c.depth() >= m_level) m_c.rollback();
        } catch (...) {
        }
    }
    void commit() {
        if (m_done || m_c.depth() != m_level) throw SqlError("commit of a transaction that is no longer open");
        m_c.commit();
        m_done = true;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    Connection& m_c;
    int m_level = 0;  // the connection's depth inside this transaction
    bool m_done = false;
};

// Connections to one database file, handed out per request or job and returned after.
class Pool {
  public:
    explicit Pool(std::string path, int busyTimeoutMs = Connection::kDefaultBusyTimeoutMs)
        : m_path(std::move(path)), m_busyTimeoutMs(busyTimeoutMs) {}
    class Lease {
      public:
        Lease(Pool& p, std::unique_ptr<Connection> c) : m_p(&p), m_c(std::move(c)) {}
        Lease(Lease&&) noexcept = default;
        ~Lease() {
            if (m_c) m_p->giveBack(std::move(m_c));
        }
        Connection& operator*() { return *m_c; }
        Connection* operator->() { return m_c.get(); }
        Connection* get() { return m_c.get(); }

      private:
        Pool* m_p;
        std::unique_ptr<Connection> m_c;
    };
    Lease lease();
    const std::string& path() const { return m_path; }
    size_t idle() {
        std::lock_guard lock(m_mutex);
        return m_idle.size();
    }

  private:
    void giveBack(std::unique_ptr<Connection> c);
    std::string m_path;
    int m_busyTimeoutMs;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Connection>> m_idle;
};

}  // namespace oqs::host
