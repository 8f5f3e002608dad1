// host_api.hpp — the host's side of the C boundary: oqs_ctx (one per request, job or init) and the function
// table handed to plugins.
#pragma once

#include "host.hpp"
#include "oqs/oqs_plugin.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace oqs::host {

// Who a call acts for.
struct Caller {
    std::optional<Institution> institution;
    std::optional<Account> account;
    std::optional<int64_t> sessionId;
    Json settings = Json::object();  // snapshot of the session (or current values for jobs)
    std::string remote;
    std::string lang = "ja";
    std::string auth = "session";  // how the caller came in: session, credential, public, job or init
};

const oqs_host_api* hostApi();

// The JSON that oqs_host_api::context returns.
Json contextOf(const Caller& caller, const HostConfig& config, const std::string& pluginId);

// Host service operations (services.cpp), the same for plugins (through call) and for the host's own routes.
oqs::Result<Json> runOperation(oqs_ctx& ctx, const std::string& op, const Json& in);
// The host operations that answer rows as a statement (oqs_host_api::call_rows, ABI 1.3): a statement prepared
// (not cached) and bound on the ctx's connection, handed over to the caller (operations.hpp says which).
oqs::Result<sqlite3_stmt*> rowsOperation(oqs_ctx& ctx, const std::string& op, const Json& in);

// Accounts checked and given their initial passwords by account.prepare_many, waiting in the ctx for
// account.create_many: the slow part of a bulk registration happens before the write transaction.
struct PreparedAccounts {
    int64_t nowMs = 0;
    std::vector<PendingAccount> rows;
};

}  // namespace oqs::host

struct oqs_stmt {
    sqlite3_stmt* s = nullptr;
    oqs_ctx* ctx = nullptr;
    std::string bindError;  // the first failed bind since the last reset: the statement must not run without it
    bool hostRows = false;  // from call_rows: its conditions are the host's, so binding to it is refused
};

struct oqs_ctx {
    oqs::host::Host* host = nullptr;
    oqs::host::Connection* conn = nullptr;
    const oqs::host::LoadedPlugin* plugin = nullptr;  // null when the host itself acts
    oqs::host::Caller caller;
    std::optional<int64_t> jobId;
    bool jobCompleted = false;  // job.complete recorded the job's outcome in the plugin's transaction
    std::string contextJson;    // built on first use
    std::string lastError;
    oqs::Error lastFailure{500, "host.storage", "", {}};  // what db_error_json answers
    std::string lastFailureJson;
    // Set when an outermost begin failed: every storage call and operation fails the same way until the plugin
    // rolls back or begins again, so nothing runs half outside the transaction it asked for.
    std::optional<oqs::Error> blocked;
    std::map<int64_t, std::shared_ptr<oqs::host::PreparedAccounts>> prepared;
    int64_t nextBatch = 1;
    std::set<oqs_stmt*> stmts;

    oqs_ctx(oqs::host::Host& h, oqs::host::Connection& c, const oqs::host::LoadedPlugin* p, oqs::host::Caller who)
        : host(&h), conn(&c), plugin(p), caller(std::move(who)) {}
    ~oqs_ctx();  // finalises the statements a plugin forgot
    oqs_ctx(const oqs_ctx&) = delete;
    oqs_ctx& operator=(const oqs_ctx&) = delete;
};
