// The viewing-event log's host operations (viewing.hpp): append for any plugin or the viewing terminals' route,
// count / page / histogram for the history plugin — always of the ctx's institution.
#include "clock.hpp"
#include "plugins/host_api.hpp"
#include "messages.hpp"
#include "plugins/operations.hpp"
#include "oqs/kinds.hpp"

#include <algorithm>
#include <set>

namespace oqs::host {

namespace {

constexpr size_t kMaxBatch = 1000;
constexpr int kMaxPage = 5000;
// The members of a page's row, in the order viewing.page {"shape": "arrays"} lists them.
const std::vector<const char*> kPageColumns{
    "id",           "at_ms",        "at",         "institution",    "user_id",     "user_name",   "category",
    "patient_name", "patient_kana", "birth_date", "insurer_number", "card_symbol", "card_number", "card_branch"};

// The categories an event may carry: the national system's four, and any a plugin contributes.
std::set<std::string> knownCategories(Host& host) {
    std::set<std::string> keys(kViewingBaseCategories.begin(), kViewingBaseCategories.end());
    for (const auto& p : host.registry().plugins()) {
        const auto& contributes = p->manifest.contributes;
        auto it = contributes.find("history.categories");
        if (it == contributes.end()) continue;
        for (const auto& item : it->second)
            if (item.is_object() && item.value("key", Json()).is_string() && !item.value("all", false))
                keys.insert(item["key"].get<std::string>());
    }
    return keys;
}

oqs::Error invalid(const std::string& field, const std::string& code, const std::string& ja) {
    return oqs::Error{400, code, ja, {{field, ja}}};
}

// Who an event names as the viewer. A viewing account records its own viewings; a system account (a receipt
// computer or linked application) may name the human account at its terminal, or is itself the viewer.
oqs::Result<Account> viewer(oqs_ctx& c, const std::string& userId, const std::string& where) {
    const Account& caller = *c.caller.account;
    if (userId.empty() || userId == caller.userId) return caller;
    if (!isSystemKind(caller.kind))
        return invalid(where + ".user_id", "viewing.user_id", "他のユーザの閲覧記録は登録できません。");
    auto a = c.host->identity().findAccount(*c.conn, c.caller.institution->id, userId);
    if (!a || a->deletedMs || isSystemKind(a->kind))
        return invalid(where + ".user_id", "viewing.user_id", "ユーザIDが登録されていません。");
    return *a;
}

oqs::Result<Json> append(oqs_ctx& c, const Json& in) {
    if (!c.caller.institution || !c.caller.account) return hostError(403, "identity.forbidden");
    auto events = in.find("events");
    if (events == in.end() || !events->is_array() || events->empty())
        return invalid("events", "viewing.events", "閲覧記録（events）を1件以上指定してください。");
    if (events->size() > kMaxBatch)
        return invalid("events", "viewing.batch_too_large", "閲覧記録は1回に1,000件まで登録できます。");
    const auto categories = knownCategories(*c.host);
    const int64_t now = c.host->clock().nowMs();
    std::vector<ViewingEvent> rows;
    rows.reserve(events->size());
    for (size_t i = 0; i < events->size(); ++i) {
        std::string where = "events[" + std::to_string(i) + "]";
        // The institution is the caller's; an event that names another is refused, never moved.
        if (auto inst = (*events)[i].find("institution");
            (*events)[i].is_object() && inst != (*events)[i].end() && *inst != Json(c.caller.institution->code))
            return invalid(where + ".institution", "viewing.institution", "他の医療機関の閲覧記録は登録できません。");
        auto e = viewingEventFromJson((*events)[i], where, now);
        if (!e) return e.error();
        if (!categories.count(e->category))
            return invalid(where + ".category", "viewing.category", "照会情報区分が登録されていません。");
        auto who = viewer(c, e->userId, where);
        if (!who) return who.error();
        e->institution = c.caller.institution->code;
        e->userId = who->userId;
        e->userName = who->name;
        rows.push_back(std::move(*e));
    }
    std::string source = c.plugin ? "plugin:" + c.plugin->id : "route:" + c.caller.account->userId;
    c.host->viewing().append(*c.conn, rows, now, source);
    return Json{{"recorded", rows.size()}};
}

oqs::Result<ViewingQuery> queryOf(oqs_ctx& c, const Json& in) {
    if (!c.caller.institution) return hostError(403, "identity.forbidden");
    ViewingQuery q;
    q.institution = c.caller.institution->code;
    auto from = in.find("from_ms"), to = in.find("to_ms");
    if (from == in.end() || !from->is_number_integer())
        return invalid("from_ms", "viewing.period", "期間（自）が正しくありません。");
    if (to == in.end() || !to->is_number_integer())
        return invalid("to_ms", "viewing.period", "期間（至）が正しくありません。");
    q.fromMs = from->get<int64_t>();
    q.toMs = to->get<int64_t>();
    if (q.fromMs > q.toMs) return invalid("to_ms", "viewing.period", "期間（至）は期間（自）以降を指定してください。");
    if (auto cat = in.find("category"); cat != in.end() && !cat->is_null()) {
        if (!cat->is_string()) return invalid("category", "viewing.category", "照会情報区分が正しくありません。");
        q.category = cat->get<std::string>();
    }
    return q;
}

oqs::Result<Json> count(oqs_ctx& c, const Json& in) {
    auto q = queryOf(c, in);
    if (!q) return q.error();
    return Json{{"count", c.host->viewing().count(*c.conn, *q)}};
}

// Where a page starts (after the keyset position) and how many rows it holds; shared by viewing.page as JSON and
// as rows (call_rows).
struct PageArgs {
    ViewingQuery q;
    int64_t afterAt = 0, afterId = 0;
    int limit = 1000;
};
oqs::Result<PageArgs> pageArgsOf(oqs_ctx& c, const Json& in) {
    auto q = queryOf(c, in);
    if (!q) return q.error();
    PageArgs a{*q, q->fromMs - 1, 0, 1000};
    if (auto after = in.find("after"); after != in.end() && !after->is_null()) {
        if (!after->is_object() || !after->value("at_ms", Json()).is_number_integer() ||
            !after->value("id", Json()).is_number_integer())
            return invalid("after", "viewing.after", "after は {\"at_ms\", \"id\"} で指定してください。");
        a.afterAt = (*after)["at_ms"].get<int64_t>();
        a.afterId = (*after)["id"].get<int64_t>();
    }
    auto limitJson = in.value("limit", Json(1000));
    if (!limitJson.is_number_integer() || limitJson.get<int64_t>() < 1 || limitJson.get<int64_t>() > kMaxPage)
        return invalid("limit", "viewing.limit", "limit は1〜5000で指定してください。");
    a.limit = int(limitJson.get<int64_t>());
    return a;
}

oqs::Result<Json> page(oqs_ctx& c, const Json& in) {
    auto a = pageArgsOf(c, in);
    if (!a) return a.error();
    const std::string shape = in.value("shape", "objects");
    if (shape != "objects" && shape != "arrays")
        return invalid("shape", "viewing.shape", "shape は objects か arrays です。");
    auto rows = c.host->viewing().page(*c.conn, a->q, a->afterAt, a->afterId, a->limit);
    Json out = Json::array();
    for (const auto& [id, e] : rows) {
        if (shape == "objects") {
            out.push_back(viewingEventJson(id, e));
            continue;
        }
        // "arrays": each row as the values in the order of kPageColumns — a reader of many rows (a CSV download)
        // builds and parses a fraction of what objects would cost.
        out.push_back(Json::array({id, e.atMs, jstDateTime(e.atMs), e.institution, e.userId, e.userName, e.category,
                                   e.patientName, e.patientKana, e.birthDate, e.insurerNumber, e.cardSymbol,
                                   e.cardNumber, e.cardBranch}));
    }
    Json next =
        rows.size() == size_t(a->limit) ? Json{{"at_ms", rows.back().second.atMs}, {"id", rows.back().first}} : Json();
    Json answer{{"rows", std::move(out)}, {"next", std::move(next)}};
    if (shape == "arrays") answer["columns"] = kPageColumns;
    return answer;
}

oqs::Result<Json> histogram(oqs_ctx& c, const Json& in) {
    auto q = queryOf(c, in);
    if (!q) return q.error();
    std::string bucket = in.value("bucket", "day");
    if (bucket != "day" && bucket != "hour") return invalid("bucket", "viewing.bucket", "bucket は day か hour です。");
    int64_t ms = bucket == "day" ? 86400000LL : 3600000LL;
    if ((q->toMs - q->fromMs) / ms > 10000)
        return invalid("bucket", "viewing.bucket", "期間が長すぎます（10,000区間まで）。");
    return Json{{"bucket", bucket}, {"buckets", c.host->viewing().histogram(*c.conn, *q, ms)}};
}

// viewing.page as rows: the same conditions and order, streamed by the caller (the history's CSV download).
oqs::Result<sqlite3_stmt*> pageRows(oqs_ctx& c, const Json& in) {
    auto a = pageArgsOf(c, in);
    if (!a) return a.error();
    return c.host->viewing().pageStatement(*c.conn, a->q, a->afterAt, a->afterId, a->limit).release();
}

}  // namespace

std::span<const Operation> viewingOperations() {
    static const Operation kOps[] = {
        {"viewing.append", append},
        {"viewing.count", count},
        {"viewing.page", page, false, pageRows},
        {"viewing.histogram", histogram},
    };
    return kOps;
}

}  // namespace oqs::host
