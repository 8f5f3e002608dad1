// sql.hpp — the host's SQLite layer: connections (WAL, foreign keys, busy timeout), a pool, prepared
// statements with bound values, and nesting transactions (savepoints inside).
//
// The storage interface is this file: a PostgreSQL engine would implement Connection and Statement again;
// nothing above them spells SQLite-only SQL except the host's own migrations (schema.cpp).
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace oqs::host {

struct SqlError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Statement {
  public:
    Statement(sqlite3* db, const std::string& sql);
    Statement(Statement&& o) noexcept : m_db(o.m_db), m_s(o.m_s) { o.m_s = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(m_s); }

    Statement& bind(int i, std::nullptr_t) { check(sqlite3_bind_null(m_s, i)); return *this; }
    template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
    Statement& bind(int i, T v) { check(sqlite3_bind_int64(m_s, i, static_cast<sqlite3_int64>(v))); return *this; }
    Statement& bind(int i, double v) { check(sqlite3_bind_double(m_s, i, v)); return *this; }
    Statement& bind(int i, std::string_view v) {
        check(sqlite3_bind_text(m_s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
        return *this;
    }
    Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) { return v ? bind(i, *v) : bind(i, nullptr); }
    template <class... A>
    Statement& bindAll(const A&... a) { int i = 1; (bind(i++, a), ...); return *this; }

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

  private:
    void check(int rc);
    sqlite3* m_db;
    sqlite3_stmt* m_s = nullptr;
};

class Connection {
  public:
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Statement prepare(const std::string& sql) { return Statement(m_db, sql); }
    void execScript(const std::string& sql);  // several statements, no parameters (migrations)
    template <class... A>
    int64_t exec(const std::string& sql, const A&... a) {
        auto s = prepare(sql);
        s.bindAll(a...);
        while (s.step()) {}
        return sqlite3_changes(m_db);
    }
    int64_t lastInsertId() const { return sqlite3_last_insert_rowid(m_db); }
    int64_t changes() const { return sqlite3_changes(m_db); }
    std::string error() const { return sqlite3_errmsg(m_db); }
    sqlite3* raw() const { return m_db; }

    // Nesting transactions: the outermost is BEGIN IMMEDIATE (takes the write lock at once, so two writers never
    // deadlock on upgrade), inner ones are savepoints.
    void begin();
    void commit();
    void rollback();
    int depth() const { return m_depth; }
    void rollbackAll() { while (m_depth > 0) rollback(); }

  private:
    sqlite3* m_db = nullptr;
    int m_depth = 0;
};

// Rolls back unless commit() is called.
class Transaction {
  public:
    explicit Transaction(Connection& c) : m_c(c) { m_c.begin(); }
    ~Transaction() { if (m_open) try { m_c.rollback(); } catch (...) {} }
    void commit() { m_open = false; m_c.commit(); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

  private:
    Connection& m_c;
    bool m_open = true;
};

// Connections to one database file, handed out per request or job and returned after.
class Pool {
  public:
    explicit Pool(std::string path) : m_path(std::move(path)) {}
    class Lease {
      public:
        Lease(Pool& p, std::unique_ptr<Connection> c) : m_p(&p), m_c(std::move(c)) {}
        Lease(Lease&&) noexcept = default;
        ~Lease() { if (m_c) m_p->giveBack(std::move(m_c)); }
        Connection& operator*() { return *m_c; }
        Connection* operator->() { return m_c.get(); }
        Connection* get() { return m_c.get(); }

      private:
        Pool* m_p;
        std::unique_ptr<Connection> m_c;
    };
    Lease lease();
    const std::string& path() const { return m_path; }

  private:
    void giveBack(std::unique_ptr<Connection> c);
    std::string m_path;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Connection>> m_idle;
};

}  // namespace oqs::host
