/* oqs_plugin.h — the C boundary between oqs-host and its plugins (ABI 1.3).
 *
 * This is the only contract a plugin binary and the host share. It is plain C so that a plugin built by a vendor
 * with another compiler (or another C++ standard library) loads into our host: no C++ object, exception, allocator
 * or std:: type ever crosses it. Structured data crosses as UTF-8 JSON text.
 *
 * Index
 *   [SECTION] Versioning and breaking changes
 *   [SECTION] Status codes
 *   [SECTION] Request and response
 *   [SECTION] Host function table (oqs_host_api)
 *   [SECTION] Plugin descriptor (oqs_plugin_descriptor) and entry point
 *
 * Most plugins never touch this file: they use the C++ face in oqs/plugin.hpp (OQS_PLUGIN, oqs::Plugin,
 * oqs::Db, oqs::panel). Read this file to write a plugin in C, or to understand what the loader checks.
 */
#ifndef OQS_PLUGIN_H
#define OQS_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ----------------------------------------------------------------------------------------------------------------
 * [SECTION] Versioning and breaking changes
 *
 * A plugin records the ABI it was built against in its descriptor. The host loads it when the majors are equal
 * and the plugin's minor is not newer than the host's. Minor versions only ever append fields at the end of
 * oqs_host_api and oqs_plugin_descriptor (each struct starts with its own size, so both sides can tell which
 * fields the other has). A change that removes or reorders anything bumps the major.
 *
 * Breaking-changes log (newest first)
 *   1.3  2026-11-28  additions only (1.0–1.2 plugins load unchanged): appended oqs_host_api::call_rows, a host
 *                    operation that answers rows handed back as a read-only statement (no JSON per row).
 *   1.2  2026-11-28  additions only (1.0 and 1.1 plugins load unchanged): oqs_response gains a streamed body
 *                    (stream_state, stream_next, stream_release), used only when the host's struct_size says it
 *                    has them; the host then sends the body piece by piece as the client takes it.
 *   1.1  2026-11-28  additions only (a 1.0 plugin loads unchanged): a manifest route may say "auth": "credential"
 *                    (HTTP Basic per request, for devices and systems) or "public" (under /p/<id>/, no account);
 *                    context() adds "public_url" and "auth"; operations institution.public_profile and viewing.*;
 *                    appended oqs_host_api::db_error_json (a storage error as an error object: 503 host.busy
 *                    when the database stayed locked); the host now calls oqs_plugin_descriptor::shutdown.
 *   1.0  2026-11-25  first stable ABI.
 * ------------------------------------------------------------------------------------------------------------- */
#define OQS_ABI_MAJOR 1
#define OQS_ABI_MINOR 3
#define OQS_ENTRY_SYMBOL "oqs_plugin_entry"

#if defined(_WIN32)
#define OQS_EXPORT __declspec(dllexport)
#else
#define OQS_EXPORT __attribute__((visibility("default")))
#endif

/* ----------------------------------------------------------------------------------------------------------------
 * [SECTION] Status codes
 * Every host function returns one of these; OQS_OK is the only success. On failure, functions that take an
 * `char** error_json` set it (when not NULL) to an error object {"code","message","status","fields"} allocated
 * with api->alloc, which the plugin frees with api->free (or passes on as its own answer).
 * ------------------------------------------------------------------------------------------------------------- */
typedef enum oqs_status {
    OQS_OK = 0,
    OQS_ERR_INVALID = 1,   /* bad input (HTTP 400) */
    OQS_ERR_NOT_FOUND = 2, /* 404 */
    OQS_ERR_FORBIDDEN = 3, /* 403 */
    OQS_ERR_CONFLICT = 4,  /* 409 */
    OQS_ERR_STORAGE = 5,   /* database error; the transaction must be rolled back */
    OQS_ERR_INTERNAL = 6   /* anything else (500) */
} oqs_status;

/* Opaque per-call context: the request (or job, or init) the call belongs to. It holds the caller's account and
 * institution and the database connection whose transaction the call takes part in. Valid only during the
 * callback it was passed to. */
typedef struct oqs_ctx oqs_ctx;
/* Opaque prepared statement, owned by the ctx that prepared it. */
typedef struct oqs_stmt oqs_stmt;

/* ----------------------------------------------------------------------------------------------------------------
 * [SECTION] Request and response
 * ------------------------------------------------------------------------------------------------------------- */
typedef struct oqs_request {
    uint32_t struct_size;
    /* Which of the plugin's routes matched: the index into the "routes" array of the plugin's manifest, or -1
     * for a panel request (then `context_json` has "panel": "<panel id>"). */
    int32_t route_index;
    /* {"method","path","params":{...},"query":{...},"lang":"ja|en","remote":"ip","panel":"…"}; the caller
     * itself is read with api->context(). */
    const char* request_json;
    const char* body; /* the raw request body (JSON text, CSV bytes, …); not NUL-terminated */
    size_t body_size;
    const char* content_type; /* "" when absent */
} oqs_request;

struct oqs_host_api; /* below; a streamed body's callback receives it */

