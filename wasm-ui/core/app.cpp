// The App's calls to the host and its navigation; the screens themselves are drawn in app_screens.cpp.
#include "app.hpp"

#include "i18n.hpp"
#include "url.hpp"
#include "widgets.hpp"

#include <utility>

namespace oqs::ui {

App::App(HttpClient& http, Platform& platform) : m_http(http), m_platform(platform) {
    setEditMenuContext(&m_platform, &m_lang);  // the fields' right-click menu copies and pastes through it
}

App::~App() { *m_alive = false; }

std::string App::screenName() const {
    switch (m_screen) {
        case Screen::Starting:
            return "starting";
        case Screen::Login:
            return "login";
        case Screen::PasswordChange:
            return "password";
        case Screen::Menu:
            return "menu";
        case Screen::Panel:
            return "panel";
    }
    return "?";
}

bool App::busy() const { return m_inFlight > 0 || (m_panel && m_panel->busy()); }

void App::setLang(Lang lang) {
    m_lang = lang;
    m_http.setLanguage(lang == Lang::En ? "en" : "ja");
}

void App::call(HttpRequest req, std::function<void(const HttpResponse&)> done) {
    ++m_inFlight;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(req, [this, alive, done = std::move(done)](HttpResponse res) {
        if (alive.expired()) return;
        --m_inFlight;
        done(res);
    });
}

namespace {
HttpRequest jsonRequest(const char* method, const char* path, const Json& body) {
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.body = body.dump();
    r.contentType = "application/json";
    return r;
}
// The message of an error answer, or a fallback naming the status.
std::string errorMessage(const HttpResponse& res, Lang lang) {
    std::string m = str(at(parse(res.body), "error"), "message");
    if (!m.empty()) return m;
    return statusMessage(res.status, lang);
}
std::map<std::string, std::string> fieldErrors(const HttpResponse& res) {
    std::map<std::string, std::string> out;
    const Json& f = at(at(parse(res.body), "error"), "fields");
    if (f.is_object())
        for (const auto& [k, v] : f.items()) out[k] = asText(v);
    return out;
}
}  // namespace

void App::start() {
    HttpRequest r;
    r.path = "/api/session";
    call(r, [this](const HttpResponse& res) {
        if (res.status == 200) acceptSession(parse(res.body));
        else toLogin({});
    });
}

void App::toLogin(Words notice) {
    m_http.setCsrfToken("");
    m_session = Json();
    m_menu = Json();
    m_stack.clear();
    m_panel.reset();
    m_password.clear();
    m_currentPw.clear(), m_newPw.clear(), m_newPw2.clear();
    m_askInitialPassword = m_askLogout = false;
    m_leave = nullptr;
    m_fieldErrors.clear();
    m_error.clear();
    m_notice = std::move(notice);
    m_screen = Screen::Login;
    m_autofocus = true;
}

void App::acceptSession(const Json& session) {
    m_session = session;
    m_http.setCsrfToken(str(session, "csrf_token"));
    m_password.clear();
    m_error.clear();
    m_notice.clear();
    m_fieldErrors.clear();
    if (flag(session, "password_change_required")) {
        m_forcedChange = true;
        m_askInitialPassword = true;  // MSG-H02, then the change screen
        m_screen = Screen::PasswordChange;
        m_autofocus = true;
    } else {
        m_forcedChange = false;
        loadMenu();
    }
}

void App::submitLogin() {
    m_fieldErrors.clear();
    m_error.clear();
    const char* required = tr(m_lang, "＊の項目は必須入力です。", "This field is required.");
    if (m_institution.empty()) m_fieldErrors["institution"] = required;
    if (m_userId.empty()) m_fieldErrors["user_id"] = required;
    if (m_password.empty()) m_fieldErrors["password"] = required;
    if (!m_fieldErrors.empty()) return;
    if (onLoginSubmitted) onLoginSubmitted(m_userId, m_password);
    call(jsonRequest("POST", "/api/session",
                     {{"institution", m_institution}, {"user_id", m_userId}, {"password", m_password}}),
         [this](const HttpResponse& res) {
             if (res.status == 200) return acceptSession(parse(res.body));
             m_error = errorMessage(res, m_lang);
             m_fieldErrors = fieldErrors(res);
         });
}

void App::fillLogin(const std::string& field, const std::string& value) {
    if (m_screen != Screen::Login) return;
    if (field == "user_id") m_userId = toHalfWidth(value);
    else if (field == "password") m_password = value;
    else if (field == "institution") m_institution = toHalfWidth(value);
}

void App::submitPasswordChange() {
    m_fieldErrors.clear();
    m_error.clear();
    const char* required = tr(m_lang, "＊の項目は必須入力です。", "This field is required.");
    if (m_currentPw.empty()) m_fieldErrors["current_password"] = required;
    if (m_newPw.empty()) m_fieldErrors["new_password"] = required;
    if (m_newPw2 != m_newPw)
        m_fieldErrors["new_password_confirm"] =
            tr(m_lang, "新しいパスワードが一致しません。", "The new passwords do not match.");
    if (!m_fieldErrors.empty()) return;
    call(jsonRequest("POST", "/api/session/password", {{"current_password", m_currentPw}, {"new_password", m_newPw}}),
         [this](const HttpResponse& res) {
             if (res.status == 401) return sessionLost(str(at(parse(res.body), "error"), "code"));
             if (res.status / 100 != 2) {
                 m_error = errorMessage(res, m_lang);
                 m_fieldErrors = fieldErrors(res);
                 return;
             }
             m_currentPw.clear(), m_newPw.clear(), m_newPw2.clear();
             m_forcedChange = false;
             m_session["password_change_required"] = false;
             // The client's own words, so that the notice follows a later language switch.
             m_notice = {"パスワードを変更しました。", "The password has been changed."};
             loadMenu();
         });
}

void App::logout() {
    HttpRequest r;
    r.method = "DELETE";
    r.path = "/api/session";
    m_platform.clearDrafts();  // typed input stays with its user
    call(r, [this](const HttpResponse&) {
        // Whatever the answer, the session is over for this client.
        toLogin({"ログアウトしました。", "You have logged out."});
    });
}

void App::loadMenu() {
    HttpRequest r;
    r.path = "/api/menu";
    call(r, [this](const HttpResponse& res) {
        if (res.status == 401) return sessionLost(str(at(parse(res.body), "error"), "code"));
        if (res.status != 200) {
            m_error = errorMessage(res, m_lang);
            if (m_screen == Screen::Starting) m_screen = Screen::Login;
            return;
        }
        m_menu = parse(res.body);
        m_stack.clear();
        m_panel.reset();
        m_screen = Screen::Menu;
        if (!m_afterLogin.empty()) openLocation(std::exchange(m_afterLogin, std::string()));
    });
}

void App::loadPanel(const PanelRef& ref) {
    HttpRequest r;
    // "notes.main" (a panel's schema id, used by goto and rowOpen) and "notes/main" (the menu) name the same
    // panel: the plugin id is the part before the first separator.
    std::string path = ref.panel;
    if (path.find('/') == std::string::npos)
        if (auto dot = path.find('.'); dot != std::string::npos) path[dot] = '/';
    r.path = withQuery("/api/panels/" + path, queryString(ref.params));
    call(r, [this, ref](const HttpResponse& res) {
        if (res.status == 401) return sessionLost(str(at(parse(res.body), "error"), "code"));
        if (res.status != 200) {
            m_error = errorMessage(res, m_lang);
            return;
        }
        Json panel = parse(res.body);
        m_error.clear();
        m_notice.clear();
        m_panel = std::make_unique<PanelView>(panel.is_object() ? panel : Json::object(), ref.params,
                                              PanelServices{m_http, m_platform, *this, m_lang});
        m_screen = Screen::Panel;
        m_panel->pinActionBar(true);
        // A draft of this screen kept over a reload comes back; per account, so nobody else's typing shows.
        m_panel->keepDrafts(str(at(m_session, "institution"), "code") + "/" + str(at(m_session, "account"), "user_id") +
                            location());
    });
}

void App::gotoMenu() {
    m_deferred.push_back([this] { loadMenu(); });
}

void App::goBack() {
    m_deferred.push_back([this] {
        if (!m_stack.empty()) m_stack.pop_back();
        if (m_stack.empty()) loadMenu();
        else loadPanel(m_stack.back());
    });
}

void App::openPanel(const std::string& panel, const Json& params) {
    m_deferred.push_back([this, panel, params] {
        m_stack.push_back({panel, params.is_object() ? params : Json::object()});
        loadPanel(m_stack.back());
    });
}

void App::reloadPanel() {
    m_deferred.push_back([this] {
        if (!m_stack.empty()) loadPanel(m_stack.back());
    });
}

void App::sessionLost(const std::string& code) {
    m_deferred.push_back([this, code] {
        // Typed input that was not sent is lost with the session: say so, never drop it without a word.
        const bool lostInput = hasUnsavedInput();
        Words w = code == "session.expired"
                      ? Words{"セッションの有効期限が切れました。再度ログインしてください。",
                              "Your session has expired. Please log in again."}
                      : Words{"ログインしていません。ログインしてください。", "You are not logged in. Please log in."};
        if (lostInput) {
            w.ja += "入力中の内容は送信されていません。";
            w.en += " What you had typed was not sent.";
        }
        toLogin(std::move(w));
    });
}

void App::leavePanel(std::function<void()> go) {
    if (hasUnsavedInput()) m_leave = std::move(go);  // the dialog in renderAppDialogs() asks
    else go();
}

void App::loginAgain() {
    m_deferred.push_back([this] {
        toLogin(
            {"設定を反映するため、再度ログインしてください。", "Please log in again for the change to take effect."});
    });
}

void App::frame() {
    m_http.poll();
    switch (m_screen) {
        case Screen::Starting:
            break;
        case Screen::Login:
            renderLogin();
            break;
        case Screen::PasswordChange:
            renderPasswordChange();
            break;
        case Screen::Menu:
            renderMenu();
            break;
        case Screen::Panel:
            renderPanelScreen();
            break;
    }
    // Navigation asked for during the frame happens now, when no panel is being drawn.
    auto deferred = std::move(m_deferred);
    m_deferred.clear();
    for (auto& f : deferred) f();
    publishLocation();
}

}  // namespace oqs::ui
