// The host service operations of oqs/services.hpp. Every operation acts for ctx.caller on its institution only.
#include "identity/account_search.hpp"
#include "audit/audit.hpp"
#include "plugins/host_api.hpp"
#include "plugins/jobs.hpp"
#include "messages.hpp"
#include "plugins/operations.hpp"
#include "oqs/kinds.hpp"

#include <algorithm>
#include <map>

namespace oqs::host {

namespace {

oqs::Error needActor() { return hostError(403, "identity.forbidden"); }

void auditFor(oqs_ctx& c, const std::string& action, Json detail) {
    AuditEntry e;
    e.institution = c.caller.institution ? c.caller.institution->code : "";
    e.userId = c.caller.account ? c.caller.account->userId : "";
    e.accountKind = c.caller.account ? c.caller.account->kind : "";
    e.remote = c.caller.remote;
    e.source = "host";
    e.action = action;
    e.detail = std::move(detail);
    appendAudit(*c.conn, c.host->clock().nowMs(), e);
}

std::optional<std::string> optString(const Json& in, const char* key) {
    auto it = in.find(key);
    if (it == in.end() || it->is_null()) return std::nullopt;
    return it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
}

// The JSON type an input field must have when present. A wrong type is 400 identity.invalid naming the field,
// never a 500 from a throwing accessor (in.value("unlock", false) throws on "yes").
enum class Type { String, StringOrNull, Bool, BoolOrNull, Integer, Strings };
using Spec = std::initializer_list<std::pair<const char*, Type>>;

std::optional<oqs::Error> wrongType(const Json& in, Spec spec) {
    Json fields = Json::object();
    for (const auto& [key, type] : spec) {
        auto it = in.find(key);
        if (it == in.end()) continue;
        const Json& v = *it;
        bool ok = false;
        switch (type) {
            case Type::String:
                ok = v.is_string();
                break;
            case Type::StringOrNull:
                ok = v.is_string() || v.is_null();
                break;
            case Type::Bool:
                ok = v.is_boolean();
                break;
            case Type::BoolOrNull:
                ok = v.is_boolean() || v.is_null();
                break;
            case Type::Integer:
                ok = v.is_number_integer();
                break;
            case Type::Strings:
                ok = v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_string(); });
                break;
        }
        if (!ok) {
            static const char* const kExpected[] = {"identity.type.string",  "identity.type.string_or_null",
                                                    "identity.type.boolean", "identity.type.boolean_or_null",
                                                    "identity.type.integer", "identity.type.strings"};
            fields[key] = bilingual(kExpected[static_cast<int>(type)]);
        }
    }
    if (fields.empty()) return std::nullopt;
    return hostError(400, "identity.invalid", fields);
}

// The target account, if the caller may see it (its scope of SPEC.md §2.2.3).
oqs::Result<Account> target(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return needActor();
    if (auto e = wrongType(in, {{"user_id", Type::String}})) return *e;
    auto a = c.host->identity().findAccount(*c.conn, c.caller.institution->id, in.value("user_id", ""));
    auto scope = searchScope(c.caller.account->kind);
    if (!a || std::find(scope.begin(), scope.end(), a->kind) == scope.end())
        return hostError(404, "identity.not_found");
    return *a;
}

// [SECTION] Identity
oqs::Result<Json> accountCreate(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return needActor();
    if (auto e = wrongType(in, {{"kind", Type::String},
                                {"user_id", Type::String},
                                {"name", Type::String},
                                {"kana", Type::String},
                                {"start_date", Type::String},
                                {"end_date", Type::StringOrNull}}))
        return *e;
    std::string kind = in.value("kind", "");
    if (!mayRegister(c.caller.account->kind, kind)) {
        if (!isAccountKind(kind)) return hostError(400, "identity.invalid", {{"kind", bilingual("identity.kind")}});
        return hierarchyRefusal("register", c.caller.account->kind, kind);
    }
    auto endDate = optString(in, "end_date");
    if (endDate && endDate->empty()) endDate.reset();
    auto r = c.host->identity().createAccount(*c.conn, *c.caller.institution, kind, in.value("user_id", ""),
                                              in.value("name", ""), in.value("kana", ""), in.value("start_date", ""),
                                              endDate);
    if (!r) return r.error();
    const auto& [account, password] = *r;
    auditFor(c, "identity.account.create", {{"user_id", account.userId}, {"kind", kind}});
    return Json{{"user_id", account.userId},
                {"kind", kind},
                {"initial_password", password},
                {"initial_expires_at", isoUtc(c.host->identity().initialExpiresMs(account))}};
}