typedef struct oqs_response {
    uint32_t struct_size;
    int32_t status;     /* HTTP status */
    char* content_type; /* allocated with api->alloc; NULL means application/json */
    char* headers_json; /* allocated with api->alloc; NULL or {"Content-Disposition": "…"} */
    char* body;         /* allocated with api->alloc; may be NULL when body_size is 0 */
    size_t body_size;
    /* 1.2: a streamed body, for answers too large to hold at once (a CSV of many rows). Set these only when
     * struct_size reaches past stream_release (the host has them); then `body` is ignored. After the status and
     * headers are sent, the host calls stream_next on the request's thread, one piece at a time, as the client
     * takes the previous one, with a fresh ctx of the same caller (no transaction open; statements and
     * operations work as in a handler). stream_next sets *chunk (allocated with api->alloc; NULL when *size is 0)
     * and answers 1 when more follows, 0 at the end (the chunk, if any, is the last piece) or -1 on failure: the
     * host then cuts the connection, so the client sees an incomplete answer rather than a short file.
     * stream_release is called exactly once, after the end, a failure, or the client going away. */
    void* stream_state;
    int (*stream_next)(void* state, oqs_ctx* ctx, const struct oqs_host_api* api, char** chunk, size_t* size);
    void (*stream_release)(void* state);
} oqs_response;

/* ----------------------------------------------------------------------------------------------------------------
 * [SECTION] Host function table (oqs_host_api)
 * Passed to every plugin callback. Fields are only ever appended; check struct_size before using a field that a
 * later minor added.
 * ------------------------------------------------------------------------------------------------------------- */
typedef enum oqs_log_level { OQS_LOG_DEBUG = 0, OQS_LOG_INFO = 1, OQS_LOG_WARN = 2, OQS_LOG_ERROR = 3 } oqs_log_level;

typedef enum oqs_column_type {
    OQS_COL_NULL = 0,
    OQS_COL_INT = 1,
    OQS_COL_REAL = 2,
    OQS_COL_TEXT = 3,
    OQS_COL_BLOB = 4
} oqs_column_type;

typedef struct oqs_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /* Memory: everything handed from one side to the other is allocated with these. */
    void* (*alloc)(size_t size);
    void (*free)(void* ptr);

    /* Logger: one line, tagged with the plugin id by the host. */
    void (*log)(oqs_ctx* ctx, oqs_log_level level, const char* message);

    /* Clock: UTC milliseconds since the epoch. Injectable in the host, so tests can move time. */
    int64_t (*now_ms)(oqs_ctx* ctx);

    /* Who is calling: {"institution":{"code","name","kind":"MED|PHA","usage_start":"yyyy-mm-dd",
     * "ehr_start":…|null,"pmh_pilot":bool},"account":{"user_id","kind","name"}|null,"environment":
     * "production|verification","settings":{snapshot taken at login},"plugin":"<id>"}. Owned by the host;
     * valid for the call. */
    const char* (*context)(oqs_ctx* ctx);

    /* Storage. SQL with `?` placeholders. A plugin's tables are named "<plugin id>_…", and its statements may read
     * and write only those: anything else (the host's tables, another plugin's, PRAGMA, ATTACH, schema changes
     * outside migrations, BEGIN/COMMIT spelt in SQL) fails to prepare with "host.storage.denied". Statements
     * belong to the ctx's connection and are finalised by the host when the call ends if the plugin forgot. A
     * failed bind makes the next db_step fail (-1) instead of running the statement with a missing value. */
    oqs_status (*db_prepare)(oqs_ctx* ctx, const char* sql, oqs_stmt** out, char** error_json);
    oqs_status (*db_bind_null)(oqs_stmt* stmt, int index);
    oqs_status (*db_bind_int)(oqs_stmt* stmt, int index, int64_t value);
    oqs_status (*db_bind_real)(oqs_stmt* stmt, int index, double value);
    oqs_status (*db_bind_text)(oqs_stmt* stmt, int index, const char* text, size_t size);
    oqs_status (*db_bind_blob)(oqs_stmt* stmt, int index, const void* data, size_t size);
    /* Returns 1 when a row is ready, 0 when done, -1 on error (then db_error tells why). */
    int (*db_step)(oqs_stmt* stmt);
    oqs_status (*db_reset)(oqs_stmt* stmt);
    int (*db_column_count)(oqs_stmt* stmt);
    const char* (*db_column_name)(oqs_stmt* stmt, int column);
    oqs_column_type (*db_column_type)(oqs_stmt* stmt, int column);
    int64_t (*db_column_int)(oqs_stmt* stmt, int column);
    double (*db_column_real)(oqs_stmt* stmt, int column);
    /* Text and blob pointers stay valid until the next step/reset/finalize of the statement. */
    const char* (*db_column_text)(oqs_stmt* stmt, int column, size_t* size);
    const void* (*db_column_blob)(oqs_stmt* stmt, int column, size_t* size);
    int64_t (*db_changes)(oqs_ctx* ctx);
    int64_t (*db_last_insert_id)(oqs_ctx* ctx);
    const char* (*db_error)(oqs_ctx* ctx);
    void (*db_finalize)(oqs_stmt* stmt);
    /* Transactions nest: the outermost begin takes the write lock, inner ones are savepoints. A request handler
     * or job that returns with a transaction still open is rolled back by the host. A commit that fails has
     * rolled the transaction back (nothing of it stays). An outermost begin that fails (the database stayed
     * locked) makes every later storage call and operation of the ctx fail the same way until db_rollback or a
     * successful db_begin, so a plugin that goes on regardless cannot half-apply its work outside a
     * transaction. */
    oqs_status (*db_begin)(oqs_ctx* ctx);
    oqs_status (*db_commit)(oqs_ctx* ctx);
    oqs_status (*db_rollback)(oqs_ctx* ctx);

    /* Host services with JSON in and out, named by operation (documented in oqs/services.hpp):
     * identity ("account.create", "account.get", "account.search", "account.update", "account.delete",
     * "account.reset_password", "sessions.end_institution", "institution.get"), settings ("settings.schema",
     * "settings.get", "settings.update"), jobs ("job.enqueue", "job.get", "job.list", "job.progress").
     * Every operation acts for the ctx's account on the ctx's institution only, with the ctx's transaction.
     * On success *out_json (when out_json is not NULL) is set to a result allocated with alloc. */
    oqs_status (*call)(oqs_ctx* ctx, const char* operation, const char* in_json, char** out_json, char** error_json);

    /* Audit: appends one hash-chained row {who, when, from where} + action + detail (JSON) in the ctx's
     * transaction. */
    oqs_status (*audit)(oqs_ctx* ctx, const char* action, const char* detail_json);

    /* 1.1: the ctx's last storage error as an error object {"status","code","message"}: 503 "host.busy" when
     * the database stayed locked by another writer (nothing was changed; try again later), 500 "host.storage"
     * otherwise. Owned by the host, valid until the next call on the ctx. */
    const char* (*db_error_json)(oqs_ctx* ctx);

    /* 1.3: a host operation that answers rows (oqs/services.hpp says which: "viewing.page"), handed back as a
     * read-only statement instead of JSON text, for a plugin that reads many rows (a CSV download): the rows come
     * from the host's cursor one at a time, with no JSON built, printed or parsed per row. The input is the
     * operation's JSON, checked exactly as by `call`. Read *out with db_step and db_column_* (db_column_name says
     * which column is which), finalise it with db_finalize (the host does when the call ends if the plugin
     * forgot). Binding a value to it fails (OQS_ERR_FORBIDDEN): its conditions are the host's. */
    oqs_status (*call_rows)(oqs_ctx* ctx, const char* operation, const char* in_json, oqs_stmt** out,
                            char** error_json);
} oqs_host_api;

