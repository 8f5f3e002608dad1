#include "panel_view.hpp"

#include "automation.hpp"
#include "url.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

#include <oqs/rules.hpp>

#include <cstdint>
#include <functional>
#include <utility>

namespace oqs::ui {

PanelView::PanelView(Json panel, Json params, PanelServices services)
    : m_panel(std::move(panel)), m_params(params.is_object() ? std::move(params) : Json::object()), m_s(services) {
    // Forms first, so a table's query form and an action's body form exist before anything reads them.
    std::function<void(const Json&)> visit = [&](const Json& body) {
        if (!body.is_array()) return;
        for (const auto& w : body) {
            if (str(w, "type") == "form") initForm(w);
            if (str(w, "type") == "section") visit(at(w, "body"));
        }
    };
    visit(at(m_panel, "body"));
    m_refreshedAt = ImGui::GetTime();
    if (const Json& body = at(m_panel, "body"); body.is_array())
        for (const auto& w : body) {
            const std::string type = str(w, "type");
            if (type == "actions") m_pinned = &w;
            else if (type == "form" || type == "table") m_pinned = nullptr;  // a search button stays by its form
        }
}

PanelView::~PanelView() { *m_alive = false; }

std::string PanelView::title() const { return label(at(m_panel, "title"), m_s.lang); }

void PanelView::render() {
    if (num(m_panel, "schema", 0) != 1) {
        message(tr(m_s.lang, "この画面の形式（schema）には対応していません。",
                   "This screen's format (schema) is not supported."),
                "error", &kErrorColour);
        return;
    }
    if (!m_error.empty()) message(m_error, "error", &kErrorColour);
    renderWidgets(at(m_panel, "body"));
    renderDialogs();
    autoRefresh();
    if (!m_enterForm.empty()) submitByEnter(std::exchange(m_enterForm, std::string()));
}

void PanelView::renderWidgets(const Json& body) {
    if (!body.is_array()) return;
    int index = 0;
    for (const auto& w : body) {
        ImGui::PushID(index++);
        renderWidget(w);
        ImGui::PopID();
    }
}

void PanelView::renderWidget(const Json& w) {
    if (&w == m_pinned && m_barPinned && !m_inBar) return;  // drawn in the action bar
    const std::string type = str(w, "type");
    if (type == "text") renderText(w);
    else if (type == "readonly") renderReadonly(w);
    else if (type == "form") renderForm(w);
    else if (type == "actions") renderActions(w);
    else if (type == "table") renderTable(w);
    else if (type == "chart") renderChart(w);
    else if (type == "download") {
        Json action = w;
        action["download"] = true;
        renderActions(Json{{"items", Json::array({action})}});
    } else if (type == "image") renderImage(w);
    else if (type == "copy") renderCopy(w);
    else if (type == "section") {
        ImGui::Spacing();
        message(label(at(w, "title"), m_s.lang), "title");
        ImGui::Separator();
        ImGui::Indent();
        renderWidgets(at(w, "body"));
        ImGui::Unindent();
    } else {
        // A plugin newer than this client, or a typo: say so plainly and carry on with the rest of the panel.
        std::string what = type.empty() ? std::string("?") : type;
        message(std::string(tr(m_s.lang, "表示できない部品です（種類：", "This part cannot be shown (kind: ")) + what +
                    tr(m_s.lang, "）", ")"),
                "error", &kErrorColour);
    }
}

void PanelView::renderText(const Json& w) {
    const std::string style = str(w, "style", "body");
    const std::string text = label(at(w, "text"), m_s.lang);
    if (style == "heading") {
        ImGui::Spacing();
        message(text, "heading");
        ImGui::Separator();
    } else if (style == "caution") message(text, "caution", &kCautionColour);
    else if (style == "error") message(text, "error", &kErrorColour);
    else if (style == "note") message(text, "note", &kNoteColour);
    else message(text, "text");
}

void PanelView::renderReadonly(const Json& w) {
    ImGui::TextUnformatted(label(at(w, "label"), m_s.lang).c_str());
    ImGui::SameLine(200);
    message(asText(at(w, "value")), "value");
}

void PanelView::renderImage(const Json& w) {
    const std::string id = str(w, "id", "image");
    ImageState& st = m_images[id];
    const std::string alt = label(at(w, "alt"), m_s.lang);
    if (!st.requested) {
        st.requested = true;
        ++m_inFlight;
        HttpRequest req;
        req.path = substitutePath(str(at(w, "source"), "path"), contextValues(Json()));
        std::weak_ptr<bool> alive = m_alive;
        m_s.http.send(req, [this, alive, id](HttpResponse res) {
            if (alive.expired()) return;
            --m_inFlight;
            if (res.status == 401) return m_s.nav.sessionLost("session.expired");
            ImageState& s = m_images[id];
            if (res.status / 100 == 2) s.bytes = std::move(res.body);
            else s.failed = true;
        });
    }
    Texture t;
    if (!st.bytes.empty() && !st.failed) t = m_s.platform.texture(id, st.bytes, st.failed);
    if (t.id != 0) {
        float width = static_cast<float>(num(w, "width", t.width));
        float height = width * static_cast<float>(t.height) / static_cast<float>(t.width > 0 ? t.width : 1);
        ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(t.id)), ImVec2(width, height));
        Automation::instance().noteText(alt, "image", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y);
    } else if (st.failed) {
        message(alt + tr(m_s.lang, "（画像を表示できません）", " (the image cannot be shown)"), "error", &kErrorColour);
    } else {
        message(alt, "image-loading", &kNoteColour);
    }
}

