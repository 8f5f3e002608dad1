// oqs/ctx.hpp — what a plugin callback sees: the caller, the clock, storage and the host's services.
#pragma once

#include "oqs/db.hpp"
#include "oqs/json_limits.hpp"
#include "oqs/oqs_plugin.h"
#include "oqs/result.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace oqs {

using Json = nlohmann::json;

class Ctx {
  public:
    Ctx(oqs_ctx* ctx, const oqs_host_api* api) : m_ctx(ctx), m_api(api) {}

    // The caller as the host describes it (oqs_host_api::context), parsed once.
    const Json& context() const {
        if (m_context.is_null()) {
            const char* c = m_api->context(m_ctx);
            m_context = c ? parseJson(c) : Json::object();
            if (m_context.is_discarded()) m_context = Json::object();
        }
        return m_context;
    }
    const Json& institution() const { return section("institution"); }
    const Json& account() const { return section("account"); }
    std::string institutionCode() const { return institution().value("code", ""); }
    std::string institutionName() const { return institution().value("name", ""); }
    std::string institutionKind() const { return institution().value("kind", ""); }  // "MED" or "PHA"
    std::string accountKind() const { return account().value("kind", ""); }
    std::string userId() const { return account().value("user_id", ""); }
    bool verification() const { return context().value("environment", "") == "verification"; }
    // The console's address as patients and devices reach it (serve --public-url), for absolute links and QR codes.
    std::string publicUrl() const { return context().value("public_url", ""); }
    // How the caller came in: "session", "credential", "public", "job" or "init".
    std::string auth() const { return context().value("auth", ""); }
    // The institution's settings as taken into the session at login (HOST-SES-02).
    const Json& settings() const { return section("settings"); }
    // The operator's options for this plugin: its object in the file of `oqs-host serve --plugin-config FILE`
    // ({"<plugin id>": {"name": value, …}}), else {}. The same for every institution; read with a default.
    const Json& options() const { return section("options"); }

    int64_t nowMs() const { return m_api->now_ms(m_ctx); }
    Db db() const { return Db(m_ctx, m_api); }

    // A host service operation (oqs/services.hpp lists them).
    Result<Json> call(std::string_view operation, const Json& in = Json::object()) const {
        char* out = nullptr;
        char* err = nullptr;
        std::string op(operation);
        auto rc = m_api->call(m_ctx, op.c_str(), in.dump().c_str(), &out, &err);
        if (rc != OQS_OK) {
            if (out) m_api->free(out);
            return detail::takeError(m_api, err, {500, "host.call", "host call failed: " + op, {}});
        }
        Json result = out ? parseJson(out) : Json::object();
        if (out) m_api->free(out);
        if (result.is_discarded()) return Error{500, "host.call", "host answered invalid JSON", {}};
        return result;
    }
    // A host operation that answers rows (ABI 1.3, oqs/services.hpp): its rows as a read-only statement, read with
    // step() and the column getters — no JSON per row. On a host older than 1.3: 501 host.rows_unsupported.
    Result<Stmt> rows(std::string_view operation, const Json& in) const {
        constexpr size_t need = offsetof(oqs_host_api, call_rows) + sizeof(m_api->call_rows);
        if (m_api->struct_size < need || !m_api->call_rows)
            return Error{501, "host.rows_unsupported", "the host has no row operations (ABI 1.3)", {}};
        oqs_stmt* s = nullptr;
        char* err = nullptr;
        std::string op(operation);
        if (m_api->call_rows(m_ctx, op.c_str(), in.dump().c_str(), &s, &err) != OQS_OK || !s) {
            if (s) m_api->db_finalize(s);
            return detail::takeError(m_api, err, {500, "host.call", "host call failed: " + op, {}});
        }
        return Stmt(m_api, s);
    }
    Status audit(std::string_view action, const Json& detail) const {
        std::string a(action);
        if (m_api->audit(m_ctx, a.c_str(), detail.dump().c_str()) != OQS_OK)
            return Error{500, "host.audit", "audit write failed", {}};
        return Ok{};
    }
    void log(oqs_log_level level, std::string_view message) const {
        std::string m(message);
        m_api->log(m_ctx, level, m.c_str());
    }

    oqs_ctx* raw() const { return m_ctx; }
    const oqs_host_api* api() const { return m_api; }

  private:
    const Json& section(const char* key) const {
        static const Json kEmpty = Json::object();
        const auto& c = context();
        auto it = c.find(key);
        return it != c.end() && it->is_object() ? *it : kEmpty;
    }
    oqs_ctx* m_ctx;
    const oqs_host_api* m_api;
    mutable Json m_context;
};

}  // namespace oqs
