// ［医療情報閲覧履歴照会］ (SPEC.md §5.2–5.3): 医療機関コード, the period (date + hour + minute at each end, OQ-43
// defaults: today 00:00 to the current minute), 照会情報区分 from "history.categories", then — beyond the manual —
// the count and a chart of viewings per day (per hour for a one-day period), and 《ダウンロード》.
#include "history_plugin.hpp"

namespace history_plugin {

namespace {

using oqs::Json;
using oqs::panel::L;
namespace P = oqs::panel;

// Hour 0–23 without zero padding, minute 00–59 with it, as the manual writes them (OQ-43).
P::Field hourField(const std::string& id, const std::string& label, int value) {
    P::Field f(id, "select", L(label, "Hour"));
    for (int h = 0; h < 24; ++h) f.option(std::to_string(h), L(std::to_string(h)));
    return f.required().value(std::to_string(value));
}
P::Field minuteField(const std::string& id, const std::string& label, int value) {
    P::Field f(id, "select", L(label, "Minute"));
    for (int m = 0; m < 60; ++m) f.option(twoDigits(m), L(twoDigits(m)));
    return f.required().value(twoDigits(value));
}

// The search conditions (OQ-43 defaults: today 00:00 to the given minute), one list for the screen's form and
// for the routes' query description.
std::vector<Json> conditionFields(P::Field category, const std::string& today, int toHour, int toMinute) {
    return {
        P::Field("from_date", "date", L("対象期間（自）", "Period from"))
            .required()
            .value(today)
            .hint(L("西暦年月日8桁（例 2020/10/10）", "yyyy/mm/dd"))
            .section(L("検索条件", "Search conditions")),
        hourField("from_hour", "対象期間（自）時", 0),
        minuteField("from_minute", "対象期間（自）分", 0),
        P::Field("to_date", "date", L("対象期間（至）", "Period to"))
            .required()
            .value(today)
            .hint(L("西暦年月日8桁（例 2020/10/10）", "yyyy/mm/dd")),
        hourField("to_hour", "対象期間（至）時", toHour),
        minuteField("to_minute", "対象期間（至）分", toMinute),
        std::move(category),
    };
}

oqs::Result<Json> historyPanel(oqs::Ctx& ctx, const oqs::Request&) {
    auto list = categories(ctx);
    if (!list) return list.error();
    const JstTime now = jstOf(ctx.nowMs());
    const std::string today = dateText(now);

    P::Field category("category", "select", L("照会情報区分", "Category"));
    for (const auto& c : *list) category.option(c.key, c.label.is_object() ? c.label : L(labelJa(c.label)));
    category.required().value(kAllKey);

    Json conditions = P::form("conditions", conditionFields(category, today, now.hour, now.minute));
    Json chart = P::Chart("chart", "GET", "/api/history/summary", "conditions")
                     .xLabel(L("日付", "Day"))
                     .yLabel(L("閲覧件数", "Viewings"))
                     .button(L("件数・グラフ表示", "Show count and chart"))
                     .autoLoad()
                     .height(180)
                     .empty(L("該当する閲覧履歴はありません。", "No viewing matches."));
    Json download =
        P::download("download", L("ダウンロード", "Download"), "GET", "/api/history/download", "conditions");
    return P::panel(
        "history.main", L("医療情報閲覧履歴照会", "Medical-information viewing history"),
        {
            P::text(L("検索条件を入力し、《ダウンロード》をクリックしてください。25,"
                      "000件を超える場合はダウンロードできません。",
                      "Enter the conditions and press Download. More than 25,000 records cannot be downloaded.")),
            P::readonly("institution_code", L("医療機関コード", "Institution code"), ctx.institutionCode()),
            conditions,
            chart,
            download,
            P::menuAndBack(),
        });
}

}  // namespace

Json conditionsQuery() {
    // The categories are contributed at run time ("history.categories"), so the description names a key only.
    P::Field category("category", "text", L("照会情報区分", "Category"));
    return Json(conditionFields(category.required().max(64), "", 23, 59));
}

void registerPanel(oqs::Plugin& p) {
    p.panel("main", {oqs::kAdmin}, historyPanel);
    // Menu ⑨ 《問い合わせ管理》 → 《医療情報閲覧履歴照会》: administrators only (HIS-02, §1.7.2 — general,
    // medical-information, master and master-reset accounts do not see it).
    // ⑨, after 資格確認履歴照会 (out of scope) in its group
    p.menu({.groupId = "inquiry",
            .groupLabel = L("問い合わせ管理", "Inquiries"),
            .groupOrder = 90,
            .id = "viewing_history",
            .label = L("医療情報閲覧履歴照会", "Medical-information viewing history"),
            .order = 20,
            .panel = "main",
            .kinds = {oqs::kAdmin}});
}

}  // namespace history_plugin
