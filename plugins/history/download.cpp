// GET /download: the CSV of SPEC.md §5.4 (OQ-42). The count comes first: more than 25,000 matching events answers
// MSG-Y01 and sends nothing; 25,000 exactly downloads (OQ-63). The file is then streamed a page of the viewing log
// at a time (ABI 1.2), so the host's memory does not grow with the file, and never holds more rows than were
// counted and audited.
//
// The file: UTF-8 with a BOM (Excel then reads the Japanese correctly; Notepad ignores it), CRLF line ends,
// RFC 4180 quoting, a header row, rows sorted by 閲覧日時 (then by the log's own order). Cells are written by
// oqs::csv::Writer, which neutralises a cell starting with = + - @, a tab or a CR by a leading ' inside quotes
// (OWASP's advice against CSV injection): a patient or user named "=HYPERLINK(…)" is shown, never run.
#include "history_plugin.hpp"

#include <oqs/csv.hpp>
#include <oqs/dates.hpp>

#include <algorithm>
#include <map>
#include <memory>

namespace history_plugin {

namespace {

using oqs::Json;

constexpr int kPageRows = 2000;  // rows per viewing.page call: one piece of the stream

const std::vector<std::string> kHeader{"閲覧日時",     "医療機関コード", "ユーザID",         "ユーザ名",
                                       "照会情報区分", "患者氏名",       "患者氏名（カナ）", "生年月日",
                                       "保険者番号",   "被保険者証記号", "被保険者証番号",   "被保険者証枝番"};

// What the stream remembers between pieces: where the keyset page stopped and how many rows may still follow.
struct Cursor {
    Json query;
    Json after;
    int64_t remaining = 0;
    bool started = false;
    std::map<std::string, std::string, std::less<>> labels;  // category key → 照会情報区分 as the screen shows it
};

oqs::Result<bool> nextPiece(Cursor& cur, oqs::Ctx& ctx, std::string& out) {
    if (!cur.started) {
        cur.started = true;
        oqs::csv::Writer header("utf-8");
        header.row(kHeader);
        out = "\xEF\xBB\xBF" + header.bytes();
        return cur.remaining > 0;
    }
    Json q = cur.query;
    const int limit = int(std::min<int64_t>(kPageRows, cur.remaining));
    q["limit"] = limit;
    if (!cur.after.is_null()) q["after"] = cur.after;
    // The page as rows straight from the host's cursor (ABI 1.3 call_rows): no JSON per row, each cell written
    // into the CSV from the host's own buffer. This is what brings the download near `sqlite3 -csv`.
    auto page = ctx.rows("viewing.page", q);
    if (!page) return page.error();
    oqs::Stmt& rows = *page;
    const int id = rows.column("id"), atMs = rows.column("at_ms"), inst = rows.column("institution"),
              user = rows.column("user_id"), userName = rows.column("user_name"), category = rows.column("category"),
              name = rows.column("patient_name"), kana = rows.column("patient_kana"), birth = rows.column("birth_date"),
              insurer = rows.column("insurer_number"), symbol = rows.column("card_symbol"),
              number = rows.column("card_number"), branch = rows.column("card_branch");
    if (std::min({id, atMs, inst, user, userName, category, name, kana, birth, insurer, symbol, number, branch}) < 0)
        return oqs::Error{500, "history.columns", "viewing.page answered without an expected column", {}};
    oqs::csv::Writer w("utf-8");
    int64_t n = 0, lastAt = 0, lastId = 0;
    std::string birthSlashed;
    while (rows.step()) {
        ++n;
        lastId = rows.i64(id);
        lastAt = rows.i64(atMs);
        w.cell(oqs::dates::japanDateTime(lastAt, true)).cell(rows.view(inst)).cell(rows.view(user));
        w.cell(rows.view(userName));
        const std::string_view key = rows.view(category);
        auto label = cur.labels.find(key);
        w.cell(label != cur.labels.end() ? std::string_view(label->second) : key);
        w.cell(rows.view(name)).cell(rows.view(kana));
        birthSlashed.assign(rows.view(birth));  // "1980-04-01" → "1980/04/01"
        std::replace(birthSlashed.begin(), birthSlashed.end(), '-', '/');
        w.cell(birthSlashed).cell(rows.view(insurer)).cell(rows.view(symbol)).cell(rows.view(number));
        w.cell(rows.view(branch)).endRow();
    }
    if (rows.failed()) return oqs::detail::storageError(ctx.raw(), ctx.api());
    out = w.bytes();
    cur.remaining -= n;
    cur.after = n == limit ? Json{{"at_ms", lastAt}, {"id", lastId}} : Json();
    return cur.remaining > 0 && !cur.after.is_null() && n > 0;
}

oqs::Response download(oqs::Ctx& ctx, const oqs::Request& req) {
    auto c = conditionsOf(ctx, req);
    if (!c) return c.error();
    auto count = ctx.call("viewing.count", c->viewingQuery());
    if (!count) return count.error();
    const int64_t total = (*count)["count"].get<int64_t>();
    if (total > kMaxRows) return oqs::badRequest("history.too_many", kTooManyJa);

    auto list = categories(ctx);
    if (!list) return list.error();
    auto cur = std::make_shared<Cursor>();
    cur->query = c->viewingQuery();
    cur->remaining = total;
    for (const auto& cat : *list) cur->labels[cat.key] = labelJa(cat.label);

    // Who downloaded which period and how many rows, before a byte is sent.
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    if (auto a =
            ctx.audit("history.download",
                      {{"from", dateText(c->from) + " " + twoDigits(c->from.hour) + ":" + twoDigits(c->from.minute)},
                       {"to", dateText(c->to) + " " + twoDigits(c->to.hour) + ":" + twoDigits(c->to.minute)},
                       {"from_ms", c->fromMs},
                       {"to_ms", c->toMs},
                       {"category", c->category.key},
                       {"rows", total}});
        !a)
        return a.error();
    if (auto done = tx.commit(); !done) return done.error();

    const JstTime now = jstOf(ctx.nowMs());
    const std::string stamp = std::to_string(now.year) + twoDigits(now.month) + twoDigits(now.day) +
                              twoDigits(now.hour) + twoDigits(now.minute) + twoDigits(now.second);
    const std::string name = "医療情報閲覧履歴_" + ctx.institutionCode() + "_" + stamp + ".csv";
    return oqs::Response::fileStream([cur](oqs::Ctx& sctx, std::string& out) { return nextPiece(*cur, sctx, out); },
                                     "text/csv; charset=utf-8", name);
}

}  // namespace

void registerDownload(oqs::Plugin& p) {
    // The answer is the CSV file itself, streamed.
    p.route("GET", "/download", {oqs::kAdmin}, download, "The matching viewing history as CSV (at most 25,000 rows)")
        .query(conditionsQuery())
        .answersFile("text/csv", 200, "UTF-8 with a BOM, CRLF, RFC 4180; the header row only when nothing matches");
}

}  // namespace history_plugin
