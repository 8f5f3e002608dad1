// Host service operations for registering many accounts at once and for sealing a plugin's secrets
// (oqs/services.hpp). They exist so that a bulk job never holds the write lock for long: checking, password
// generation and hashing happen in account.prepare_many, before any transaction; the accounts are then written in
// short transactions as pending (invisible) and registered in short transactions once the job has stored its
// result file — other institutions' requests get the lock between them.
#include "audit/audit.hpp"
#include "plugins/host_api.hpp"
#include "messages.hpp"
#include "plugins/operations.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace oqs::host {

namespace {

constexpr const char* kSealPrefix = "oqs-seal1.";
constexpr size_t kMaxBatch = 20000;

std::optional<std::string> optString(const Json& in, const char* key) {
    auto it = in.find(key);
    if (it == in.end() || it->is_null() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::string toBase64(const unsigned char* p, size_t n) {
    std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), p, n, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}
std::optional<std::string> fromBase64(const std::string& text) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    out.resize(len);
    return out;
}

// [SECTION] Many accounts
oqs::Result<Json> prepareMany(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return hostError(403, "identity.forbidden");
    auto list = in.find("accounts");
    if (list == in.end() || !list->is_array() || list->size() > kMaxBatch)
        return hostError(400, "request.invalid", {{"accounts", "an array of at most 20000 accounts is required"}});
    auto batch = std::make_shared<PreparedAccounts>();
    batch->nowMs = c.host->clock().nowMs();
    Json answer = Json::array();
    auto& identity = c.host->identity();
    const std::string expires = isoUtc(batch->nowMs + int64_t(identity.config().initialValidDays) * 86400000);
    for (size_t i = 0; i < list->size(); ++i) {
        const Json& a = (*list)[i];
        if (!a.is_object()) return hostError(400, "identity.invalid", {{"row", i}});
        PendingAccount p;
        p.kind = optString(a, "kind").value_or("");
        p.userId = optString(a, "user_id").value_or("");
        p.name = optString(a, "name").value_or("");
        p.kana = optString(a, "kana").value_or("");
        p.startDate = optString(a, "start_date").value_or("");
        p.endDate = optString(a, "end_date");
        if (p.endDate && p.endDate->empty()) p.endDate.reset();
        if (!mayRegister(c.caller.account->kind, p.kind)) {
            auto refused = hierarchyRefusal("register", c.caller.account->kind, p.kind);
            refused.fields = {{"row", i}, {"user_id", p.userId}};
            return refused;
        }
        auto fields = newAccountProblems(p.kind, p.userId, p.startDate, p.endDate);
        addNameProblems(fields, p.name, p.kana);
        if (!fields.empty()) {
            fields["row"] = i;
            return hostError(400, "identity.invalid", fields);
        }
        std::string password = Crypto::generateInitialPassword();
        p.passwordHash = identity.crypto().hashInitialPassword(password);
        answer.push_back({{"user_id", p.userId}, {"initial_password", password}, {"initial_expires_at", expires}});
        sodium_memzero(password.data(), password.size());
        batch->rows.push_back(std::move(p));
    }
    int64_t id = c.nextBatch++;
    c.prepared[id] = std::move(batch);
    return Json{{"batch", id}, {"accounts", std::move(answer)}};
}

// Which of many user IDs are taken in the caller's institution, in one call: a 10,000-row file asked
// account.exists 10,000 times, each a JSON round trip through the plugin boundary.
oqs::Result<Json> existsMany(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return hostError(403, "identity.forbidden");
    auto list = in.find("user_ids");
    if (list == in.end() || !list->is_array() || list->size() > kMaxBatch ||
        !std::all_of(list->begin(), list->end(), [](const Json& x) { return x.is_string(); }))
        return hostError(400, "request.invalid", {{"user_ids", "an array of at most 20000 user IDs is required"}});
    Json taken = Json::object();
    for (const auto& id : *list)
        if (auto deleted = c.host->identity().userIdTaken(*c.conn, c.caller.institution->id, id.get<std::string>()))
            taken[id.get<std::string>()] = {{"deleted", *deleted}};
    return Json{{"taken", std::move(taken)}};
}

oqs::Error notInJob() { return {400, "job.not_in_job", "pending accounts belong to a running job", {}}; }

int64_t limitOf(const Json& in) {
    auto it = in.find("limit");
    int64_t limit = it != in.end() && it->is_number_integer() ? it->get<int64_t>() : 500;
    return std::clamp<int64_t>(limit, 1, 5000);
}

int64_t pendingLeft(oqs_ctx& c) { return c.host->identity().pendingCount(*c.conn, *c.jobId); }

// Writes the next `limit` prepared accounts as pending (invisible, IDs reserved) in one short transaction. An ID
// taken since the caller checked it fails the call (nothing of it stays); the caller discards what it staged.
oqs::Result<Json> stageMany(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return hostError(403, "identity.forbidden");
    if (!c.jobId) return notInJob();
    auto it = c.prepared.find(in.value("batch", Json(0)).is_number_integer() ? in["batch"].get<int64_t>() : 0);
    if (it == c.prepared.end())
        return oqs::Error{400, "identity.batch_unknown", "no accounts prepared under that batch in this job", {}};
    const PreparedAccounts& batch = *it->second;
    size_t from = in.contains("offset") && in["offset"].is_number_unsigned() ? in["offset"].get<size_t>() : 0;
    size_t to = std::min(batch.rows.size(), from + size_t(limitOf(in)));
    from = std::min(from, to);
    const std::span<const PendingAccount> slice(batch.rows.data() + from, to - from);
    if (auto staged = c.host->identity().stagePending(*c.conn, c.caller.institution->id, *c.jobId, slice, batch.nowMs);
        !staged)
        return staged.error();
    const bool done = to >= batch.rows.size();
    if (done) c.prepared.erase(it);
    return Json{{"staged", to - from}, {"next", to}, {"done", done}};
}

// Registers up to `limit` of the job's pending accounts: from now on they log in, are found and count. The audit
// row (who registered which IDs) commits with them.
oqs::Result<Json> activatePending(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return hostError(403, "identity.forbidden");
    if (!c.jobId) return notInJob();
    Json registered = Json::array();
    for (auto& [userId, kind] :
         c.host->identity().activatePending(*c.conn, c.caller.institution->id, *c.jobId, limitOf(in)))
        registered.push_back({{"user_id", userId}, {"kind", kind}});
    if (!registered.empty()) {
        AuditEntry e;
        e.institution = c.caller.institution->code;
        e.userId = c.caller.account->userId;
        e.accountKind = c.caller.account->kind;
        e.remote = c.caller.remote;
        e.source = "host";
        e.action = "identity.account.create_many";
        e.detail = {{"job", *c.jobId}, {"count", registered.size()}, {"accounts", registered}};
        appendAudit(*c.conn, c.host->clock().nowMs(), e);
    }
    return Json{{"activated", registered.size()}, {"left", pendingLeft(c)}};
}

// Removes up to `limit` of the job's pending accounts (their IDs become free again): what a job that will not
// register its file does, and what the job runner does for a job that failed.
oqs::Result<Json> discardPending(oqs_ctx& c, const Json& in) {
    if (!c.jobId) return notInJob();
    auto n = c.host->identity().discardPending(*c.conn, *c.jobId, limitOf(in));
    return Json{{"discarded", n}, {"left", pendingLeft(c)}};
}

// [SECTION] Secrets
std::array<unsigned char, crypto_secretbox_KEYBYTES> sealKey(oqs_ctx& c) {
    static_assert(crypto_secretbox_KEYBYTES == 32);
    return c.host->crypto().derivedKey("seal:" + (c.plugin ? c.plugin->id : std::string("host")));
}

oqs::Result<Json> seal(oqs_ctx& c, const Json& in) {
    auto text = optString(in, "data");
    auto data = text ? fromBase64(*text) : std::nullopt;
    if (!data) return hostError(400, "request.invalid", {{"data", "base64 of the bytes to seal is required"}});
    auto key = sealKey(c);
    std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + data->size());
    randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(data->data()), data->size(), box.data(), key.data());
    sodium_memzero(data->data(), data->size());
    sodium_memzero(key.data(), key.size());
    return Json{{"sealed", kSealPrefix + toBase64(box.data(), box.size())}};
}