oqs::Result<Json> accountExists(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return needActor();
    if (auto e = wrongType(in, {{"user_id", Type::String}})) return *e;
    auto deleted = c.host->identity().userIdTaken(*c.conn, c.caller.institution->id, in.value("user_id", ""));
    return Json{{"exists", deleted.has_value()}, {"deleted", deleted.value_or(false)}};
}

oqs::Result<Json> accountGet(oqs_ctx& c, const Json& in) {
    auto a = target(c, in);
    if (!a) return a.error();
    return c.host->identity().accountJson(*a);
}

// The hierarchy as the caller's rights, so a plugin draws its screens from the one table the host enforces.
oqs::Result<Json> accountRights(oqs_ctx& c, const Json&) {
    if (!c.caller.account) return needActor();
    const std::string& actor = c.caller.account->kind;
    Json r{{"register", Json::array()}, {"update", Json::array()}, {"reset", Json::array()}};
    for (auto k : kAccountKinds) {
        std::string target(k);
        if (mayRegister(actor, target)) r["register"].push_back(target);
        if (mayUpdate(actor, target)) r["update"].push_back(target);
        if (mayResetPassword(actor, target)) r["reset"].push_back(target);
    }
    return r;
}

// account.search's input as the query the host runs: the caller's institution, and the caller's scope (§2.2.3)
// narrowed to the kinds asked for — empty when none of them is in scope. The same for its JSON and rows forms.
oqs::Result<AccountQuery> searchQueryOf(oqs_ctx& c, const Json& in) {
    if (!c.caller.account || !c.caller.institution) return needActor();
    if (auto e = wrongType(in, {{"kinds", Type::Strings},
                                {"user_id", Type::StringOrNull},
                                {"name", Type::StringOrNull},
                                {"kana", Type::StringOrNull},
                                {"start_date", Type::StringOrNull},
                                {"end_date", Type::StringOrNull},
                                {"valid", Type::BoolOrNull},
                                {"locked", Type::BoolOrNull},
                                {"after", Type::StringOrNull},
                                {"offset", Type::Integer},
                                {"limit", Type::Integer}}))
        return *e;
    auto scope = searchScope(c.caller.account->kind);
    if (auto k = in.find("kinds"); k != in.end() && k->is_array() && !k->empty()) {
        std::vector<std::string> wanted;
        for (const auto& x : *k)
            if (x.is_string() && std::find(scope.begin(), scope.end(), x.get<std::string>()) != scope.end())
                wanted.push_back(x.get<std::string>());
        scope = wanted;
    }
    AccountQuery q;
    q.institutionId = c.caller.institution->id;
    q.kinds = scope;
    q.userId = optString(in, "user_id").value_or("");
    q.name = optString(in, "name").value_or("");
    q.kana = optString(in, "kana").value_or("");
    q.startDate = optString(in, "start_date").value_or("");
    q.endDate = optString(in, "end_date").value_or("");
    q.after = optString(in, "after").value_or("");
    if (in.contains("valid") && in["valid"].is_boolean()) q.valid = in["valid"].get<bool>();
    if (in.contains("locked") && in["locked"].is_boolean()) q.locked = in["locked"].get<bool>();
    q.offset = std::max<int64_t>(0, in.value("offset", int64_t(0)));
    q.limit = std::clamp<int64_t>(in.value("limit", int64_t(100)), 1, 1000);
    return q;
}

