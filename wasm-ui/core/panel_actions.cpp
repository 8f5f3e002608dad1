// Actions: buttons that call the host (after one or two confirmations), downloads, what to do with the answer
// (completion dialog, values, follow-ups, goto, reload), per-field server errors and the session-lost path.
#include "automation.hpp"
#include "i18n.hpp"
#include "panel_view.hpp"
#include "url.hpp"
#include "widgets.hpp"

#include <oqs/rules.hpp>

namespace oqs::ui {

Json PanelView::contextValues(const Json& row) const {
    Json ctx = m_params;
    for (const auto& [id, fs] : m_forms)
        for (const auto& [k, v] : fs.values.items()) ctx[k] = v;
    if (row.is_object())
        for (const auto& [k, v] : row.items()) ctx[k] = v;
    return ctx;
}

void PanelView::renderActions(const Json& w) {
    const Json& items = at(w, "items");
    if (!items.is_array()) return;
    ImGui::Spacing();
    bool first = true;
    for (const auto& a : items) {
        if (!first) ImGui::SameLine();
        first = false;
        actionButton(a, Json(), "", false);
    }
    if (busy()) {
        ImGui::SameLine();
        spinner(ImGui::GetTextLineHeight() / 2);
    }
    ImGui::Spacing();
}

bool PanelView::actionButton(const Json& action, const Json& row, const char* idSuffix, bool small) {
    const std::string text = label(at(action, "label"), m_s.lang) + "##" + str(action, "id") + idSuffix;
    // A call in flight disables the buttons that would start another one (no double submission).
    bool enabled =
        oqs::evalRule(at(action, "enabledWhen"), contextValues(row)) && !(busy() && !at(action, "call").is_null());
    if (!enabled) ImGui::BeginDisabled();
    const std::string style = str(action, "style");
    if (style == "danger") ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.7f, 0.15f, 0.15f, 1));
    bool clicked = small ? ImGui::SmallButton(text.c_str()) : ImGui::Button(text.c_str());
    if (style == "danger") ImGui::PopStyleColor();
    if (!enabled) ImGui::EndDisabled();
    if (clicked) startAction(action, row);
    return clicked;
}

void PanelView::startAction(const Json& action, const Json& row) {
    // Check the forms before asking "are you sure?": a confirmation for input that cannot be sent is noise.
    const Json& call = at(action, "call");
    bool ok = true;
    for (const char* key : {"body", "query"})
        if (std::string f = str(call, key); !f.empty()) ok = checkForm(f) && ok;
    if (!ok) return;
    const Json& confirm = at(action, "confirm");
    if (confirm.is_array() && !confirm.empty()) m_confirm = Confirm{action, row, 0};
    else runAction(action, row);
}

namespace {
void gotoTarget(Navigator& nav, const Json& target) {
    if (target.is_string()) {
        if (target == "menu") nav.gotoMenu();
        else if (target == "back") nav.goBack();
        else if (target == "login") nav.loginAgain();
        else nav.openPanel(target.get<std::string>(), Json::object());
    } else if (target.is_object()) {
        nav.openPanel(str(target, "panel"), at(target, "params"));
    }
}
}  // namespace

void PanelView::followGoto(const Json& target) { gotoTarget(m_s.nav, target); }

void PanelView::runAction(const Json& action, const Json& row) {
    const Json& call = at(action, "call");
    if (!call.is_object()) {
        // 《戻る》, 《メニュー》 and other plain moves: typed input not sent yet makes the application ask first.
        if (at(action, "goto").is_null()) return;
        return m_s.nav.leavePanel([nav = &m_s.nav, target = at(action, "goto")] { gotoTarget(*nav, target); });
    }
    const std::string bodyForm = str(call, "body"), queryForm = str(call, "query");
    bool ok = true;
    if (!bodyForm.empty()) ok = checkForm(bodyForm) && ok;
    if (!queryForm.empty()) ok = checkForm(queryForm) && ok;
    if (!ok) return;  // the messages are beside the fields now

    HttpRequest req;
    req.method = str(call, "method", "GET");
    req.path = substitutePath(str(call, "path"), contextValues(row));
    if (!queryForm.empty()) req.path = withQuery(req.path, queryString(bodyOf(queryForm)));
    if (!bodyForm.empty()) {
        FormState& fs = form(bodyForm);
        if (!fs.files.empty()) {
            // A form with a file sends the file's bytes as the body; its other values ride in the query.
            const PickedFile& file = fs.files.begin()->second;
            req.body = file.bytes;
            req.contentType = file.name.size() > 4 && file.name.substr(file.name.size() - 4) == ".csv"
                                  ? "text/csv"
                                  : "application/octet-stream";
            req.path = withQuery(req.path, queryString(bodyOf(bodyForm)));
        } else {
            req.body = bodyOf(bodyForm).dump();
            req.contentType = "application/json";
        }
    } else if (req.method != "GET" && req.method != "DELETE") {
        req.body = row.is_object() ? row.dump() : "{}";
        req.contentType = "application/json";
    }
    m_error.clear();
    ++m_inFlight;
    std::weak_ptr<bool> alive = m_alive;
    m_s.http.send(req, [this, alive, action, bodyForm, queryForm](HttpResponse res) {
        if (alive.expired()) return;
        --m_inFlight;
        if (res.status == 401) {
            Json err = parse(res.body);
            return m_s.nav.sessionLost(str(at(err, "error"), "code", "session.expired"));
        }
        // A refusal's field messages go beside the fields of the form that was sent (body, else query).
        if (res.status / 100 != 2) return handleError(bodyForm.empty() ? queryForm : bodyForm, res);
        // A chart over the same conditions shows what was just acted on.
        if (!queryForm.empty()) reloadCharts(queryForm);
        if (!bodyForm.empty()) {
            m_dirty = false;  // what was typed has been sent
            forgetDraft();
        }
        handleAnswer(action, res);
    });
}