/* ----------------------------------------------------------------------------------------------------------------
 * [SECTION] Plugin descriptor and entry point
 * ------------------------------------------------------------------------------------------------------------- */
typedef struct oqs_plugin_descriptor {
    uint32_t struct_size;
    uint16_t abi_major;  /* OQS_ABI_MAJOR the plugin was built with */
    uint16_t abi_minor;  /* OQS_ABI_MINOR the plugin was built with */
    const char* id;      /* [a-z][a-z0-9_]{1,31}; also the route prefix /api/<id>/ and the table prefix */
    const char* version; /* the plugin's own version, free text such as "1.2.0" */
    /* The manifest (schema in oqs/manifest.hpp): names, menu entries, routes with their allowed account kinds,
     * panels, settings fields it contributes, job kinds, numbered migrations. Read and validated by the loader
     * before any callback runs. */
    const char* manifest_json;

    /* Called once after the plugin's migrations have run. Return OQS_OK, or fail with *error_json set. */
    oqs_status (*init)(oqs_ctx* ctx, const oqs_host_api* api, char** error_json);
    /* Answers one request that matched one of the plugin's routes or panels. Must not throw. */
    oqs_status (*handle)(oqs_ctx* ctx, const oqs_host_api* api, const oqs_request* request, oqs_response* response);
    /* Runs one queued job of one of the plugin's job kinds; *result_json (alloc'ed) is stored with the job. By
     * default the host runs it inside one transaction and commits it with the job's outcome. A kind listed as
     * "own" in the manifest's "jobModes" runs outside any transaction instead: it opens its own short ones
     * (so other requests are not held behind its write lock), and records its outcome in its last transaction
     * with the operation "job.complete" (see oqs/services.hpp). */
    oqs_status (*run_job)(oqs_ctx* ctx, const oqs_host_api* api, const char* kind, const char* payload_json,
                          char** result_json);
    /* Called once when the host stops, after its job workers have stopped, in reverse load order (a plugin loaded
     * after another is shut down before it). Only for plugins that were admitted. May be NULL. */
    void (*shutdown)(void);
} oqs_plugin_descriptor;

/* Every plugin exports exactly this function (named OQS_ENTRY_SYMBOL). It must not throw and should do no work
 * but returning a pointer to a descriptor that lives as long as the library. */
typedef const oqs_plugin_descriptor* (*oqs_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* OQS_PLUGIN_H */
