// Host service operations for settings, jobs and extension points (oqs/services.hpp).
#include "audit/audit.hpp"
#include "plugins/host_api.hpp"
#include "plugins/jobs.hpp"
#include "messages.hpp"
#include "plugins/operations.hpp"
#include "oqs/json_limits.hpp"

namespace oqs::host {

namespace {

Json storedSettings(Connection& c, int64_t institutionId) {
    Json out = Json::object();
    auto s = c.prepare("SELECT key, value FROM settings_values WHERE institution_id = ?");
    s.bind(1, institutionId);
    while (s.step()) {
        auto v = parseJson(s.text(1));
        if (!v.is_discarded()) out[s.text(0)] = v;
    }
    return out;
}

}  // namespace

Json Host::settingsFlags(const Institution& inst) const {
    std::string today = jstDate(m_clock.nowMs());
    return {{"$ehr_available", inst.ehrStart.has_value() && *inst.ehrStart <= today},
            {"$pmh_pilot", inst.pmhPilot},
            {"$institution_kind", inst.kind}};
}

Json Host::settingsValues(Connection& c, const Institution& inst) {
    return m_settings.withDefaults(storedSettings(c, inst.id), inst.kind, settingsFlags(inst));
}

namespace {

oqs::Result<Json> settingsGet(oqs_ctx& c, const Json&) {
    if (!c.caller.institution) return hostError(404, "institution.not_found");
    return Json{{"values", c.host->settingsValues(*c.conn, *c.caller.institution)}};
}

oqs::Result<Json> settingsSchema(oqs_ctx& c, const Json&) {
    if (!c.caller.institution) return hostError(404, "institution.not_found");
    const Institution& inst = *c.caller.institution;
    Host& host = *c.host;
    return Json{{"fields", host.settings().fieldsFor(inst.kind)},
                {"values", host.settingsValues(*c.conn, inst)},
                {"flags", host.settingsFlags(inst)}};
}

oqs::Result<Json> settingsUpdate(oqs_ctx& c, const Json& in) {
    if (!c.caller.institution) return hostError(404, "institution.not_found");
    const Institution& inst = *c.caller.institution;
    Host& host = *c.host;
    if (!c.caller.account) return hostError(403, "identity.forbidden");
    if (!in.contains("values") || !in["values"].is_object())
        return hostError(400, "request.invalid", {{"values", "an object of key: value is required"}});
    auto r = host.settings().apply(storedSettings(*c.conn, inst.id), in["values"],
                                   in.value("accepted_terms", Json::array()), inst.kind, host.settingsFlags(inst));
    if (!r) return r.error();
    for (const auto& [key, value] : (*r)["after"].items())
        c.conn->exec(
            "INSERT INTO settings_values(institution_id, key, value) VALUES(?,?,?) "
            "ON CONFLICT(institution_id, key) DO UPDATE SET value = excluded.value",
            inst.id, key, value.dump());
    AuditEntry e{inst.code, c.caller.account->userId, c.caller.account->kind,        c.caller.remote,
                 "host",    "settings.update",        {{"changed", (*r)["changed"]}}};
    Json before = Json::object(), after = Json::object();
    for (const auto& k : (*r)["changed"]) {
        before[k.get<std::string>()] = (*r)["before"].value(k.get<std::string>(), Json());
        after[k.get<std::string>()] = (*r)["after"].value(k.get<std::string>(), Json());
    }
    e.detail["before"] = before;
    e.detail["after"] = after;
    appendAudit(*c.conn, host.clock().nowMs(), e);
    return r;
}

oqs::Result<Json> contributionsList(oqs_ctx& c, const Json& in) {
    std::string point = in.value("point", "");
    Json items = Json::array();
    for (const auto& p : c.host->registry().plugins()) {
        const auto& contributes = p->manifest.contributes;
        if (auto it = contributes.find(point); it != contributes.end())
            for (const auto& item : it->second) items.push_back({{"plugin", p->id}, {"item", item}});
    }
    return Json{{"items", items}};
}

// The operations a running job makes about itself (c.jobId): progress, checkpoints, its outcome.
oqs::Error notInJob(const char* op) {
    return oqs::Error{400, "job.not_in_job", std::string(op) + " is only for a running job", {}};
}

oqs::Result<Json> jobProgress(oqs_ctx& c, const Json& in) {
    if (!c.jobId) return notInJob("job.progress");
    auto number = [&](const char* key) {
        return in.contains(key) && in[key].is_number_integer() ? in[key].get<int64_t>() : int64_t(0);
    };
    c.host->jobs().setProgress(*c.jobId, number("done"), number("total"));
    return Json::object();
}

oqs::Result<Json> jobCheckpoint(oqs_ctx& c, const Json& in) {
    // What a job of mode "own" has made certain so far, in the caller's transaction: after a crash the job
    // runs again (however often it was interrupted) and reads it back with job.resume to carry on from there.
    if (!c.jobId) return notInJob("job.checkpoint");
    if (!in.contains("state") || !in["state"].is_object())
        return hostError(400, "request.invalid", {{"state", "an object is required"}});
    c.conn->exec("UPDATE jobs SET checkpoint = ? WHERE id = ? AND status = 'running'", in["state"].dump(), *c.jobId);
    return Json::object();
}

oqs::Result<Json> jobResume(oqs_ctx& c, const Json&) {
    if (!c.jobId) return notInJob("job.resume");
    auto s = c.conn->prepare("SELECT checkpoint FROM jobs WHERE id = ?");
    s.bind(1, *c.jobId);
    Json state = nullptr;
    if (s.step() && !s.isNull(0)) state = Json::parse(s.text(0), nullptr, false);
    return Json{{"state", state.is_discarded() ? Json() : state}};
}

oqs::Result<Json> jobComplete(oqs_ctx& c, const Json& in) {
    // The job's outcome, written in the caller's transaction: with a job of mode "own" it commits together
    // with the job's last writes, so a crash can never leave effects without "done" or "done" without them.
    if (!c.jobId) return notInJob("job.complete");
    Json result = in.contains("result") && in["result"].is_object() ? in["result"] : Json::object();
    auto [done, total] = c.host->jobs().progressOf(*c.jobId);
    c.conn->exec(
        "UPDATE jobs SET status = 'done', result = ?, error = NULL, finished_ms = ?, progress_done = ?, "
        "progress_total = ? WHERE id = ? AND status = 'running'",
        result.dump(), c.host->clock().nowMs(), done, total, *c.jobId);
    c.jobCompleted = true;
    return Json::object();
}

// The operations on the caller's institution's jobs of the calling plugin: only for a console account's request.
bool ownJobsCaller(const oqs_ctx& c) { return c.plugin && c.caller.institution && c.caller.account; }
std::string kindOf(const Json& in) {
    return in.contains("kind") && in["kind"].is_string() ? in["kind"].get<std::string>() : "";
}
bool jobQueuedOrRunning(const oqs_ctx& c, const std::string& kind) {
    auto s = c.conn->prepare(
        "SELECT 1 FROM jobs WHERE institution_id = ? AND plugin = ? AND kind = ? "
        "AND status IN ('queued','running') LIMIT 1");
    s.bindAll(c.caller.institution->id, c.plugin->id, kind);
    return s.step();
}

oqs::Result<Json> jobActive(oqs_ctx& c, const Json& in) {
    if (!ownJobsCaller(c)) return hostError(403, "identity.forbidden");
    // Read without the write lock, so an upload is refused at once while a job runs (it would otherwise wait
    // for the lock before job.enqueue could say busy).
    return Json{{"active", jobQueuedOrRunning(c, kindOf(in))}};
}

oqs::Result<Json> jobEnqueue(oqs_ctx& c, const Json& in) {
    if (!ownJobsCaller(c)) return hostError(403, "identity.forbidden");
    const int64_t instId = c.caller.institution->id;
    Host& host = *c.host;
    const std::string kind = kindOf(in);
    if (!c.plugin->manifest.jobKinds.count(kind))
        return oqs::Error{400, "job.unknown_kind", "the plugin declares no job kind '" + kind + "'", {}};
    // A running job holds the write lock for its whole transaction, so "busy" is read first, without
    // waiting for the lock; then checked again under it, so two uploads at once cannot both pass.
    auto busy = [&] { return jobQueuedOrRunning(c, kind); };
    bool exclusive = in.value("exclusive", false);
    if (exclusive && busy()) return hostError(409, "job.busy");
    Transaction tx(*c.conn);
    if (exclusive && busy()) return hostError(409, "job.busy");
    int64_t now = host.clock().nowMs();
    c.conn->exec(
        "INSERT INTO jobs(plugin, kind, institution_id, account_id, status, payload, created_ms) "
        "VALUES(?,?,?,?,'queued',?,?)",
        c.plugin->id, kind, instId, c.caller.account->id, in.value("payload", Json::object()).dump(), now);
    int64_t id = c.conn->lastInsertId();
    tx.commit();
    host.jobs().wake();
    return Json{{"id", id}, {"created_at", isoUtc(now)}};
}

oqs::Result<Json> jobGet(oqs_ctx& c, const Json& in) {
    if (!ownJobsCaller(c)) return hostError(403, "identity.forbidden");
    const int64_t instId = c.caller.institution->id;
    Host& host = *c.host;
    auto s = c.conn->prepare("SELECT 1 FROM jobs WHERE id = ? AND institution_id = ? AND plugin = ?");
    s.bindAll(in.value("id", int64_t(0)), instId, c.plugin->id);
    if (!s.step()) return hostError(404, "job.not_found");
    return host.jobs().toJson(*c.conn, in.value("id", int64_t(0)));
}

oqs::Result<Json> jobList(oqs_ctx& c, const Json& in) {
    if (!ownJobsCaller(c)) return hostError(403, "identity.forbidden");
    const int64_t instId = c.caller.institution->id;
    Host& host = *c.host;
    std::string sql = "SELECT id FROM jobs WHERE institution_id = ? AND plugin = ?";
    auto kind = in.value("kind", "");
    if (!kind.empty()) sql += " AND kind = ?";
    if (in.value("mine", false)) sql += " AND account_id = " + std::to_string(c.caller.account->id);
    sql += " ORDER BY id DESC LIMIT ?";
    auto s = c.conn->prepare(sql);
    s.bind(1, instId);
    s.bind(2, c.plugin->id);
    int next = 3;
    if (!kind.empty()) s.bind(next++, kind);
    s.bind(next, std::clamp<int64_t>(in.value("limit", int64_t(3)), 1, 100));
    std::vector<int64_t> ids;
    while (s.step()) ids.push_back(s.i64(0));
    Json rows = Json::array();
    for (auto id : ids) rows.push_back(host.jobs().toJson(*c.conn, id));
    return Json{{"rows", rows}};
}

}  // namespace

std::span<const Operation> settingsJobOperations() {
    static const Operation kOps[] = {
        {"settings.get", settingsGet},
        {"settings.schema", settingsSchema},
        {"settings.update", settingsUpdate, true},
        {"contributions.list", contributionsList},
        {"job.progress", jobProgress},
        {"job.checkpoint", jobCheckpoint},
        {"job.resume", jobResume},
        {"job.complete", jobComplete},
        {"job.active", jobActive},
        {"job.enqueue", jobEnqueue},
        {"job.get", jobGet},
        {"job.list", jobList},
    };
    return kOps;
}

}  // namespace oqs::host
