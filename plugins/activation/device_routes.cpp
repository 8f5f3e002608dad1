// The app's routes (SPEC.md §7.6): a device registers with 機関コード + ID + パスワード (HTTP Basic on a credential
// route, checked by the host) + アクティベーションコード and receives a device token; later it proves it may still
// use the app with that token (a public route: the device holds no password). Invalidating the code locks the
// device out at once (ACT-INV-02).
//
// Guessing: a refused code — unknown, another institution's, invalidated, already registered or too early — gets one
// and the same answer, and every refusal counts towards two limits (docs/activation.md has the arithmetic).
#include "activation.hpp"

#include <algorithm>

namespace activation {

namespace {

using oqs::Ctx;
using oqs::Request;
using oqs::Response;

// Wrong codes allowed from one address (any institution) and for one institution (any address) per window.
constexpr int64_t kAddressLimit = 5, kAddressWindowMs = 15 * 60 * 1000;
constexpr int64_t kInstitutionLimit = 10, kInstitutionWindowMs = 60 * 60 * 1000;
constexpr int64_t kKeepAttemptsMs = 24 * 60 * 60 * 1000;

// Seconds until the caller may try again, or 0 when neither limit is reached.
oqs::Result<int64_t> retryAfter(Ctx& ctx, const std::string& address, int64_t now) {
    int64_t wait = 0;
    auto check = [&](const char* sql, const std::string& key, int64_t limit, int64_t window) -> oqs::Status {
        // The limit-th newest failure inside the window: once it leaves the window, one more attempt is allowed.
        auto rows = ctx.db().query(sql, key, now - window, limit);
        if (!rows) return rows.error();
        if (int64_t(rows->size()) >= limit) {
            int64_t oldest = rows->back()["at_ms"].get<int64_t>();
            wait = std::max(wait, (oldest + window - now + 999) / 1000);
        }
        return oqs::Ok{};
    };
    if (auto s = check("SELECT at_ms FROM activation_attempts WHERE address = ? AND ok = 0 AND at_ms > ? "
                       "ORDER BY at_ms DESC LIMIT ?",
                       address, kAddressLimit, kAddressWindowMs);
        !s)
        return s.error();
    if (auto s = check("SELECT at_ms FROM activation_attempts WHERE institution = ? AND ok = 0 AND at_ms > ? "
                       "ORDER BY at_ms DESC LIMIT ?",
                       ctx.institutionCode(), kInstitutionLimit, kInstitutionWindowMs);
        !s)
        return s.error();
    return wait;
}

oqs::Status recordAttempt(Ctx& ctx, const std::string& address, int64_t now, bool ok) {
    if (auto d = ctx.db().exec("DELETE FROM activation_attempts WHERE at_ms < ?", now - kKeepAttemptsMs); !d)
        return d.error();
    if (auto d = ctx.db().exec("DELETE FROM activation_gate WHERE touched_ms < ?", now - kKeepAttemptsMs); !d)
        return d.error();
    auto n = ctx.db().exec("INSERT INTO activation_attempts(institution, address, at_ms, ok) VALUES(?, ?, ?, ?)",
                           ctx.institutionCode(), address, now, ok ? 1 : 0);
    if (!n) return n.error();
    return oqs::Ok{};
}

// Why a code did not register (for the audit only; the caller always gets the same answer).
oqs::Result<std::string> refusalReason(Ctx& ctx, const std::string& code, int64_t notBefore) {
    if (!isCode(code)) return std::string("malformed");
    // Only this institution's codes: another institution's code is "unknown" here too, so its audit log tells
    // nothing about codes elsewhere.
    auto row = ctx.db().queryOne(
        "SELECT issued_ms, registered_ms, invalidated_ms FROM activation_codes "
        "WHERE code = ? AND institution = ?",
        code, ctx.institutionCode());
    if (!row) return row.error();
    if (row->is_null()) return std::string("unknown");
    if (!(*row)["invalidated_ms"].is_null()) return std::string("invalidated");
    if (!(*row)["registered_ms"].is_null()) return std::string("already_registered");
    if ((*row)["issued_ms"].get<int64_t>() > notBefore) return std::string("too_early");
    return std::string("unknown");
}

// POST /api/activation/devices {"activation_code","device_name"?} with HTTP Basic "<機関コード>/<ID>:<パスワード>".
Response registerDevice(Ctx& ctx, const Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    Json nameValue = body->value("device_name", Json(""));
    if (nameValue.is_null()) nameValue = "";  // an app may send null for "no name"
    if (!nameValue.is_string() || !acceptableText(nameValue.get<std::string>(), kMaxDeviceNameChars)) {
        auto e = error(400, "device_name", req.lang);
        e.fields = {{"device_name", e.message}};
        return e;
    }
    const std::string deviceName = nameValue.get<std::string>();
    const Json codeValue = body->value("activation_code", Json(""));
    const std::string code = codeValue.is_string() ? codeValue.get<std::string>() : "";
    const std::string shown = maskedCode(code.substr(0, 32));
    const int64_t now = ctx.nowMs();

    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    for (const std::string& key : {"institution:" + ctx.institutionCode(), "address:" + req.remote})
        if (auto g = ctx.db().exec("INSERT INTO activation_gate(key, touched_ms) VALUES(?, ?) "
                                   "ON CONFLICT(key) DO UPDATE SET touched_ms = excluded.touched_ms",
                                   key, now);
            !g)
            return g.error();
    auto wait = retryAfter(ctx, req.remote, now);
    if (!wait) return wait.error();
    if (*wait > 0) {
        if (auto a = ctx.audit("activation.device.throttled", {{"code", shown}}); !a) return a.error();
        if (auto c = tx.commit(); !c) return c.error();
        Response r = error(429, "throttled", req.lang);
        r.headers["Retry-After"] = std::to_string(*wait);
        return r;
    }

    // One conditional update decides, so two devices racing with the same code cannot both win (ACT-03).
    const int64_t notBefore = now - activationDelayMs(ctx);
    const std::string token = newDeviceToken();
    if (token.empty()) return oqs::Error{500, "activation.random", "internal error", {}};
    auto n = ctx.db().exec(
        "UPDATE activation_codes SET registered_ms = ?, registered_by = ?, device_name = ?, "
        "token_hash = ? WHERE code = ? AND institution = ? AND registered_ms IS NULL "
        "AND invalidated_ms IS NULL AND issued_ms <= ?",
        now, ctx.userId(), deviceName, tokenHash(token), code, ctx.institutionCode(), notBefore);
    if (!n) return n.error();
    const bool ok = *n == 1;
    if (auto s = recordAttempt(ctx, req.remote, now, ok); !s) return s.error();
    if (ok) {
        if (auto a = ctx.audit("activation.device.register", {{"code", code}, {"device_name", deviceName}}); !a)
            return a.error();
        if (auto c = tx.commit(); !c) return c.error();
        return Response::json(
            {{"device_token", token}, {"institution", ctx.institutionCode()}, {"device_name", deviceName}}, 201);
    }
    auto why = refusalReason(ctx, code, notBefore);
    if (!why) return why.error();
    if (auto a = ctx.audit("activation.device.register_refused", {{"code", shown}, {"reason", *why}}); !a)
        return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return error(403, "code_rejected", req.lang);
}

// POST /p/activation/device/status {"device_token"} — 200 while the device's code is valid, 401 from the moment it
// is invalidated (or for a token nobody issued). The token travels in the body, never in a URL that logs keep.
Response deviceStatus(Ctx& ctx, const Request& req) {
    auto body = req.json();
    if (!body) return body.error();
    const Json t = body->value("device_token", Json(""));
    const std::string token = t.is_string() ? t.get<std::string>() : "";
    if (token.size() == 64) {
        auto row = ctx.db().queryOne(
            "SELECT institution, device_name, invalidated_ms FROM activation_codes "
            "WHERE token_hash = ?",
            tokenHash(token));
        if (!row) return row.error();
        if (!row->is_null() && (*row)["invalidated_ms"].is_null())
            return Response::json(
                {{"status", "active"}, {"institution", (*row)["institution"]}, {"device_name", (*row)["device_name"]}});
    }
    return error(401, "device_revoked", req.lang);
}

}  // namespace

void registerDeviceRoutes(oqs::Plugin& p) {
    // OQ-53: the accounts people log in with; system and master accounts are refused by the host (403).
    namespace S = oqs::schema;
    p.credentialRoute("POST", "/devices", {oqs::kAdmin, oqs::kGeneral, oqs::kMedinfo}, registerDevice,
                      "マイナ資格確認アプリ: registers a device with an activation code", oqs::Body::Json, 4096)
        .acceptsSchema(S::object({{"activation_code", S::string("12 digits, as issued")},
                                  {"device_name", S::string("how the device calls itself, up to 50 characters")}},
                                 {"device_name"}))
        .answers(S::object({{"device_token", S::string("64 characters; keep it secret, send it to /device/status")},
                            {"institution", S::string()},
                            {"device_name", S::string()}}),
                 201);
    p.publicRoute("POST", "/device/status", deviceStatus, "マイナ資格確認アプリ: may this device still be used?",
                  oqs::Body::Json, 1024)
        .acceptsSchema(S::object({{"device_token", S::string()}}))
        .answers(S::object({{"status", S::oneOf({"active"})},
                            {"institution", S::string()},
                            {"device_name", S::nullable(S::string())}}));
}

}  // namespace activation
