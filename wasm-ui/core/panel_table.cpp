// Tables: rows from the host a page at a time, a row click opens another panel, per-row action buttons with their
// own `when` rule, greyed-out rows, auto-refresh, and ImGui's list clipper so that only the visible rows are laid
// out (10,000 rows stay smooth).
//
// Paging (oqs/panel.hpp table): a source whose answer carries a cursor `next` is asked for the following page with
// `after=<cursor>&limit=n`, which costs a keyed source what its first page costs at any depth, where `offset=` makes
// SQLite step over every row before it. The cursors used are kept as a stack, so 《前へ》 asks with the previous
// page's own cursor. A source without `next` is paged by `offset=&limit=` as before.
#include "automation.hpp"
#include "i18n.hpp"
#include "panel_view.hpp"
#include "url.hpp"
#include "widgets.hpp"

#include <oqs/rules.hpp>

#include <algorithm>
#include <cstdio>

namespace oqs::ui {

void PanelView::loadTable(const Json& w) {
    const std::string id = str(w, "id", "table");  // the key renderTable keeps the table's state under
    TableState& st = m_tables[id];
    st.spec = w;
    st.loading = true;
    const Json& source = at(w, "source");
    HttpRequest req;
    req.method = str(source, "method", "GET");
    req.path = substitutePath(str(source, "path"), contextValues(Json()));
    if (std::string q = str(source, "query"); !q.empty()) req.path = withQuery(req.path, queryString(bodyOf(q)));
    // Other conditions (a search form changed, then 《再表示》 or a page button) make another list: its page 1. The
    // same conditions (a reload after an action, refreshSeconds) ask for the page being shown again.
    if (req.path != st.conditions) {
        st.conditions = req.path;
        st.offset = 0;
        st.afters.clear();
        st.next.clear();
    }
    if (long long page = num(w, "page", 0); page > 0) {
        const std::string limit = "limit=" + std::to_string(page);
        req.path = withQuery(req.path, st.afters.empty() ? "offset=" + std::to_string(st.offset) + "&" + limit
                                                         : "after=" + percentEncode(st.afters.back()) + "&" + limit);
    }
    ++m_inFlight;
    std::weak_ptr<bool> alive = m_alive;
    m_s.http.send(req, [this, alive, id](HttpResponse res) {
        if (alive.expired()) return;
        --m_inFlight;
        TableState& s = m_tables[id];
        s.loading = false;
        s.loaded = true;
        s.loadedAt = ImGui::GetTime();
        if (res.status == 401) return m_s.nav.sessionLost("session.expired");
        Json answer = parse(res.body);
        if (res.status / 100 != 2) {
            s.error = str(at(answer, "error"), "message",
                          tr(m_s.lang, "一覧を取得できませんでした。", "The list could not be loaded."));
            return;
        }
        s.error.clear();
        s.rows = at(answer, "rows").is_array() ? answer["rows"] : Json::array();
        s.total = num(answer, "total", static_cast<long long>(s.rows.size()));
        s.next = str(answer, "next");
    });
}

// 《次へ》/《前へ》. Cursors and positions move together: `afters` holds one cursor per page after the first, or none
// (offset paging). A page answered without a cursor (an offset source, or a keyed one that stopped giving them)
// drops the stack and goes on by position, which is always known.
void PanelView::pageTable(const Json& w, bool forward) {
    TableState& st = m_tables[str(w, "id", "table")];
    const long long page = num(w, "page", 0);
    const bool onStack = static_cast<long long>(st.afters.size()) == st.offset / page;
    if (forward) {
        if (!st.next.empty() && onStack) st.afters.push_back(st.next);
        else st.afters.clear();
        st.offset += page;
    } else {
        if (!st.afters.empty() && onStack) st.afters.pop_back();
        else st.afters.clear();
        st.offset = std::max(0LL, st.offset - page);
    }
    loadTable(w);
}

void PanelView::reloadTables() {
    for (auto& [id, st] : m_tables)
        if (!st.spec.is_null() && !st.loading) loadTable(st.spec);
}

// The row's action buttons whose `when` rule holds, side by side.
void PanelView::rowButtons(const Json& rowActions, const Json& row) {
    bool first = true;
    for (const auto& a : rowActions) {
        if (!oqs::evalRule(at(a, "when"), row)) continue;
        if (!first) ImGui::SameLine();
        first = false;
        actionButton(a, row, "", true);
    }
}

void PanelView::renderTable(const Json& w) {
    const std::string id = str(w, "id", "table");
    TableState& st = m_tables[id];
    if (st.spec.is_null()) st.spec = w;
    if (!st.loaded && !st.loading && flag(w, "autoLoad")) loadTable(w);
    long long every = num(w, "refreshSeconds", 0);
    if (every > 0 && st.loaded && !st.loading && ImGui::GetTime() - st.loadedAt >= static_cast<double>(every))
        loadTable(w);

    ImGui::PushID(id.c_str());
    const long long page = num(w, "page", 0);
    // Paging and (re)loading.
    if (ImGui::Button(st.loaded ? tr(m_s.lang, "再表示", "Refresh") : tr(m_s.lang, "表示", "Show"))) loadTable(w);
    if (page > 0 && st.loaded) {
        ImGui::SameLine();
        // Not while a page is on its way: a second 《次へ》 would push the same cursor again.
        bool hasPrev = !st.loading && st.offset > 0, hasNext = !st.loading && st.offset + page < st.total;
        if (!hasPrev) ImGui::BeginDisabled();
        if (ImGui::Button(tr(m_s.lang, "前へ", "Previous"))) pageTable(w, false);
        if (!hasPrev) ImGui::EndDisabled();
        ImGui::SameLine();
        if (!hasNext) ImGui::BeginDisabled();
        if (ImGui::Button(tr(m_s.lang, "次へ", "Next"))) pageTable(w, true);
        if (!hasNext) ImGui::EndDisabled();
    }
    if (st.loaded) {
        ImGui::SameLine();
        char range[96];
        long long shownTo = st.offset + static_cast<long long>(st.rows.size());
        std::snprintf(range, sizeof range, tr(m_s.lang, "%lld件中 %lld〜%lld件", "%lld rows, %lld–%lld"), st.total,
                      st.rows.empty() ? 0 : st.offset + 1, shownTo);
        message(range, "table-range");
    }
    if (st.loading) {
        ImGui::SameLine();
        spinner(ImGui::GetTextLineHeight() / 2);
    }
    if (!st.error.empty()) message(st.error, "error", &kErrorColour);

    const Json& columns = at(w, "columns");
    const Json& rowActions = at(w, "rowActions");
    const Json& rowOpen = at(w, "rowOpen");
    const bool hasActions = rowActions.is_array() && !rowActions.empty();
    // A column marked "actions" holds the row buttons in its place (e.g. 無効化状況); otherwise they get their own
    // trailing column.
    bool actionsInColumn = false;
    for (const auto& c : columns) actionsInColumn = actionsInColumn || flag(c, "actions");
    const bool actionsColumn = hasActions && !actionsInColumn;
    const int ncols = static_cast<int>(columns.is_array() ? columns.size() : 0) + (actionsColumn ? 1 : 0);
    if (st.loaded && st.rows.empty() && st.error.empty()) {
        std::string empty = label(at(w, "empty"), m_s.lang);
        message(empty.empty() ? tr(m_s.lang, "該当するデータはありません。", "No rows.") : empty, "note", &kNoteColour);
    }
    if (ncols > 0 && !st.rows.empty()) {
        bool twoLines = false;
        for (const auto& c : columns) twoLines = twoLines || !str(c, "sub").empty();
        const float rowHeight = ImGui::GetTextLineHeightWithSpacing() * (twoLines ? 2.0f : 1.0f) + 4;
        float height = std::min(rowHeight * (static_cast<float>(st.rows.size()) + 1.5f), 420.0f);
        ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY;
        if (ImGui::BeginTable("rows", ncols, flags, ImVec2(0, height))) {
            ImGui::TableSetupScrollFreeze(0, 1);
            for (const auto& c : columns) ImGui::TableSetupColumn(label(at(c, "label"), m_s.lang).c_str());
            if (actionsColumn) ImGui::TableSetupColumn(tr(m_s.lang, "操作", "Actions"));
            ImGui::TableHeadersRow();
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(st.rows.size()));
            while (clipper.Step()) {
                for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                    // A copy: an action below may reload the table and replace st.rows while we draw.
                    const Json row = st.rows[static_cast<std::size_t>(r)];
                    ImGui::PushID(r);
                    ImGui::TableNextRow();
                    const bool grey = !at(w, "greyWhen").is_null() && oqs::evalRule(at(w, "greyWhen"), row);
                    if (grey) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                    int col = 0;
                    for (const auto& c : columns) {
                        ImGui::TableNextColumn();
                        std::string cell = asText(at(row, str(c, "id").c_str()));
                        const bool holdsActions = hasActions && flag(c, "actions");
                        // Published for tests as a user reads it: the text and whether the row is greyed out.
                        const ImVec2 at0 = ImGui::GetCursorScreenPos();
                        if (!cell.empty())
                            Automation::instance().noteText(cell, grey ? "cell-grey" : "cell", at0.x, at0.y);
                        if (col++ == 0 && rowOpen.is_object()) {
                            if (ImGui::Selectable(
                                    (cell + "##open").c_str(), false,
                                    ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
                                Json params = Json::object();
                                for (const auto& k : at(rowOpen, "with"))
                                    if (k.is_string())
                                        params[k.get<std::string>()] = at(row, k.get_ref<const std::string&>().c_str());
                                m_s.nav.openPanel(str(rowOpen, "panel"), params);
                            }
                        } else if (!holdsActions || !cell.empty()) {  // an empty text would push the buttons down
                            ImGui::TextUnformatted(cell.c_str());
                        }
                        if (std::string sub = str(c, "sub"); !sub.empty())
                            ImGui::TextUnformatted(asText(at(row, sub.c_str())).c_str());
                        if (holdsActions) {
                            if (!cell.empty()) ImGui::SameLine();
                            if (grey) ImGui::PopStyleColor();
                            rowButtons(rowActions, row);
                            if (grey)
                                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                        }
                    }
                    if (grey) ImGui::PopStyleColor();
                    if (actionsColumn) {
                        ImGui::TableNextColumn();
                        rowButtons(rowActions, row);
                    }
                    ImGui::PopID();
                }
            }
            ImGui::EndTable();
        }
    }
    ImGui::PopID();
}

}  // namespace oqs::ui
