#include "plugins/host_api.hpp"

#include "audit/audit.hpp"
#include "oqs/json_limits.hpp"
#include "messages.hpp"
#include "plugins/sql_authorizer.hpp"

#include <cstdlib>
#include <cstring>

using oqs::host::Json;

oqs_ctx::~oqs_ctx() {
    for (auto* s : stmts) {
        sqlite3_finalize(s->s);
        delete s;
    }
}

namespace oqs::host {

namespace {

char* dup(const std::string& s) {
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    if (p) {
        std::memcpy(p, s.data(), s.size());
        p[s.size()] = '\0';
    }
    return p;
}
void setError(char** out, const oqs::Error& e) {
    if (out) *out = dup(e.toJson().dump());
}
oqs_status statusOf(int http) {
    switch (http) {
        case 400:
            return OQS_ERR_INVALID;
        case 403:
            return OQS_ERR_FORBIDDEN;
        case 404:
            return OQS_ERR_NOT_FOUND;
        case 409:
            return OQS_ERR_CONFLICT;
        default:
            return http < 500 ? OQS_ERR_INVALID : OQS_ERR_INTERNAL;
    }
}
std::string source(oqs_ctx* c) { return c->plugin ? c->plugin->id : "host"; }

// [SECTION] Memory, log, clock, context
void* apiAlloc(size_t n) { return std::malloc(n ? n : 1); }
void apiFree(void* p) { std::free(p); }
void apiLog(oqs_ctx* c, oqs_log_level level, const char* msg) {
    static const char* names[] = {"debug", "info", "warn", "error"};
    logLine(std::string("[") + names[level & 3] + "] " + source(c) + ": " + (msg ? msg : ""));
}
int64_t apiNow(oqs_ctx* c) { return c->host->clock().nowMs(); }
const char* apiContext(oqs_ctx* c) {
    if (c->contextJson.empty()) c->contextJson = contextOf(c->caller, c->host->config(), source(c)).dump();
    return c->contextJson.c_str();
}

// [SECTION] Storage
// Records a storage failure for db_error and db_error_json. A busy database is its own answer (503 host.busy):
// the caller did nothing wrong and may try again.
void fail(oqs_ctx* c, const std::string& text, bool busy, const char* code = "host.storage") {
    c->lastError = text;
    c->lastFailure = busy ? hostError(503, "host.busy") : oqs::Error{500, code, text, {}};
    c->lastFailureJson.clear();
}
void failFromDb(oqs_ctx* c) {
    fail(c, sqlite3_errmsg(c->conn->raw()), isBusy(sqlite3_extended_errcode(c->conn->raw())));
}
// After a failed outermost begin the ctx refuses every storage call with that failure (oqs_plugin.h).
bool refuseIfBlocked(oqs_ctx* c, char** err) {
    if (!c->blocked) return false;
    c->lastFailure = *c->blocked;
    c->lastError = c->blocked->message;
    c->lastFailureJson.clear();
    setError(err, *c->blocked);
    return true;
}
oqs_status apiPrepare(oqs_ctx* c, const char* sql, oqs_stmt** out, char** err) {
    if (out) *out = nullptr;
    if (refuseIfBlocked(c, err)) return OQS_ERR_STORAGE;
    sqlite3_stmt* s = nullptr;
    int rc = SQLITE_MISUSE;
    std::string denied;
    if (sql && out) {
        if (c->plugin) {
            PluginSqlGuard guard(*c->conn, c->plugin->id, PluginSql::Runtime);
            rc = sqlite3_prepare_v2(c->conn->raw(), sql, -1, &s, nullptr);
            denied = guard.denied();
        } else {
            rc = sqlite3_prepare_v2(c->conn->raw(), sql, -1, &s, nullptr);
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        if (!denied.empty()) {
            std::string why = "plugin " + c->plugin->id + " may not " + denied +
                              " (a plugin's statements read and "
                              "write only its own tables, named " +
                              c->plugin->id + "_…)";
            logLine("storage: " + why);
            fail(c, why, false, "host.storage.denied");
        } else if (!sql || !out) {
            fail(c, "db_prepare needs SQL and a place for the statement", false);
        } else {
            failFromDb(c);
        }
        setError(err, c->lastFailure);
        return OQS_ERR_STORAGE;
    }
    auto* st = new oqs_stmt{s, c, {}};
    c->stmts.insert(st);
    *out = st;
    return OQS_OK;
}
oqs_status bindRc(oqs_stmt* s, int rc) {
    if (rc == SQLITE_OK) return OQS_OK;
    std::string why = std::string("bind failed: ") + sqlite3_errmsg(s->ctx->conn->raw());
    if (s->bindError.empty()) s->bindError = why;
    fail(s->ctx, why, false);
    return OQS_ERR_STORAGE;
}
// Rows from call_rows carry the host's conditions (the caller's institution among them): they are not rebound.
bool refuseHostRows(oqs_stmt* s) {
    if (!s->hostRows) return false;
    if (s->bindError.empty()) s->bindError = "the rows of a host operation take no bound values";
    fail(s->ctx, s->bindError, false, "host.rows.bind");
    return true;
}
oqs_status apiBindNull(oqs_stmt* s, int i) {
    return refuseHostRows(s) ? OQS_ERR_FORBIDDEN : bindRc(s, sqlite3_bind_null(s->s, i));
}
oqs_status apiBindInt(oqs_stmt* s, int i, int64_t v) {
    return refuseHostRows(s) ? OQS_ERR_FORBIDDEN : bindRc(s, sqlite3_bind_int64(s->s, i, v));
}
oqs_status apiBindReal(oqs_stmt* s, int i, double v) {
    return refuseHostRows(s) ? OQS_ERR_FORBIDDEN : bindRc(s, sqlite3_bind_double(s->s, i, v));
}
oqs_status apiBindText(oqs_stmt* s, int i, const char* t, size_t n) {
    if (refuseHostRows(s)) return OQS_ERR_FORBIDDEN;
    return bindRc(s, sqlite3_bind_text64(s->s, i, t ? t : "", n, SQLITE_TRANSIENT, SQLITE_UTF8));
}
oqs_status apiBindBlob(oqs_stmt* s, int i, const void* d, size_t n) {
    if (refuseHostRows(s)) return OQS_ERR_FORBIDDEN;
    return bindRc(s, sqlite3_bind_blob64(s->s, i, d ? d : "", n, SQLITE_TRANSIENT));
}
int apiStep(oqs_stmt* s) {
    if (!s->bindError.empty()) {  // an extra or misplaced argument: running anyway would store a wrong row
        fail(s->ctx, s->bindError, false);
        return -1;
    }
    int rc = sqlite3_step(s->s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    failFromDb(s->ctx);
    return -1;
}
oqs_status apiReset(oqs_stmt* s) {
    s->bindError.clear();
    return sqlite3_reset(s->s) == SQLITE_OK ? OQS_OK : OQS_ERR_STORAGE;
}
int apiColumnCount(oqs_stmt* s) { return sqlite3_column_count(s->s); }
const char* apiColumnName(oqs_stmt* s, int c) { return sqlite3_column_name(s->s, c); }
oqs_column_type apiColumnType(oqs_stmt* s, int c) {
    switch (sqlite3_column_type(s->s, c)) {
        case SQLITE_INTEGER:
            return OQS_COL_INT;
        case SQLITE_FLOAT:
            return OQS_COL_REAL;
        case SQLITE_TEXT:
            return OQS_COL_TEXT;
        case SQLITE_BLOB:
            return OQS_COL_BLOB;
        default:
            return OQS_COL_NULL;
    }
}
int64_t apiColumnInt(oqs_stmt* s, int c) { return sqlite3_column_int64(s->s, c); }
double apiColumnReal(oqs_stmt* s, int c) { return sqlite3_column_double(s->s, c); }
const char* apiColumnText(oqs_stmt* s, int c, size_t* n) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s->s, c));
    if (n) *n = static_cast<size_t>(sqlite3_column_bytes(s->s, c));
    return p;
}
const void* apiColumnBlob(oqs_stmt* s, int c, size_t* n) {
    auto p = sqlite3_column_blob(s->s, c);
    if (n) *n = static_cast<size_t>(sqlite3_column_bytes(s->s, c));
    return p;
}
int64_t apiChanges(oqs_ctx* c) { return sqlite3_changes(c->conn->raw()); }
int64_t apiLastId(oqs_ctx* c) { return sqlite3_last_insert_rowid(c->conn->raw()); }
const char* apiDbError(oqs_ctx* c) {
    if (c->lastError.empty()) c->lastError = sqlite3_errmsg(c->conn->raw());
    return c->lastError.c_str();
}
const char* apiDbErrorJson(oqs_ctx* c) {
    if (c->lastFailure.message.empty()) c->lastFailure.message = apiDbError(c);
    if (c->lastFailureJson.empty()) c->lastFailureJson = c->lastFailure.toJson().dump();
    return c->lastFailureJson.c_str();
}
void apiFinalize(oqs_stmt* s) {
    if (!s) return;
    s->ctx->stmts.erase(s);
    sqlite3_finalize(s->s);
    delete s;
}
oqs_status txFailed(oqs_ctx* c, const std::exception& e) {
    fail(c, e.what(), dynamic_cast<const BusyError*>(&e) != nullptr);
    return OQS_ERR_STORAGE;
}
oqs_status apiBegin(oqs_ctx* c) {
    const bool outermost = c->conn->depth() == 0;
    if (!outermost && refuseIfBlocked(c, nullptr)) return OQS_ERR_STORAGE;
    try {
        c->conn->begin();
        if (outermost) c->blocked.reset();
        return OQS_OK;
    } catch (const std::exception& e) {
        auto rc = txFailed(c, e);
        if (outermost) c->blocked = c->lastFailure;
        return rc;
    }
}
oqs_status apiCommit(oqs_ctx* c) {
    if (refuseIfBlocked(c, nullptr)) return OQS_ERR_STORAGE;
    try {
        c->conn->commit();  // a refused COMMIT has rolled back already (sql.hpp)
        return OQS_OK;
    } catch (const std::exception& e) {
        return txFailed(c, e);
    }
}
oqs_status apiRollback(oqs_ctx* c) {
    c->blocked.reset();
    try {
        c->conn->rollback();
        return OQS_OK;
    } catch (const std::exception& e) {
        return txFailed(c, e);
    }
}

// The input of a host operation, for call and call_rows alike: an object, its nesting limited before it is parsed
// (input a plugin hands on may come from a request or a file, and copying a deep value recurses once per level,
// oqs/json_limits.hpp); refused while the database is blocked.
oqs_status operationInput(oqs_ctx* c, const char* in, Json& j, char** err) {
    if (in && !jsonDepthWithin(in)) {
        setError(err, {400, "request.json_depth", "送信されたデータの入れ子が深すぎます。", {}});
        return OQS_ERR_INVALID;
    }
    if (refuseIfBlocked(c, err)) return OQS_ERR_STORAGE;
    j = Json::parse(in ? in : "{}", nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        setError(err, {400, "host.call.json", "the operation's input must be a JSON object", {}});
        return OQS_ERR_INVALID;
    }
    return OQS_OK;
}

// [SECTION] Services and audit
oqs_status apiCall(oqs_ctx* c, const char* op, const char* in, char** out, char** err) {
    if (out) *out = nullptr;
    if (err) *err = nullptr;
    Json j;
    if (auto st = operationInput(c, in, j, err); st != OQS_OK) return st;
    try {
        auto r = runOperation(*c, op ? op : "", j);
        if (!r) {
            setError(err, r.error());
            return statusOf(r.error().status);
        }
        if (out) *out = dup(r->dump(-1, ' ', false, Json::error_handler_t::replace));
        return OQS_OK;
    } catch (const BusyError&) {
        // The operation's own transaction was rolled back: nothing of it happened.
        setError(err, hostError(503, "host.busy"));
        return OQS_ERR_STORAGE;
    } catch (const std::exception& e) {
        logLine(std::string("host call ") + (op ? op : "") + " failed: " + e.what());
        setError(err, {500, "host.internal", "内部エラーが発生しました。", {}});
        return OQS_ERR_INTERNAL;
    }
}
// ABI 1.3: the rows of a host operation as a read-only statement of the ctx (oqs_plugin.h).
oqs_status apiCallRows(oqs_ctx* c, const char* op, const char* in, oqs_stmt** out, char** err) {
    if (out) *out = nullptr;
    if (err) *err = nullptr;
    if (!out) {
        setError(err, {400, "host.call", "call_rows needs a place for the rows", {}});
        return OQS_ERR_INVALID;
    }
    Json j;
    if (auto st = operationInput(c, in, j, err); st != OQS_OK) return st;
    try {
        auto r = rowsOperation(*c, op ? op : "", j);
        if (!r) {
            setError(err, r.error());
            return statusOf(r.error().status);
        }
        auto* st = new oqs_stmt{*r, c, {}, true};
        c->stmts.insert(st);
        *out = st;
        return OQS_OK;
    } catch (const BusyError&) {
        setError(err, hostError(503, "host.busy"));
        return OQS_ERR_STORAGE;
    } catch (const std::exception& e) {
        logLine(std::string("host rows ") + (op ? op : "") + " failed: " + e.what());
        setError(err, {500, "host.internal", "内部エラーが発生しました。", {}});
        return OQS_ERR_INTERNAL;
    }
}
oqs_status apiAudit(oqs_ctx* c, const char* action, const char* detail) {
    if (refuseIfBlocked(c, nullptr)) return OQS_ERR_STORAGE;
    try {
        auto d = parseJson(detail ? detail : "{}");
        AuditEntry e;
        e.institution = c->caller.institution ? c->caller.institution->code : "";
        e.userId = c->caller.account ? c->caller.account->userId : "";
        e.accountKind = c->caller.account ? c->caller.account->kind : "";
        e.remote = c->caller.remote;
        e.source = source(c);
        e.action = action ? action : "";
        e.detail = d.is_discarded() ? Json(detail ? detail : "") : d;
        appendAudit(*c->conn, c->host->clock().nowMs(), e);
        return OQS_OK;
    } catch (const std::exception& e) {
        return txFailed(c, e);
    }
}

const oqs_host_api kApi = {
    sizeof(oqs_host_api),
    OQS_ABI_MAJOR,
    OQS_ABI_MINOR,
    apiAlloc,
    apiFree,
    apiLog,
    apiNow,
    apiContext,
    apiPrepare,
    apiBindNull,
    apiBindInt,
    apiBindReal,
    apiBindText,
    apiBindBlob,
    apiStep,
    apiReset,
    apiColumnCount,
    apiColumnName,
    apiColumnType,
    apiColumnInt,
    apiColumnReal,
    apiColumnText,
    apiColumnBlob,
    apiChanges,
    apiLastId,
    apiDbError,
    apiFinalize,
    apiBegin,
    apiCommit,
    apiRollback,
    apiCall,
    apiAudit,
    apiDbErrorJson,
    apiCallRows,
};

}  // namespace

