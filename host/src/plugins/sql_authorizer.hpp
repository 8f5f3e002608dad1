// sql_authorizer.hpp — what a plugin's own SQL may touch, enforced by SQLite while the statement is compiled
// (sqlite3_set_authorizer), so no spelling of a statement gets around it.
//
// A plugin's objects are those named "<id>_…" that are not the host's (schema.hpp: some host objects share a
// plugin's prefix). Its migrations may create, alter, drop, read and write only those; SQLite's own bookkeeping
// (sqlite_master, sqlite_sequence) is allowed because the engine writes it for every CREATE. At run time (request
// handlers, jobs, init) a plugin reads and writes only its objects and changes no schema. In both, PRAGMA, ATTACH,
// DETACH and raw BEGIN/COMMIT/SAVEPOINT are refused: transactions go through db_begin/db_commit, so the host's
// bookkeeping of them stays true. Triggers and views are checked where they run: a trigger on a plugin table that
// writes a host table is refused when the plugin's INSERT that would fire it is compiled.
#pragma once

#include "storage/sql.hpp"

#include <string>

namespace oqs::host {

enum class PluginSql { Migration, Runtime };

// SQLITE_OK or SQLITE_DENY for one authorizer call; `denied` says what was refused ("UPDATE accounts").
int authorizePluginSql(PluginSql scope, const std::string& pluginId, int action, const char* a1, const char* a2,
                       std::string& denied);

// Installs the authorizer on a connection for its lifetime; statements prepared meanwhile are checked.
class PluginSqlGuard {
  public:
    PluginSqlGuard(Connection& c, std::string pluginId, PluginSql scope);
    ~PluginSqlGuard();
    PluginSqlGuard(const PluginSqlGuard&) = delete;
    PluginSqlGuard& operator=(const PluginSqlGuard&) = delete;
    // The first statement part refused since the guard was installed, or "".
    const std::string& denied() const { return m_denied; }

  private:
    static int callback(void* self, int action, const char* a1, const char* a2, const char* db, const char* inner);
    Connection& m_c;
    std::string m_id;
    PluginSql m_scope;
    std::string m_denied;
};

}  // namespace oqs::host
