// panel_view.hpp — renders one panel (schema 1 of host/include/oqs/panel.hpp) and runs what it asks for: form
// input with the client-side checks and enabling rules, tables that page through the host, bar charts, action buttons with
// confirmation and completion dialogs, downloads, images, copy buttons and auto-refresh. It knows no plugin.
#pragma once

#include "http.hpp"
#include "json_util.hpp"
#include "platform.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace oqs::ui {

// What a panel asks of the application around it.
class Navigator {
  public:
    virtual ~Navigator() = default;
    virtual void gotoMenu() = 0;
    virtual void goBack() = 0;
    virtual void openPanel(const std::string& panel, const Json& params) = 0;  // "plugin.panel" or "plugin/panel"
    virtual void reloadPanel() = 0;
    virtual void sessionLost(const std::string& code) = 0;  // a 401 answer
    // goto "login": the host ended the session on purpose (e.g. a settings change); log in again.
    virtual void loginAgain() { sessionLost("session.required"); }
    // Leaving the panel by the user's choice (《戻る》, 《メニュー》, another screen): asks first when typed input has
    // not been sent (the application's dialog), then runs `go`.
    virtual void leavePanel(std::function<void()> go) { go(); }
};

struct PanelServices {
    HttpClient& http;
    Platform& platform;
    Navigator& nav;
    const Lang& lang;
};

class PanelView {
  public:
    PanelView(Json panel, Json params, PanelServices services);
    ~PanelView();
    PanelView(const PanelView&) = delete;
    PanelView& operator=(const PanelView&) = delete;

    void render();  // the body and any open dialog
    bool busy() const { return m_inFlight > 0; }
    // The user typed or chose something not sent yet (a reload or leaving asks first).
    bool dirty() const { return m_dirty; }
    std::string title() const;
    // The sticky action bar (issue 17): the panel's last top-level `actions` widget (《更新》, 《メニュー》, 《戻る》)
    // when no form or table follows it, drawn under the scrolling page so it is reachable at any window size.
    // actionBarHeight() is 0 when the panel has none; render() then leaves it out of the page.
    // pinActionBar(true): the caller draws the bar (renderActionBar) below the scrolling page.
    void pinActionBar(bool on) { m_barPinned = on; }
    float actionBarHeight() const;
    void renderActionBar();
    // Drafts over a reload: the forms' typed values (never passwords or files) are kept under `key` (the screen's
    // URL) while unsent, and put back when a panel opens under the same key.
    void keepDrafts(const std::string& key);
    void forgetDraft();
    // What clocks this panel runs (refreshSeconds, a table's refresh, 「コピーしました。」): while true the idle
    // client still wakes once a second.
    bool hasClocks() const;
    // The current values of a form (tests and the action code read them).
    const Json& formValues(const std::string& formId);
    std::string fieldError(const std::string& formId, const std::string& fieldId) const;

  private:
    struct FormState {
        Json values = Json::object();
        std::map<std::string, std::string> texts;   // edit buffers of text-like fields
        std::map<std::string, std::string> errors;  // per field: client check or the server's error.fields
        std::map<std::string, PickedFile> files;
        std::map<std::string, bool> revealed;  // password fields shown in clear
    };
    struct TableState {
        Json spec;  // the table's JSON, kept for reloads
        Json rows = Json::array();
        long long total = 0;
        long long offset = 0;  // the first shown row's position (the range text; the request of an offset source)
        // Keyset paging (oqs/panel.hpp table "next"): the cursor each page after the first was asked with, one per
        // page, so 《前へ》 goes back by cursor too; empty while the table pages by offset.
        std::vector<std::string> afters;
        std::string next;        // the last answer's cursor for the page after it ("" : none, page by offset)
        std::string conditions;  // the source's path and query the pages belong to; other ones start at page 1
        bool loaded = false;
        bool loading = false;
        double loadedAt = 0;
        std::string error;
    };
    struct ChartState {
        Json spec;    // the chart's JSON, kept for reloads
        Json answer;  // {"bars","summary","xLabel","note"} of the last load
        bool loaded = false;
        bool loading = false;
        std::string error;
    };
    struct ImageState {
        std::string bytes;
        bool requested = false;
        bool failed = false;
    };
    struct Confirm {
        Json action;
        Json row;
        std::size_t step = 0;
    };
    struct FieldConfirm {  // a field's confirmWhen dialog
        std::string form, field;
        Json text, revert;
    };
    struct Completion {
        std::string message;
        Json show = Json::array();
        Json actions = Json::array();
        Json gotoTarget;
        bool reload = false;
        std::map<std::size_t, bool> revealed;
    };

    // [panel_view.cpp] dispatch and the simple widgets
    void renderWidgets(const Json& body);
    void renderWidget(const Json& w);
    void renderText(const Json& w);
    void renderReadonly(const Json& w);
    void renderImage(const Json& w);
    void renderCopy(const Json& w);
    void renderDialogs();
    void renderCompletion();
    void autoRefresh();
    void submitByEnter(const std::string& formId);
    // [panel_form.cpp]
    FormState& form(const std::string& id);
    void initForm(const Json& w);
    void renderForm(const Json& w);
    void renderField(const std::string& formId, const Json& field);
    bool fieldInput(const std::string& formId, const Json& field, FormState& fs, bool enabled);
    void setFieldValue(const std::string& formId, const std::string& fieldId, const Json& value);
    void applyFills(const std::string& formId, const Json& option);
    // Runs the client-side checks of a form; false (and messages beside the fields) when one fails.
    bool checkForm(const std::string& formId);
    const Json* findForm(const std::string& id) const;
    Json bodyOf(const std::string& formId);
    // [panel_table.cpp]
    void renderTable(const Json& w);
    void rowButtons(const Json& rowActions, const Json& row);
    void loadTable(const Json& w);
    void pageTable(const Json& w, bool forward);
    // [panel_chart.cpp]
    void renderChart(const Json& w);
    void loadChart(const Json& w);
    void reloadCharts(const std::string& queryForm);  // the charts reading that form
    // [panel_actions.cpp]
    void renderActions(const Json& w);
    bool actionButton(const Json& action, const Json& row, const char* idSuffix, bool small);
    void startAction(const Json& action, const Json& row);
    void runAction(const Json& action, const Json& row);
    void handleAnswer(const Json& action, const HttpResponse& res);
    void handleError(const std::string& bodyForm, const HttpResponse& res);
    void followGoto(const Json& target);
    Json contextValues(const Json& row) const;  // params + every form's values + the row: for {name} and rules
    void reloadTables();

    Json m_panel;
    Json m_params;
    PanelServices m_s;
    std::map<std::string, FormState> m_forms;
    std::map<std::string, TableState> m_tables;
    std::map<std::string, ChartState> m_charts;
    std::map<std::string, ImageState> m_images;
    std::optional<Confirm> m_confirm;
    std::optional<FieldConfirm> m_fieldConfirm;
    std::optional<Completion> m_done;
    std::string m_error;   // the last error answer's message, shown at the top
    std::string m_copied;  // id of the copy widget just used
    double m_copiedAt = 0;
    double m_refreshedAt = 0;
    int m_inFlight = 0;
    std::string m_enterForm;  // a field of this form was left with Enter: run the form's action
    bool m_autofocusDone = false;
    bool m_dirty = false;
    const Json* m_pinned = nullptr;  // the action bar's widget (inside m_panel, which never changes)
    bool m_inBar = false, m_barPinned = false;
    std::string m_draftKey;
    void saveDraft();
    // Answers arriving after this view is gone must not touch it.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace oqs::ui
