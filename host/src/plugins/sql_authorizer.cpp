#include "plugins/sql_authorizer.hpp"

#include "storage/schema.hpp"

namespace oqs::host {

namespace {

bool internal(const std::string& name) {
    return name == "sqlite_master" || name == "sqlite_temp_master" || name == "sqlite_schema" ||
           name == "sqlite_temp_schema" || name == "sqlite_sequence" || name.rfind("sqlite_stat", 0) == 0;
}

const char* actionName(int action) {
    switch (action) {
        case SQLITE_CREATE_INDEX:
        case SQLITE_CREATE_TEMP_INDEX:
            return "CREATE INDEX";
        case SQLITE_CREATE_TABLE:
        case SQLITE_CREATE_TEMP_TABLE:
            return "CREATE TABLE";
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_CREATE_TEMP_TRIGGER:
            return "CREATE TRIGGER";
        case SQLITE_CREATE_VIEW:
        case SQLITE_CREATE_TEMP_VIEW:
            return "CREATE VIEW";
        case SQLITE_DROP_INDEX:
        case SQLITE_DROP_TEMP_INDEX:
            return "DROP INDEX";
        case SQLITE_DROP_TABLE:
        case SQLITE_DROP_TEMP_TABLE:
            return "DROP TABLE";
        case SQLITE_DROP_TRIGGER:
        case SQLITE_DROP_TEMP_TRIGGER:
            return "DROP TRIGGER";
        case SQLITE_DROP_VIEW:
        case SQLITE_DROP_TEMP_VIEW:
            return "DROP VIEW";
        case SQLITE_INSERT:
            return "INSERT INTO";
        case SQLITE_UPDATE:
            return "UPDATE";
        case SQLITE_DELETE:
            return "DELETE FROM";
        case SQLITE_READ:
            return "read";
        case SQLITE_ALTER_TABLE:
            return "ALTER TABLE";
        case SQLITE_REINDEX:
            return "REINDEX";
        case SQLITE_ANALYZE:
            return "ANALYZE";
        case SQLITE_PRAGMA:
            return "PRAGMA";
        case SQLITE_ATTACH:
            return "ATTACH";
        case SQLITE_DETACH:
            return "DETACH";
        case SQLITE_TRANSACTION:
            return "BEGIN/COMMIT/ROLLBACK";
        case SQLITE_SAVEPOINT:
            return "SAVEPOINT";
        case SQLITE_CREATE_VTABLE:
            return "CREATE VIRTUAL TABLE";
        case SQLITE_DROP_VTABLE:
            return "DROP VIRTUAL TABLE";
        default:
            return "an SQL action";
    }
}

}  // namespace

int authorizePluginSql(PluginSql scope, const std::string& pluginId, int action, const char* a1, const char* a2,
                       std::string& denied) {
    const std::string first = a1 ? a1 : "", second = a2 ? a2 : "";
    auto own = [&](const std::string& name) {
        return name.size() > pluginId.size() + 1 && name.compare(0, pluginId.size() + 1, pluginId + "_") == 0 &&
               !hostObjectNames().count(name);
    };
    const bool migration = scope == PluginSql::Migration;
    bool ok = false;
    std::string object = first;
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_FUNCTION:
        case SQLITE_RECURSIVE:
            ok = true;
            break;
        case SQLITE_READ:
            ok = first.empty() || own(first) || internal(first);
            break;
        case SQLITE_INSERT:
        case SQLITE_UPDATE:
        case SQLITE_DELETE:
            // The engine writes its catalogue for every CREATE, DROP and ALTER; a plugin cannot write it itself
            // without PRAGMA writable_schema, which is refused.
            ok = own(first) || (migration && internal(first));
            break;
        case SQLITE_CREATE_TABLE:
        case SQLITE_CREATE_TEMP_TABLE:
        case SQLITE_CREATE_VIEW:
        case SQLITE_CREATE_TEMP_VIEW:
        case SQLITE_DROP_TABLE:
        case SQLITE_DROP_TEMP_TABLE:
        case SQLITE_DROP_VIEW:
        case SQLITE_DROP_TEMP_VIEW:
        case SQLITE_REINDEX:
        case SQLITE_ANALYZE:
            ok = migration && own(first);
            break;
        case SQLITE_CREATE_INDEX:
        case SQLITE_CREATE_TEMP_INDEX:
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_CREATE_TEMP_TRIGGER:
        case SQLITE_DROP_INDEX:
        case SQLITE_DROP_TEMP_INDEX:
        case SQLITE_DROP_TRIGGER:
        case SQLITE_DROP_TEMP_TRIGGER: {
            // An index or trigger of the plugin's own name on a host table is still the host's table. SQLite names
            // the indexes behind UNIQUE and PRIMARY KEY constraints itself (sqlite_autoindex_<table>_N).
            const bool ownName = own(first) || first.rfind("sqlite_autoindex_" + pluginId + "_", 0) == 0;
            ok = migration && ownName && own(second);
            if (ownName) object = second;
            break;
        }
        case SQLITE_ALTER_TABLE:
            object = second;  // a1 is the database's name
            ok = migration && own(second);
            break;
        default:
            object = action == SQLITE_PRAGMA ? first : "";
            ok = false;
    }
    if (ok) return SQLITE_OK;
    if (denied.empty()) denied = std::string(actionName(action)) + (object.empty() ? "" : " " + object);
    return SQLITE_DENY;
}

PluginSqlGuard::PluginSqlGuard(Connection& c, std::string pluginId, PluginSql scope)
    : m_c(c), m_id(std::move(pluginId)), m_scope(scope) {
    sqlite3_set_authorizer(m_c.raw(), &PluginSqlGuard::callback, this);
}

PluginSqlGuard::~PluginSqlGuard() { sqlite3_set_authorizer(m_c.raw(), nullptr, nullptr); }

int PluginSqlGuard::callback(void* self, int action, const char* a1, const char* a2, const char*, const char*) {
    auto* g = static_cast<PluginSqlGuard*>(self);
    return authorizePluginSql(g->m_scope, g->m_id, action, a1, a2, g->m_denied);
}

}  // namespace oqs::host
