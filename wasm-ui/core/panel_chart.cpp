// Charts (panel schema "chart"): vertical bars over numbers the host computes, with a value axis (0 and the
// largest value, a light line at each) and a category axis whose labels are thinned to what fits. The source's
// "summary" is drawn above and "note" below; both, the bar count and the largest value are published to the
// automation hook so browser tests read what the user sees.
#include "automation.hpp"
#include "i18n.hpp"
#include "panel_view.hpp"
#include "url.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <cstdio>

namespace oqs::ui {

namespace {
constexpr float kAxisWidth = 64.0f;  // room for the value labels left of the bars
}  // namespace

void PanelView::loadChart(const Json& w) {
    const std::string id = str(w, "id", "chart");
    ChartState& st = m_charts[id];
    st.spec = w;
    st.loading = true;
    const Json& source = at(w, "source");
    HttpRequest req;
    req.method = str(source, "method", "GET");
    req.path = substitutePath(str(source, "path"), contextValues(Json()));
    if (std::string q = str(source, "query"); !q.empty()) req.path = withQuery(req.path, queryString(bodyOf(q)));
    ++m_inFlight;
    std::weak_ptr<bool> alive = m_alive;
    const std::string queryForm = str(source, "query");
    m_s.http.send(req, [this, alive, id, queryForm](HttpResponse res) {
        if (alive.expired()) return;
        --m_inFlight;
        ChartState& s = m_charts[id];
        s.loading = false;
        s.loaded = true;
        if (res.status == 401) return m_s.nav.sessionLost("session.expired");
        Json answer = parse(res.body);
        if (res.status / 100 != 2) {
            s.answer = Json();
            s.error = str(at(answer, "error"), "message",
                          tr(m_s.lang, "グラフを取得できませんでした。", "The chart could not be loaded."));
            // A refused query (a bad period) is shown beside the fields of the form it came from.
            if (const Json& fields = at(at(answer, "error"), "fields"); fields.is_object() && !queryForm.empty())
                for (const auto& [k, v] : fields.items()) form(queryForm).errors[k] = asText(v);
            return;
        }
        s.error.clear();
        s.answer = std::move(answer);
    });
}

void PanelView::reloadCharts(const std::string& queryForm) {
    for (auto& [id, st] : m_charts)
        if (!st.spec.is_null() && !st.loading && str(at(st.spec, "source"), "query") == queryForm) loadChart(st.spec);
}

void PanelView::renderChart(const Json& w) {
    const std::string id = str(w, "id", "chart");
    ChartState& st = m_charts[id];
    if (st.spec.is_null()) st.spec = w;
    if (!st.loaded && !st.loading && flag(w, "autoLoad")) loadChart(w);

    ImGui::PushID(id.c_str());
    std::string button = label(at(w, "button"), m_s.lang);
    if (button.empty()) button = tr(m_s.lang, "表示", "Show");
    if (ImGui::Button(button.c_str())) {
        const std::string q = str(at(w, "source"), "query");
        if (q.empty() || checkForm(q)) loadChart(w);
    }
    Automation::instance().nameLastItem(button, id, "");
    if (st.loading) {
        ImGui::SameLine();
        spinner(7.0f);
    }
    if (!st.error.empty()) message(st.error, "error", &kErrorColour);
    const Json& a = st.answer;
    if (std::string summary = label(at(a, "summary"), m_s.lang); !summary.empty()) message(summary, "chart-summary");

    const Json& bars = at(a, "bars");
    const std::size_t n = bars.is_array() ? bars.size() : 0;
    long long maxValue = 0;
    for (std::size_t i = 0; i < n; ++i) maxValue = std::max(maxValue, num(bars[i], "value", 0));
    Automation::instance().noteFact("chart." + id + ".bars", static_cast<double>(n));
    Automation::instance().noteFact("chart." + id + ".max", static_cast<double>(maxValue));

    if (st.loaded && st.error.empty() && (n == 0 || maxValue == 0) && at(a, "note").is_null()) {
        std::string empty = label(at(w, "empty"), m_s.lang);
        message(empty.empty() ? tr(m_s.lang, "データはありません。", "No data.") : empty, "note", &kNoteColour);
    }
    if (n > 0) {
        std::string yLabel = label(at(w, "yLabel"), m_s.lang);
        std::string xLabel = label(at(a, "xLabel").is_null() ? at(w, "xLabel") : at(a, "xLabel"), m_s.lang);
        const float line = ImGui::GetTextLineHeight();
        const float height = static_cast<float>(num(w, "height", 160));
        const float width = std::max(200.0f, std::min(ImGui::GetContentRegionAvail().x, 900.0f));
        ImGui::TextUnformatted(yLabel.c_str());
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        // The plot area, right of the value axis and above the category labels.
        const ImVec2 p0(origin.x + kAxisWidth, origin.y + line * 0.5f);
        const ImVec2 p1(origin.x + width, p0.y + height);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 axis = ImGui::GetColorU32(ImGuiCol_Text);
        const ImU32 grid = ImGui::GetColorU32(ImGuiCol_Border);
        const ImU32 bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
        char buf[32];
        // Value axis: 0 at the bottom, the largest value at the top.
        std::snprintf(buf, sizeof buf, "%lld", maxValue);
        dl->AddText(ImVec2(p0.x - 6 - ImGui::CalcTextSize(buf).x, p0.y - line * 0.5f), axis, buf);
        dl->AddText(ImVec2(p0.x - 6 - ImGui::CalcTextSize("0").x, p1.y - line * 0.5f), axis, "0");
        dl->AddLine(ImVec2(p0.x, p0.y), ImVec2(p1.x, p0.y), grid);
        dl->AddLine(ImVec2(p0.x, p0.y), ImVec2(p0.x, p1.y), axis);
        dl->AddLine(ImVec2(p0.x, p1.y), ImVec2(p1.x, p1.y), axis);
        const float slot = (p1.x - p0.x) / static_cast<float>(n);
        const float gap = slot > 6 ? std::min(slot * 0.2f, 6.0f) : 0.0f;
        int hovered = -1;
        for (std::size_t i = 0; i < n; ++i) {
            const long long v = num(bars[i], "value", 0);
            const float x0 = p0.x + slot * static_cast<float>(i) + gap * 0.5f;
            const float x1 = x0 + std::max(1.0f, slot - gap);
            const float top =
                maxValue > 0 ? p1.y - (p1.y - p0.y) * static_cast<float>(v) / static_cast<float>(maxValue) : p1.y;
            if (v > 0) dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, p1.y), bar);
            if (ImGui::IsMouseHoveringRect(ImVec2(x0, p0.y), ImVec2(x1, p1.y))) hovered = static_cast<int>(i);
        }
        // Category axis: labels as far apart as the widest one needs.
        float widest = 1.0f;
        for (std::size_t i = 0; i < n; ++i)
            widest = std::max(widest, ImGui::CalcTextSize(str(bars[i], "label").c_str()).x);
        const std::size_t every =
            std::max<std::size_t>(1, static_cast<std::size_t>((widest + 12.0f) / std::max(slot, 1.0f)) + 1);
        for (std::size_t i = 0; i < n; i += every) {
            const std::string l = str(bars[i], "label");
            const float cx = p0.x + slot * (static_cast<float>(i) + 0.5f) - ImGui::CalcTextSize(l.c_str()).x * 0.5f;
            dl->AddText(ImVec2(std::max(cx, p0.x), p1.y + 3), axis, l.c_str());
        }
        ImGui::Dummy(ImVec2(width, height + line * 2.0f + 6));
        if (hovered >= 0)
            ImGui::SetTooltip("%s: %lld", str(bars[static_cast<std::size_t>(hovered)], "label").c_str(),
                              num(bars[static_cast<std::size_t>(hovered)], "value", 0));
        // The category axis' name, centred under the labels.
        ImGui::SetCursorScreenPos(
            ImVec2(p0.x + (p1.x - p0.x) * 0.5f - ImGui::CalcTextSize(xLabel.c_str()).x * 0.5f, p1.y + line + 6));
        ImGui::TextUnformatted(xLabel.c_str());
    }
    if (std::string note = label(at(a, "note"), m_s.lang); !note.empty()) message(note, "caution", &kCautionColour);
    ImGui::PopID();
}

}  // namespace oqs::ui
