// Forms: one row per field (label, input, the message beside it), the enabling/visibility rules over the form's
// values, select "fills", confirmWhen dialogs, and the client-side checks.
#include "automation.hpp"
#include "checks.hpp"
#include "i18n.hpp"
#include "panel_view.hpp"
#include "widgets.hpp"

#include <oqs/rules.hpp>

#include <cstdlib>
#include <functional>

namespace oqs::ui {

namespace {
constexpr float kLabelWidth = 260.0f;
constexpr float kInputWidth = 320.0f;

bool textLike(const std::string& type) {
    return type == "text" || type == "password" || type == "number" || type == "date" || type == "datetime" ||
           type == "textarea";
}
// What a text-like field's buffer means as a value: numbers as numbers, dates normalised when they can be.
Json valueOfText(const std::string& type, const std::string& text) {
    if (type == "number" && !text.empty()) {
        char* end = nullptr;
        long long n = std::strtoll(text.c_str(), &end, 10);
        if (end && *end == '\0') return n;
        double d = std::strtod(text.c_str(), &end);
        if (end && *end == '\0') return d;
    }
    if (type == "date") {
        if (auto n = normaliseDate(text); !n.empty()) return n;
    }
    if (type == "datetime") {
        if (auto n = normaliseDateTime(text); !n.empty()) return n;
    }
    return text;
}
// A pattern made of ASCII only (no \\u escape, no negated class) can match only half-width text: the field is an
// ID or a code, and full-width letters and digits typed into it are meant as half-width ones.
bool asciiPattern(const std::string& pattern) {
    if (pattern.empty() || pattern.find("\\u") != std::string::npos || pattern.find("[^") != std::string::npos)
        return false;
    for (char c : pattern)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}
}  // namespace

PanelView::FormState& PanelView::form(const std::string& id) { return m_forms[id]; }

const Json* PanelView::findForm(const std::string& id) const {
    std::function<const Json*(const Json&)> visit = [&](const Json& body) -> const Json* {
        if (!body.is_array()) return nullptr;
        for (const auto& w : body) {
            if (str(w, "type") == "form" && str(w, "id") == id) return &w;
            if (str(w, "type") == "section")
                if (const Json* f = visit(at(w, "body"))) return f;
        }
        return nullptr;
    };
    return visit(at(m_panel, "body"));
}

void PanelView::initForm(const Json& w) {
    FormState& fs = form(str(w, "id"));
    const Json& fields = at(w, "fields");
    if (!fields.is_array()) return;
    for (const auto& f : fields) {
        const std::string id = str(f, "id"), type = str(f, "type", "text");
        if (id.empty()) continue;
        Json v = at(f, "value");
        // A panel opened from a table row starts with that row's values where the form has no value of its own.
        if (v.is_null() && m_params.contains(id)) v = m_params[id];
        if (type == "checkbox") v = v.is_boolean() ? v : Json(false);
        if (type == "select" && v.is_null()) {
            const Json& opts = at(f, "options");
            if (opts.is_array() && !opts.empty() && !flag(f, "required")) v = at(opts[0], "value");
        }
        if (textLike(type)) fs.texts[id] = asText(v);
        fs.values[id] = textLike(type) ? valueOfText(type, asText(v)) : v;
    }
}

const Json& PanelView::formValues(const std::string& formId) { return form(formId).values; }

std::string PanelView::fieldError(const std::string& formId, const std::string& fieldId) const {
    auto f = m_forms.find(formId);
    if (f == m_forms.end()) return {};
    auto e = f->second.errors.find(fieldId);
    return e == f->second.errors.end() ? std::string{} : e->second;
}

void PanelView::setFieldValue(const std::string& formId, const std::string& fieldId, const Json& value) {
    FormState& fs = form(formId);
    fs.values[fieldId] = value;
    if (fs.texts.count(fieldId)) fs.texts[fieldId] = asText(value);
}

void PanelView::applyFills(const std::string& formId, const Json& option) {
    const Json& fills = at(option, "fills");
    if (!fills.is_object()) return;
    for (const auto& [k, v] : fills.items()) setFieldValue(formId, k, v);
}

void PanelView::renderForm(const Json& w) {
    const std::string id = str(w, "id");
    const Json& fields = at(w, "fields");
    if (!fields.is_array()) return;
    ImGui::PushID(id.c_str());
    std::string section;  // a field's "section" heads each run of fields that share it
    for (const auto& f : fields) {
        if (std::string s = label(at(f, "section"), m_s.lang); !s.empty() && s != section) {
            section = s;
            ImGui::Spacing();
            message(s, "heading");
            ImGui::Separator();
        }
        renderField(id, f);
    }
    ImGui::PopID();
}

void PanelView::renderField(const std::string& formId, const Json& field) {
    FormState& fs = form(formId);
    const std::string id = str(field, "id");
    if (!oqs::evalRule(at(field, "visibleWhen"), fs.values)) return;
    const bool enabled = oqs::evalRule(at(field, "enabledWhen"), fs.values);
    // A disabled field shows and sends its offValue, never a value the server's rule would refuse.
    if (!enabled && field.contains("offValue") && fs.values[id] != field["offValue"])
        setFieldValue(formId, id, field["offValue"]);
    ImGui::PushID(id.c_str());
    std::string text = label(at(field, "label"), m_s.lang);
    if (flag(field, "required")) text += " ＊";  // HOST-UI-02
    ImGui::AlignTextToFramePadding();
    // Long labels (the settings screen has some of 40 characters) wrap inside the label column.
    ImGui::PushTextWrapPos(kLabelWidth - 8.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::SameLine(kLabelWidth);
    if (!enabled) ImGui::BeginDisabled();
    bool changed = fieldInput(formId, field, fs, enabled);
    if (!enabled) ImGui::EndDisabled();
    if (changed) {
        fs.errors.erase(id);  // the user is fixing it; the next check or answer says again if not
        m_dirty = true;
        saveDraft();  // kept over a reload until sent
    }
    if (auto e = fs.errors.find(id); e != fs.errors.end()) {
        ImGui::SameLine();
        message(e->second, "error", &kErrorColour);
    }
    if (const Json& hint = at(field, "hint"); !hint.is_null()) {
        ImGui::SetCursorPosX(kLabelWidth);
        message(label(hint, m_s.lang), "hint", &kNoteColour);
    }
    if (const Json& caution = at(field, "caution"); !caution.is_null()) {
        ImGui::SetCursorPosX(kLabelWidth);
        message(label(caution, m_s.lang), "caution", &kCautionColour);
    }
    ImGui::PopID();
}

bool PanelView::fieldInput(const std::string& formId, const Json& field, FormState& fs, bool enabled) {
    const std::string id = str(field, "id"), type = str(field, "type", "text");
    const std::string shown = label(at(field, "label"), m_s.lang);
    const std::string key = formId + "." + id;
    Json& value = fs.values[id];
    bool changed = false;
    const bool firstField = !m_autofocusDone;
    m_autofocusDone = true;
    ImGui::SetNextItemWidth(kInputWidth);
    if (textLike(type)) {
        std::string& buf = fs.texts[id];
        ImGuiInputTextFlags flags = 0;
        bool secret = type == "password" && !fs.revealed[id];
        if (secret) flags |= ImGuiInputTextFlags_Password;
        InputOptions options;
        bool refused = false;
        options.refused = &refused;
        if (type == "number") {
            options.charset = Charset::Digits;
            options.decimal = true;
        } else if (type == "text" && asciiPattern(str(field, "pattern"))) {
            options.charset = Charset::HalfWidth;  // an ID or a code: full-width letters and digits converted
        }
        // Autofocus as a web form's first field: only when it is the panel's first field (no scrolling away).
        if (firstField && enabled && type != "textarea") ImGui::SetKeyboardFocusHere();
        changed = inputString("##in", buf, flags, type == "textarea", options);
        if (fieldSubmitted()) m_enterForm = formId;
        if (refused)
            fs.errors[id] =
                type == "password"
                    ? tr(m_s.lang, "パスワードは半角英数字・記号で入力してください。入力モードを半角にしてください。",
                         "Passwords take half-width letters, digits and symbols: switch the input method off.")
                    : tr(m_s.lang, "半角数字で入力してください。", "Enter half-width digits.");
        Automation::instance().nameLastItem(shown, key, secret ? std::string(buf.size(), '*') : buf, enabled);
        if (changed) value = valueOfText(type, buf);
        if (type == "password") {
            ImGui::SameLine();
            if (ImGui::Button(fs.revealed[id] ? tr(m_s.lang, "隠す", "Hide") : tr(m_s.lang, "表示", "Show")))
                fs.revealed[id] = !fs.revealed[id];
        }
        if ((type == "date" || type == "datetime") && enabled) {
            ImGui::SameLine();
            if (calendarButton("cal", buf, m_s.lang)) {
                value = valueOfText(type, buf);
                changed = true;
            }
        }
    } else if (type == "select") {
        const Json& opts = at(field, "options");
        std::string current;
        if (opts.is_array())
            for (const auto& o : opts)
                if (at(o, "value") == value) current = label(at(o, "label"), m_s.lang);
        const bool open = ImGui::BeginCombo("##sel", current.c_str());
        Automation::instance().nameLastItem(shown, key, current, enabled);  // the combo, before its popup's items
        if (open) {
            if (opts.is_array())
                for (const auto& o : opts) {
                    bool selected = at(o, "value") == value;
                    if (ImGui::Selectable(label(at(o, "label"), m_s.lang).c_str(), selected) && !selected) {
                        Json before = value;
                        value = at(o, "value");
                        applyFills(formId, o);
                        changed = true;
                        const Json& cw = at(field, "confirmWhen");
                        if (cw.is_object() && oqs::evalRule(at(cw, "rule"), fs.values))
                            m_fieldConfirm =
                                FieldConfirm{formId, id, at(cw, "text"), cw.contains("revert") ? cw["revert"] : before};
                    }
                }
            ImGui::EndCombo();
        }
    } else if (type == "checkbox") {
        bool on = value.is_boolean() && value.get<bool>();
        if (ImGui::Checkbox("##chk", &on)) {
            Json before = value;
            value = on;
            changed = true;
            const Json& cw = at(field, "confirmWhen");
            if (cw.is_object() && oqs::evalRule(at(cw, "rule"), fs.values))
                m_fieldConfirm =
                    FieldConfirm{formId, id, at(cw, "text"), cw.contains("revert") ? cw["revert"] : before};
        }
        Automation::instance().nameLastItem(shown, key, on ? "true" : "false", enabled);
    } else if (type == "file") {
        PickedFile picked;
        if (m_s.platform.takePickedFile(key, picked)) {
            fs.files[id] = picked;
            value = picked.name;
            changed = true;
        }
        if (ImGui::Button(tr(m_s.lang, "ファイルを選択", "Choose file"))) {
            if (!m_s.platform.openFilePicker(key, str(field, "accept"))) fs.revealed[id] = true;  // native: a path box
        }
        Automation::instance().nameLastItem(shown, key, asText(value), enabled);
        if (fs.revealed[id]) {  // no picker here: the user types a local path, read when the form is sent
            ImGui::SameLine();
            ImGui::SetNextItemWidth(kInputWidth);
            std::string& path = fs.texts[id];
            if (inputString("##path", path)) {
                value = path;
                changed = true;
                std::string bytes;
                if (m_s.platform.readLocalFile(path, bytes)) fs.files[id] = PickedFile{path, std::move(bytes)};
                else fs.files.erase(id);
            }
        }
        if (auto f = fs.files.find(id); f != fs.files.end()) {
            ImGui::SameLine();
            // Sizes read as people write them: 「名簿.csv（213バイト）」, "roster.csv (213 bytes)".
            message(f->second.name +
                        fill(tr(m_s.lang, "（{}バイト）", " ({} bytes)"), std::to_string(f->second.bytes.size())),
                    "value");
        }
    } else if (type == "readonly") {
        message(asText(value), "value");
    } else {
        message(std::string(tr(m_s.lang, "表示できない入力欄です（種類：", "This field cannot be shown (kind: ")) +
                    type + tr(m_s.lang, "）", ")"),
                "error", &kErrorColour);
    }
    return changed;
}

bool PanelView::checkForm(const std::string& formId) {
    const Json* w = findForm(formId);
    if (!w) return true;
    FormState& fs = form(formId);
    bool ok = true;
    for (const auto& f : at(*w, "fields")) {
        const std::string id = str(f, "id");
        // Hidden or disabled fields are not the user's to fix.
        if (!oqs::evalRule(at(f, "visibleWhen"), fs.values) || !oqs::evalRule(at(f, "enabledWhen"), fs.values))
            continue;
        long long bytes = fs.files.count(id) ? static_cast<long long>(fs.files[id].bytes.size()) : -1;
        std::string why = checkField(f, at(fs.values, id.c_str()), m_s.lang, bytes);
        if (why.empty()) fs.errors.erase(id);
        else {
            fs.errors[id] = why;
            ok = false;
        }
    }
    return ok;
}

Json PanelView::bodyOf(const std::string& formId) {
    const Json* w = findForm(formId);
    Json out = Json::object();
    if (!w) return out;
    FormState& fs = form(formId);
    for (const auto& f : at(*w, "fields")) {
        const std::string id = str(f, "id"), type = str(f, "type");
        if (id.empty() || type == "file" || !oqs::evalRule(at(f, "visibleWhen"), fs.values)) continue;
        out[id] = at(fs.values, id.c_str());
    }
    return out;
}

}  // namespace oqs::ui
