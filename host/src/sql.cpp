#include "sql.hpp"

namespace oqs::host {

Statement::Statement(sqlite3* db, const std::string& sql) : m_db(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_s, nullptr) != SQLITE_OK)
        throw SqlError(std::string("prepare failed: ") + sqlite3_errmsg(db));
}

void Statement::check(int rc) {
    if (rc != SQLITE_OK) throw SqlError(std::string("bind failed: ") + sqlite3_errmsg(m_db));
}

bool Statement::step() {
    int rc = sqlite3_step(m_s);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqlError(sqlite3_errmsg(m_db));
}

Connection::Connection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw SqlError("cannot open database " + path + ": " + why);
    }
    sqlite3_busy_timeout(m_db, 10000);
    execScript("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

Connection::~Connection() { sqlite3_close_v2(m_db); }

void Connection::execScript(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string why = err ? err : sqlite3_errmsg(m_db);
        sqlite3_free(err);
        throw SqlError(why);
    }
}

void Connection::begin() {
    execScript(m_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp" + std::to_string(m_depth));
    ++m_depth;
}

void Connection::commit() {
    if (m_depth == 0) throw SqlError("commit without a transaction");
    --m_depth;
    execScript(m_depth == 0 ? "COMMIT" : "RELEASE sp" + std::to_string(m_depth));
}

void Connection::rollback() {
    if (m_depth == 0) return;
    --m_depth;
    if (m_depth == 0) execScript("ROLLBACK");
    else execScript("ROLLBACK TO sp" + std::to_string(m_depth) + "; RELEASE sp" + std::to_string(m_depth));
}

Pool::Lease Pool::lease() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto c = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(c));
        }
    }
    return Lease(*this, std::make_unique<Connection>(m_path));
}

void Pool::giveBack(std::unique_ptr<Connection> c) {
    // A connection returned inside a transaction (a handler forgot to commit) is rolled back, never reused dirty.
    try { c->rollbackAll(); } catch (...) { return; }
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < 16) m_idle.push_back(std::move(c));
}

}  // namespace oqs::host