oqs::Result<Json> accountSearch(oqs_ctx& c, const Json& in) {
    auto q = searchQueryOf(c, in);
    if (!q) return q.error();
    if (q->kinds.empty()) return Json{{"total", 0}, {"rows", Json::array()}};
    auto page = searchAccounts(*c.conn, *q);
    Json rows = Json::array();
    for (const auto& a : page.rows) rows.push_back(c.host->identity().accountJson(a));
    return Json{{"total", page.total}, {"rows", std::move(rows)}};
}

// account.search as rows (call_rows): the list's columns only, no JSON per account (account_search.hpp).
oqs::Result<sqlite3_stmt*> accountSearchRows(oqs_ctx& c, const Json& in) {
    auto q = searchQueryOf(c, in);
    if (!q) return q.error();
    return searchAccountRows(*c.conn, *q).release();
}

oqs::Result<Json> accountUpdate(oqs_ctx& c, const Json& in) {
    if (auto e = wrongType(in, {{"name", Type::StringOrNull},
                                {"kana", Type::StringOrNull},
                                {"valid", Type::Bool},
                                {"unlock", Type::Bool},
                                {"locked", Type::Bool},
                                {"start_date", Type::StringOrNull},
                                {"end_date", Type::StringOrNull}}))
        return *e;
    auto a = target(c, in);
    if (!a) return a.error();
    if (!mayUpdate(c.caller.account->kind, a->kind)) return hierarchyRefusal("update", c.caller.account->kind, a->kind);
    Account after = *a;
    Json fields = Json::object();
    if (auto v = optString(in, "name")) after.name = *v;
    if (auto v = optString(in, "kana")) after.kana = *v;
    if (in.contains("valid")) after.valid = in["valid"].get<bool>();
    if (in.value("unlock", false)) after.locked = false;
    if (in.value("locked", false) && !a->locked) fields["locked"] = bilingual("identity.lock");
    if (auto v = optString(in, "start_date")) {
        if (!validDate(*v)) fields["start_date"] = bilingual("identity.start_date");
        after.startDate = *v;
    }
    if (in.contains("end_date")) {
        auto v = optString(in, "end_date");
        after.endDate = v && !v->empty() ? v : std::nullopt;
        if (after.endDate && !validDate(*after.endDate)) fields["end_date"] = bilingual("identity.end_date");
    }
    if (after.endDate && *after.endDate < after.startDate && !fields.contains("end_date"))
        fields["end_date"] = bilingual("identity.dates.order");
    addNameProblems(fields, after.name, after.kana);
    if (!fields.empty()) return hostError(400, "identity.invalid", fields);
    auto& id = c.host->identity();
    id.saveAccount(*c.conn, *a, after);  // ends the account's sessions when it is no longer usable
    after.updatedMs = c.host->clock().nowMs();
    Json result{{"before", id.accountJson(*a)}, {"after", id.accountJson(after)}};
    auditFor(c, "identity.account.update", result);
    return result;
}

oqs::Result<Json> accountDelete(oqs_ctx& c, const Json& in) {
    auto a = target(c, in);
    if (!a) return a.error();
    if (!mayUpdate(c.caller.account->kind, a->kind)) return hierarchyRefusal("delete", c.caller.account->kind, a->kind);
    c.host->identity().deleteAccount(*c.conn, *a);
    auditFor(c, "identity.account.delete", {{"user_id", a->userId}, {"kind", a->kind}});
    return Json::object();
}

oqs::Result<Json> accountReset(oqs_ctx& c, const Json& in) {
    auto a = target(c, in);
    if (!a) return a.error();
    if (!mayResetPassword(c.caller.account->kind, a->kind))
        return hierarchyRefusal("reset", c.caller.account->kind, a->kind);
    auto& id = c.host->identity();
    std::string password = id.resetPassword(*c.conn, *a);
    auto fresh = id.accountById(*c.conn, a->id);
    auditFor(c, "identity.account.reset_password", {{"user_id", a->userId}, {"kind", a->kind}});
    return Json{{"initial_password", password}, {"initial_expires_at", isoUtc(id.initialExpiresMs(*fresh))}};
}