oqs::Result<Json> open(oqs_ctx& c, const Json& in) {
    std::string sealed = optString(in, "sealed").value_or("");
    const oqs::Error refused{400, "secret.invalid", "not sealed by this host for this plugin, or altered", {}};
    if (sealed.rfind(kSealPrefix, 0) != 0) return refused;
    auto box = fromBase64(sealed.substr(std::strlen(kSealPrefix)));
    if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return refused;
    auto key = sealKey(c);
    std::string plain(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    const auto* b = reinterpret_cast<const unsigned char*>(box->data());
    int rc = crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), b + crypto_secretbox_NONCEBYTES,
                                        box->size() - crypto_secretbox_NONCEBYTES, b, key.data());
    sodium_memzero(key.data(), key.size());
    if (rc != 0) return refused;
    Json out{{"data", toBase64(reinterpret_cast<const unsigned char*>(plain.data()), plain.size())}};
    sodium_memzero(plain.data(), plain.size());
    return out;
}

}  // namespace

std::span<const Operation> bulkOperations() {
    static const Operation kOps[] = {
        {"account.exists_many", existsMany},
        {"account.prepare_many", prepareMany},
        {"account.stage_many", stageMany, true},
        {"account.activate_pending", activatePending, true},
        {"account.discard_pending", discardPending, true},
        {"secret.seal", seal},
        {"secret.open", open},
    };
    return kOps;
}

}  // namespace oqs::host