void PanelView::renderCopy(const Json& w) {
    const std::string id = str(w, "id", "copy");
    const std::string value = asText(at(w, "value"));
    ImGui::PushID(id.c_str());
    // The value starts after the label, never on it: a label longer than the column pushes the value right.
    labelThenValue(label(at(w, "label"), m_s.lang), 200);
    const bool isUrl = value.rfind("https://", 0) == 0 || value.rfind("http://", 0) == 0;
    bool copied = false;
    if (isUrl) {
        // An address is a link, as on a web page: a new tab in the browser, xdg-open natively.
        if (linkText(value) && !m_s.platform.openUrl(value)) {
            m_s.platform.setClipboard(value);  // no browser to hand it to: the user gets it to paste instead
            copied = true;
        }
    } else {
        message(value, "value");
    }
    ImGui::SameLine();
    if (ImGui::Button(tr(m_s.lang, "コピー", "Copy")) || copied) {
        if (!copied) m_s.platform.setClipboard(value);
        m_copied = id;
        m_copiedAt = ImGui::GetTime();
    }
    ImGui::PopID();
    if (m_copied == id && ImGui::GetTime() - m_copiedAt < kCopiedSeconds) {
        ImGui::SameLine();
        message(tr(m_s.lang, "コピーしました。", "Copied."), "message", &kNoteColour);
    }
}

void PanelView::submitByEnter(const std::string& formId) {
    // Enter in a field submits its form, as in HTML: the first action that sends this form.
    std::function<const Json*(const Json&)> find = [&](const Json& body) -> const Json* {
        if (!body.is_array()) return nullptr;
        for (const auto& w : body) {
            const std::string type = str(w, "type");
            if (type == "section")
                if (const Json* a = find(at(w, "body"))) return a;
            if (type != "actions" || !at(w, "items").is_array()) continue;
            for (const auto& a : w["items"]) {
                const Json& call = at(a, "call");
                if (str(call, "body") == formId || str(call, "query") == formId) return &a;
            }
        }
        return nullptr;
    };
    if (const Json* action = find(at(m_panel, "body")); action && !busy() && !m_confirm && !m_done)
        startAction(*action, Json());
}

void PanelView::autoRefresh() {
    long long every = num(m_panel, "refreshSeconds", 0);
    if (every <= 0 || m_inFlight > 0) return;
    if (ImGui::GetTime() - m_refreshedAt >= static_cast<double>(every)) {
        m_refreshedAt = ImGui::GetTime();
        reloadTables();
    }
}

float PanelView::actionBarHeight() const {
    if (!m_pinned || !m_barPinned || num(m_panel, "schema", 0) != 1) return 0;
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::GetFrameHeight() + st.ItemSpacing.y * 4 + 2;  // spacing, separator, spacing, buttons, spacing
}

void PanelView::renderActionBar() {
    if (!m_pinned) return;
    m_inBar = true;
    ImGui::PushID("bar");
    renderWidget(*m_pinned);
    ImGui::PopID();
    m_inBar = false;
}

}  // namespace oqs::ui
