#include "host_api.hpp"

#include "audit.hpp"
#include "oqs/json_limits.hpp"

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
    if (p) { std::memcpy(p, s.data(), s.size()); p[s.size()] = '\0'; }
    return p;
}
void setError(char** out, const oqs::Error& e) {
    if (out) *out = dup(e.toJson().dump());
}
oqs_status statusOf(int http) {
    switch (http) {
        case 400: return OQS_ERR_INVALID;
        case 403: return OQS_ERR_FORBIDDEN;
        case 404: return OQS_ERR_NOT_FOUND;
        case 409: return OQS_ERR_CONFLICT;
        default: return http < 500 ? OQS_ERR_INVALID : OQS_ERR_INTERNAL;
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
    if (c->contextJson.empty())
        c->contextJson = contextOf(c->caller, c->host->config(), source(c)).dump();
    return c->contextJson.c_str();
}

// [SECTION] Storage
oqs_status apiPrepare(oqs_ctx* c, const char* sql, oqs_stmt** out, char** err) {
    sqlite3_stmt* s = nullptr;
    if (!sql || sqlite3_prepare_v2(c->conn->raw(), sql, -1, &s, nullptr) != SQLITE_OK) {
        c->lastError = sqlite3_errmsg(c->conn->raw());
        setError(err, {500, "host.storage", c->lastError, {}});
        return OQS_ERR_STORAGE;
    }
    auto* st = new oqs_stmt{s, c};
    c->stmts.insert(st);
    *out = st;
    return OQS_OK;
}
oqs_status bindRc(oqs_stmt* s, int rc) {
    if (rc == SQLITE_OK) return OQS_OK;
    s->ctx->lastError = sqlite3_errmsg(s->ctx->conn->raw());
    return OQS_ERR_STORAGE;
}
oqs_status apiBindNull(oqs_stmt* s, int i) { return bindRc(s, sqlite3_bind_null(s->s, i)); }
oqs_status apiBindInt(oqs_stmt* s, int i, int64_t v) { return bindRc(s, sqlite3_bind_int64(s->s, i, v)); }
oqs_status apiBindReal(oqs_stmt* s, int i, double v) { return bindRc(s, sqlite3_bind_double(s->s, i, v)); }
oqs_status apiBindText(oqs_stmt* s, int i, const char* t, size_t n) {
    return bindRc(s, sqlite3_bind_text64(s->s, i, t ? t : "", n, SQLITE_TRANSIENT, SQLITE_UTF8));
}
oqs_status apiBindBlob(oqs_stmt* s, int i, const void* d, size_t n) {
    return bindRc(s, sqlite3_bind_blob64(s->s, i, d ? d : "", n, SQLITE_TRANSIENT));
}
int apiStep(oqs_stmt* s) {
    int rc = sqlite3_step(s->s);
    if (rc == SQLITE_ROW) return 1;
    if (rc == SQLITE_DONE) return 0;
    s->ctx->lastError = sqlite3_errmsg(s->ctx->conn->raw());
    return -1;
}
oqs_status apiReset(oqs_stmt* s) { return bindRc(s, sqlite3_reset(s->s)); }
int apiColumnCount(oqs_stmt* s) { return sqlite3_column_count(s->s); }
const char* apiColumnName(oqs_stmt* s, int c) { return sqlite3_column_name(s->s, c); }
oqs_column_type apiColumnType(oqs_stmt* s, int c) {
    switch (sqlite3_column_type(s->s, c)) {
        case SQLITE_INTEGER: return OQS_COL_INT;
        case SQLITE_FLOAT: return OQS_COL_REAL;
        case SQLITE_TEXT: return OQS_COL_TEXT;
        case SQLITE_BLOB: return OQS_COL_BLOB;
        default: return OQS_COL_NULL;
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
void apiFinalize(oqs_stmt* s) {
    if (!s) return;
    s->ctx->stmts.erase(s);
    sqlite3_finalize(s->s);
    delete s;
}
template <void (Connection::*Op)()>
oqs_status txOp(oqs_ctx* c) {
    try {
        (c->conn->*Op)();
        return OQS_OK;
    } catch (const std::exception& e) {
        c->lastError = e.what();
        return OQS_ERR_STORAGE;
    }
}

// [SECTION] Services and audit
oqs_status apiCall(oqs_ctx* c, const char* op, const char* in, char** out, char** err) {
    if (out) *out = nullptr;
    if (err) *err = nullptr;
    // Input a plugin hands on may come from a request or a file: nesting is limited before it is parsed, as for
    // request bodies, because copying and dumping a deep value recurse once per level (oqs/json_limits.hpp).
    if (in && !jsonDepthWithin(in)) {
        setError(err, {400, "request.json_depth", "送信されたデータの入れ子が深すぎます。", {}});
        return OQS_ERR_INVALID;
    }
    auto j = Json::parse(in ? in : "{}", nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        setError(err, {400, "host.call.json", "the operation's input must be a JSON object", {}});
        return OQS_ERR_INVALID;
    }
    try {
        auto r = runOperation(*c, op ? op : "", j);
        if (!r) {
            setError(err, r.error());
            return statusOf(r.error().status);
        }
        if (out) *out = dup(r->dump(-1, ' ', false, Json::error_handler_t::replace));
        return OQS_OK;
    } catch (const std::exception& e) {
        logLine(std::string("host call ") + (op ? op : "") + " failed: " + e.what());
        setError(err, {500, "host.internal", "内部エラーが発生しました。", {}});
        return OQS_ERR_INTERNAL;
    }
}
oqs_status apiAudit(oqs_ctx* c, const char* action, const char* detail) {
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
        c->lastError = e.what();
        return OQS_ERR_STORAGE;
    }
}

const oqs_host_api kApi = {
    sizeof(oqs_host_api), OQS_ABI_MAJOR, OQS_ABI_MINOR, apiAlloc, apiFree, apiLog, apiNow, apiContext,
    apiPrepare, apiBindNull, apiBindInt, apiBindReal, apiBindText, apiBindBlob, apiStep, apiReset,
    apiColumnCount, apiColumnName, apiColumnType, apiColumnInt, apiColumnReal, apiColumnText, apiColumnBlob,
    apiChanges, apiLastId, apiDbError, apiFinalize, txOp<&Connection::begin>, txOp<&Connection::commit>,
    txOp<&Connection::rollback>, apiCall, apiAudit,
};

}  // namespace

const oqs_host_api* hostApi() { return &kApi; }

Json contextOf(const Caller& who, const HostConfig& config, const std::string& pluginId) {
    Json inst = Json::object(), account = nullptr;
    if (who.institution) {
        const auto& i = *who.institution;
        inst = {{"code", i.code}, {"name", i.name}, {"kind", i.kind}, {"subkind", i.subkind},
                {"usage_start", i.usageStart}, {"ehr_start", i.ehrStart ? Json(*i.ehrStart) : Json()},
                {"pmh_pilot", i.pmhPilot}};
    }
    if (who.account)
        account = {{"user_id", who.account->userId}, {"kind", who.account->kind}, {"name", who.account->name}};
    return {{"institution", inst}, {"account", account}, {"environment", config.environment},
            {"settings", who.settings}, {"plugin", pluginId}, {"lang", who.lang}, {"public_url", config.publicUrl},
            {"auth", who.auth}};
}

}  // namespace oqs::host