// What a patient-facing page may show of an institution: code, name and the settings fields declared public.
// Any caller may ask, public routes included, since nothing in it is private.
oqs::Result<Json> institutionPublicProfile(oqs_ctx& c, const Json& in) {
    auto code = in.find("code");
    if (code == in.end() || !code->is_string()) return hostError(400, "request.invalid", {{"code", "a string"}});
    auto inst = c.host->identity().institutionByCode(*c.conn, code->get<std::string>());
    if (!inst) return hostError(404, "institution.not_found");
    Json values = c.host->settingsValues(*c.conn, *inst), shown = Json::object();
    for (const auto& f : c.host->settings().fieldsFor(inst->kind))
        if (f.value("public", false) && values.contains(f.value("key", "")))
            shown[f["key"].get<std::string>()] = values[f["key"].get<std::string>()];
    return Json{{"code", inst->code}, {"name", inst->name}, {"public_settings", shown}};
}

// What the system's operator published to every institution (the notices table; oqs-host seeds the demo's).
oqs::Result<Json> noticesList(oqs_ctx& c, const Json&) {
    if (!c.caller.account) return needActor();
    auto s = c.conn->prepare("SELECT published, title, body FROM notices ORDER BY published DESC, id DESC LIMIT 100");
    Json notices = Json::array();
    while (s.step()) notices.push_back({{"published", s.text(0)}, {"title", s.text(1)}, {"body", s.text(2)}});
    return Json{{"notices", std::move(notices)}};
}

oqs::Result<Json> institutionGet(oqs_ctx& c, const Json&) {
    if (!c.caller.institution) return hostError(404, "institution.not_found");
    return c.caller.institution->toJson(*c.conn);
}

oqs::Result<Json> sessionsEnd(oqs_ctx& c, const Json& in) {
    if (!c.caller.institution || !c.caller.account) return needActor();
    if (auto e = wrongType(in, {{"keep_current", Type::Bool}})) return *e;
    std::optional<int64_t> keep;
    if (in.value("keep_current", false)) keep = c.caller.sessionId;
    auto n = c.host->sessions().endInstitution(*c.conn, c.caller.institution->id, keep);
    auditFor(c, "sessions.end_institution", {{"ended", n}});
    return Json{{"ended", n}};
}

}  // namespace

// Identity, the institution and what the operator publishes to it.
std::span<const Operation> identityOperations() {
    static const Operation kOps[] = {
        {"account.create", accountCreate, true},
        {"account.exists", accountExists},
        {"account.get", accountGet},
        {"account.search", accountSearch, false, accountSearchRows},
        {"account.update", accountUpdate, true},
        {"account.delete", accountDelete, true},
        {"account.reset_password", accountReset, true},
        {"account.rights", accountRights},
        {"institution.get", institutionGet},
        {"institution.public_profile", institutionPublicProfile},
        {"notices.list", noticesList},
        {"sessions.end_institution", sessionsEnd, true},
    };
    return kOps;
}

const Operation* findOperation(std::string_view name) {
    static const std::map<std::string_view, const Operation*> kAll = [] {
        std::map<std::string_view, const Operation*> all;
        for (auto family : {identityOperations(), settingsJobOperations(), bulkOperations(), viewingOperations()})
            for (const auto& op : family) all.emplace(op.name, &op);
        return all;
    }();
    auto it = kAll.find(name);
    return it == kAll.end() ? nullptr : it->second;
}

oqs::Result<Json> runOperation(oqs_ctx& c, const std::string& name, const Json& in) {
    const Operation* op = findOperation(name);
    if (!op) return oqs::Error{400, "host.unknown_operation", "unknown host operation: " + name, {}};
    std::optional<Transaction> tx;
    if (op->changes) tx.emplace(*c.conn);
    oqs::Result<Json> r = op->run(c, in);
    if (tx && r.ok()) tx->commit();
    return r;
}

oqs::Result<sqlite3_stmt*> rowsOperation(oqs_ctx& c, const std::string& name, const Json& in) {
    const Operation* op = findOperation(name);
    if (!op || !op->rows)
        return oqs::Error{400, "host.unknown_operation", "no host operation answers rows as " + name, {}};
    return op->rows(c, in);
}

}  // namespace oqs::host