void PanelView::handleError(const std::string& bodyForm, const HttpResponse& res) {
    Json err = at(parse(res.body), "error");
    const Json& fields = at(err, "fields");
    if (fields.is_object() && !bodyForm.empty())
        for (const auto& [k, v] : fields.items()) form(bodyForm).errors[k] = asText(v);
    m_error = str(err, "message", statusMessage(res.status, m_s.lang));
}

void PanelView::handleAnswer(const Json& action, const HttpResponse& res) {
    if (flag(action, "download")) {
        std::string name = fileNameFromDisposition(res.contentDisposition);
        std::string where = m_s.platform.saveDownload(name, res.body);
        Completion c;
        if (where.empty()) {
            m_error = tr(m_s.lang, "ファイルを保存できませんでした。", "The file could not be saved.");
            return;
        }
        std::string done = label(at(action, "done"), m_s.lang);
        c.message = done.empty() ? fill(tr(m_s.lang, "ダウンロードしました（{}）。", "Downloaded ({})."), where) : done;
        m_done = std::move(c);
        return;
    }
    Json answer = parse(res.body);
    if (const Json& values = at(answer, "values"); values.is_object()) {
        std::string target = str(at(action, "call"), "body");
        for (const auto& [k, v] : values.items())
            if (!target.empty()) setFieldValue(target, k, v);
    }
    Completion c;
    c.message = label(at(answer, "message"), m_s.lang);
    if (at(answer, "show").is_array()) c.show = answer["show"];
    if (at(answer, "actions").is_array()) c.actions = answer["actions"];
    c.gotoTarget = answer.contains("goto") ? at(answer, "goto") : at(action, "goto");
    c.reload = flag(answer, "reload");
    // A change on the host shows in its lists at once — unless the host has just ended the session (goto
    // "login"), when reloading would answer 401 and take the completion message away before it is read.
    if (c.gotoTarget != "login") reloadTables();
    if (!c.message.empty() || !c.show.empty() || !c.actions.empty()) m_done = std::move(c);
    else if (c.reload) m_s.nav.reloadPanel();
    else if (!c.gotoTarget.is_null()) followGoto(c.gotoTarget);
}

void PanelView::renderDialogs() {
    if (m_confirm) {
        const Json& list = at(m_confirm->action, "confirm");
        if (beginDialog("confirm")) {
            message(label(list[m_confirm->step], m_s.lang), "dialog");
            if (ImGui::Button("OK##confirm") || dialogEnter()) {
                if (++m_confirm->step >= list.size()) {
                    Confirm c = *m_confirm;
                    m_confirm.reset();
                    runAction(c.action, c.row);
                }
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button(tr(m_s.lang, "キャンセル##confirm", "Cancel##confirm")) || dialogEscape()) {
                m_confirm.reset();
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    } else if (m_fieldConfirm) {
        if (beginDialog("field-confirm")) {
            message(label(m_fieldConfirm->text, m_s.lang), "dialog");
            if (ImGui::Button("OK##field") || dialogEnter()) {
                m_fieldConfirm.reset();
                ImGui::CloseCurrentPopup();
            }
            ImGui::SameLine();
            if (ImGui::Button(tr(m_s.lang, "キャンセル##field", "Cancel##field")) || dialogEscape()) {
                setFieldValue(m_fieldConfirm->form, m_fieldConfirm->field, m_fieldConfirm->revert);
                m_fieldConfirm.reset();
                ImGui::CloseCurrentPopup();
            }
            ImGui::EndPopup();
        }
    } else if (m_done) {
        renderCompletion();
    }
}

void PanelView::renderCompletion() {
    if (!beginDialog("done")) return;
    Completion& c = *m_done;
    if (!c.message.empty()) message(c.message, "dialog");
    for (std::size_t i = 0; i < c.show.size(); ++i) {
        const Json& item = c.show[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::TextUnformatted(label(at(item, "label"), m_s.lang).c_str());
        ImGui::SameLine(200);
        const std::string value = asText(at(item, "value"));
        bool secret = flag(item, "secret") && !c.revealed[i];
        message(secret ? std::string("********") : value, "value");
        if (flag(item, "secret")) {
            ImGui::SameLine();
            if (ImGui::SmallButton(c.revealed[i] ? tr(m_s.lang, "隠す", "Hide") : tr(m_s.lang, "表示", "Show")))
                c.revealed[i] = !c.revealed[i];
        }
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(m_s.lang, "コピー", "Copy"))) {
            m_s.platform.setClipboard(value);
            m_copied = "done." + std::to_string(i);
            m_copiedAt = ImGui::GetTime();
        }
        if (m_copied == "done." + std::to_string(i) && ImGui::GetTime() - m_copiedAt < kCopiedSeconds) {
            ImGui::SameLine();  // the feedback a user looks for after 《コピー》
            message(tr(m_s.lang, "コピーしました。", "Copied."), "message", &kNoteColour);
        }
        ImGui::PopID();
    }
    for (std::size_t i = 0; i < c.actions.size(); ++i) {  // follow-ups, e.g. the PDF of a new account
        ImGui::PushID(static_cast<int>(i) + 1000);
        actionButton(c.actions[i], Json(), "", false);
        ImGui::PopID();
        ImGui::SameLine();
    }
    if (ImGui::Button("OK##done") || dialogEnter() || dialogEscape()) {
        Completion finished = std::move(c);
        m_done.reset();
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        if (finished.reload) m_s.nav.reloadPanel();
        else if (!finished.gotoTarget.is_null()) followGoto(finished.gotoTarget);
        return;
    }
    ImGui::EndPopup();
}

}  // namespace oqs::ui
