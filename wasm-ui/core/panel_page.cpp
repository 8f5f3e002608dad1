// What a panel adds to the page around it (issue 17): drafts of typed input kept over a reload, and whether it has
// clocks that need the idle client to wake (a page that shows only static text draws nothing while left alone).
#include "panel_view.hpp"
#include "widgets.hpp"

#include <functional>

namespace oqs::ui {

namespace {
// Fields whose typed value may be kept in the tab's sessionStorage: never a password, never a file's bytes.
bool draftable(const std::string& type) { return type != "password" && type != "file" && type != "readonly"; }

void eachField(const Json& body, const std::function<void(const std::string& form, const Json& field)>& f) {
    if (!body.is_array()) return;
    for (const auto& w : body) {
        const std::string type = str(w, "type");
        if (type == "section") eachField(at(w, "body"), f);
        if (type != "form" || !at(w, "fields").is_array()) continue;
        for (const auto& field : w["fields"]) f(str(w, "id"), field);
    }
}
}  // namespace

void PanelView::keepDrafts(const std::string& key) {
    m_draftKey = key;
    Json draft = parse(m_s.platform.loadDraft(key));
    if (!draft.is_object()) return;
    bool restored = false;
    eachField(at(m_panel, "body"), [&](const std::string& formId, const Json& field) {
        const std::string id = str(field, "id");
        const Json& v = at(at(draft, formId.c_str()), id.c_str());
        if (v.is_null() || !draftable(str(field, "type", "text"))) return;
        setFieldValue(formId, id, v);
        restored = true;
    });
    m_dirty = restored;  // still not sent: leaving asks, and the draft stays until it is sent
}

void PanelView::saveDraft() {
    if (m_draftKey.empty()) return;
    Json draft = Json::object();
    eachField(at(m_panel, "body"), [&](const std::string& formId, const Json& field) {
        const std::string id = str(field, "id");
        if (!draftable(str(field, "type", "text"))) return;
        auto fs = m_forms.find(formId);
        if (fs != m_forms.end() && fs->second.values.contains(id)) draft[formId][id] = fs->second.values[id];
    });
    m_s.platform.saveDraft(m_draftKey, draft.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void PanelView::forgetDraft() {
    if (!m_draftKey.empty()) m_s.platform.saveDraft(m_draftKey, "");
}

bool PanelView::hasClocks() const {
    if (num(m_panel, "refreshSeconds", 0) > 0) return true;
    for (const auto& [id, st] : m_tables)
        if (num(st.spec, "refreshSeconds", 0) > 0) return true;
    // 「コピーしました。」 goes away after kCopiedSeconds.
    return !m_copied.empty() && ImGui::GetTime() - m_copiedAt < kCopiedSeconds + 0.1;
}

}  // namespace oqs::ui
