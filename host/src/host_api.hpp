// host_api.hpp — the host's side of the C boundary: oqs_ctx (one per request, job or init) and the function
// table handed to plugins.
#pragma once

#include "host.hpp"
#include "oqs/oqs_plugin.h"

#include <optional>
#include <set>
#include <string>

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

}  // namespace oqs::host

struct oqs_stmt {
    sqlite3_stmt* s = nullptr;
    oqs_ctx* ctx = nullptr;
};

struct oqs_ctx {
    oqs::host::Host* host = nullptr;
    oqs::host::Connection* conn = nullptr;
    const oqs::host::LoadedPlugin* plugin = nullptr;  // null when the host itself acts
    oqs::host::Caller caller;
    std::optional<int64_t> jobId;
    std::string contextJson;  // built on first use
    std::string lastError;
    std::set<oqs_stmt*> stmts;

    oqs_ctx(oqs::host::Host& h, oqs::host::Connection& c, const oqs::host::LoadedPlugin* p, oqs::host::Caller who)
        : host(&h), conn(&c), plugin(p), caller(std::move(who)) {}
    ~oqs_ctx();  // finalises the statements a plugin forgot
    oqs_ctx(const oqs_ctx&) = delete;
    oqs_ctx& operator=(const oqs_ctx&) = delete;
};
