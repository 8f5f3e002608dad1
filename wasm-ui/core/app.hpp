// app.hpp — the client's state machine: login → (forced password change) → menu → panels, logout with
// confirmation, the session-lost path with a clear message, and the ja/en switch. One App per window; the front
// ends call frame() once per frame between ImGui::NewFrame() and ImGui::Render().
#pragma once

#include "http.hpp"
#include "i18n.hpp"
#include "json_util.hpp"
#include "panel_view.hpp"
#include "platform.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace oqs::ui {

enum class Screen { Starting, Login, PasswordChange, Menu, Panel };

class App : public Navigator {
  public:
    App(HttpClient& http, Platform& platform);
    ~App() override;
    // Asks the host whether a session exists already (a page reload keeps the cookie).
    void start();
    void frame();

    Screen screen() const { return m_screen; }
    std::string screenName() const;
    bool busy() const;
    Lang lang() const { return m_lang; }
    void setLang(Lang lang);
    // True from the first frame that showed the login form (or any later screen); the benchmark's end point.
    bool interactive() const { return m_screen != Screen::Starting; }
    PanelView* panel() { return m_panel.get(); }
    // The password manager's side: told when a login is sent (the browser offers to save it), and filling the
    // form ("user_id", "password", "institution").
    std::function<void(const std::string& user, const std::string& password)> onLoginSubmitted;
    void fillLogin(const std::string& field, const std::string& value);
    bool hasUnsavedInput() const { return m_screen == Screen::Panel && m_panel && m_panel->dirty(); }
    // [app_location.cpp] The screen's URL path (/console/…) and document title; openLocation() goes to a URL
    // (Back/Forward, a reload, a typed address); before the login it is remembered for after it.
    std::string location() const;
    std::string documentTitle() const;
    void openLocation(const std::string& where);

    // Navigator (deferred to the end of the frame: the panel asking may be the one replaced).
    void gotoMenu() override;
    void goBack() override;
    void openPanel(const std::string& panel, const Json& params) override;
    void reloadPanel() override;
    void sessionLost(const std::string& code) override;
    void loginAgain() override;
    void leavePanel(std::function<void()> go) override;
    // The screen runs clocks (a panel's refreshSeconds, 「コピーしました。」): the idle client wakes once a second
    // only then.
    bool hasClocks() const { return m_screen == Screen::Panel && m_panel && m_panel->hasClocks(); }

  private:
    struct PanelRef {
        std::string panel;  // "plugin/panel"
        Json params;
    };
    // [app_screens.cpp]
    void renderLogin();
    void renderPasswordChange();
    void renderMenu();
    void renderHeader();
    void renderPanelScreen();
    void renderAppDialogs();
    // [app.cpp]
    void submitLogin();
    void submitPasswordChange();
    void logout();
    void loadMenu();
    void loadPanel(const PanelRef& ref);
    void acceptSession(const Json& session);
    void toLogin(Words notice);
    void call(HttpRequest req, std::function<void(const HttpResponse&)> done);
    void publishLocation();

    HttpClient& m_http;
    Platform& m_platform;
    Lang m_lang = Lang::Ja;
    Screen m_screen = Screen::Starting;
    int m_inFlight = 0;
    std::vector<std::function<void()>> m_deferred;

    // Login and password change forms.
    std::string m_institution, m_userId, m_password;
    bool m_showPassword = false;
    std::string m_currentPw, m_newPw, m_newPw2;
    bool m_forcedChange = false;
    Words m_notice;       // a line above the login form or menu (logged out, session lost), in both languages
    std::string m_error;  // the last failed call's message
    std::map<std::string, std::string> m_fieldErrors;  // server error.fields or client checks
    bool m_askInitialPassword = false;                 // MSG-H02 dialog
    bool m_askLogout = false;                          // MSG-H01 dialog
    bool m_autofocus = true;                           // focus the first field when a form screen opens
    std::function<void()> m_leave;                     // leaving a panel with unsent input: asked first

    Json m_session;  // the login answer (account, institution)
    Json m_menu;
    std::vector<PanelRef> m_stack;  // open panels, the last is shown
    std::unique_ptr<PanelView> m_panel;
    std::string m_publishedLocation, m_publishedTitle;
    bool m_replaceLocation = false;
    std::string m_afterLogin;  // a /console/… URL asked for before the login
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace oqs::ui
