// GET /summary: what the file will hold before it is downloaded (beyond the manual) — the count, whether it is
// over the limit (MSG-Y01), and the bars of the chart: viewings per Japan-time day, or per hour when the period
// lies within one day. The host's histogram includes empty buckets, so the chart shows quiet days as zero.
#include "history_plugin.hpp"

namespace history_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;

constexpr int64_t kMaxBars = 10000;  // the host's histogram limit; a longer period shows the count only

std::string grouped(int64_t n) {
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}

oqs::Response summary(oqs::Ctx& ctx, const oqs::Request& req) {
    auto c = conditionsOf(ctx, req);
    if (!c) return c.error();
    auto count = ctx.call("viewing.count", c->viewingQuery());
    if (!count) return count.error();
    const int64_t total = (*count)["count"].get<int64_t>();

    const bool oneDay = dateText(c->from) == dateText(c->to);
    const bool sameYear = c->from.year == c->to.year;
    Json bars = Json::array();
    Json note;
    if (!oneDay && (c->toMs - c->fromMs) / 86400000 >= kMaxBars) {
        note = L("期間が長いため、グラフは表示しません。", "The period is too long to chart.");
    } else {
        Json q = c->viewingQuery();
        q["bucket"] = oneDay ? "hour" : "day";
        auto h = ctx.call("viewing.histogram", q);
        if (!h) return h.error();
        for (const auto& b : (*h)["buckets"]) {
            const JstTime t = jstOf(b["start_ms"].get<int64_t>());
            std::string label = oneDay     ? std::to_string(t.hour) + "時"
                                : sameYear ? twoDigits(t.month) + "/" + twoDigits(t.day)
                                           : dateText(t);
            bars.push_back({{"label", label}, {"value", b["count"]}});
        }
    }
    if (total > kMaxRows) note = L(kTooManyJa);
    Json out{{"total", total},
             {"over_limit", total > kMaxRows},
             {"summary",
              L("該当件数：" + grouped(total) + "件（" + c->periodText() + "、" + labelJa(c->category.label) + "）",
                "Matching: " + grouped(total))},
             {"xLabel", oneDay ? L("時刻", "Hour") : L("日付", "Day")},
             {"bars", std::move(bars)}};
    if (!note.is_null()) out["note"] = note;
    return oqs::Response::json(out);
}

}  // namespace

void registerSummary(oqs::Plugin& p) {
    namespace S = oqs::schema;
    p.route("GET", "/summary", {oqs::kAdmin}, summary, "The count and the per-day (per-hour) chart of the conditions")
        .query(conditionsQuery())
        .answers(S::object({{"total", S::integer("matching viewings")},
                            {"over_limit", S::boolean("more than 25,000: the download is refused (MSG-Y01)")},
                            {"summary", S::label()},
                            {"xLabel", S::label()},
                            {"bars", S::array(S::object({{"label", S::string()}, {"value", S::integer()}}))},
                            {"note", S::label()}},
                           {"note"}));
}

}  // namespace history_plugin