const oqs_host_api* hostApi() { return &kApi; }

// The operator's options for one plugin: its object in --plugin-config, else {}.
Json pluginOptionsOf(const HostConfig& config, const std::string& pluginId) {
    auto it = config.pluginOptions.find(pluginId);
    return it != config.pluginOptions.end() && it->is_object() ? *it : Json::object();
}

Json contextOf(const Caller& who, const HostConfig& config, const std::string& pluginId) {
    Json inst = Json::object(), account = nullptr;
    if (who.institution) {
        const auto& i = *who.institution;
        inst = {{"code", i.code},
                {"name", i.name},
                {"kind", i.kind},
                {"subkind", i.subkind},
                {"usage_start", i.usageStart},
                {"ehr_start", i.ehrStart ? Json(*i.ehrStart) : Json()},
                {"pmh_pilot", i.pmhPilot}};
    }
    if (who.account)
        account = {{"user_id", who.account->userId}, {"kind", who.account->kind}, {"name", who.account->name}};
    return {{"institution", inst},
            {"account", account},
            {"environment", config.environment},
            {"settings", who.settings},
            {"plugin", pluginId},
            {"lang", who.lang},
            {"public_url", config.publicUrl},
            {"auth", who.auth},
            {"options", pluginOptionsOf(config, pluginId)}};
}

}  // namespace oqs::host
