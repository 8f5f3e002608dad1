// A URL and a title per screen, as a web page has: /console/login, /console/menu, /console/password and
// /console/panels/<plugin>/<panel>?<params>. The App publishes its location when a screen has settled (the
// browser pushes it onto its history); Back/Forward, a reload and a URL typed in the address bar come back here
// through openLocation(). The host answers every /console/… path with index.html (docs/client.md).
#include "app.hpp"
#include "i18n.hpp"
#include "url.hpp"

namespace oqs::ui {

namespace {
constexpr const char* kPrefix = "/console/";

// "a=1&b=%E3%81%82" → {"a": "1", "b": "あ"}
Json parseQuery(const std::string& q) {
    Json out = Json::object();
    std::size_t pos = 0;
    while (pos < q.size()) {
        std::size_t amp = q.find('&', pos);
        if (amp == std::string::npos) amp = q.size();
        std::string pair = q.substr(pos, amp - pos);
        if (auto eq = pair.find('='); eq != std::string::npos)
            out[percentDecode(pair.substr(0, eq))] = percentDecode(pair.substr(eq + 1));
        else if (!pair.empty()) out[percentDecode(pair)] = "";
        pos = amp + 1;
    }
    return out;
}
}  // namespace

std::string App::location() const {
    switch (m_screen) {
        case Screen::Starting:
            return "";
        case Screen::Login:
            return std::string(kPrefix) + "login";
        case Screen::PasswordChange:
            return std::string(kPrefix) + "password";
        case Screen::Menu:
            return std::string(kPrefix) + "menu";
        case Screen::Panel: {
            if (m_stack.empty()) return std::string(kPrefix) + "menu";
            std::string panel = m_stack.back().panel;
            if (panel.find('/') == std::string::npos)
                if (auto dot = panel.find('.'); dot != std::string::npos) panel[dot] = '/';
            return withQuery(std::string(kPrefix) + "panels/" + panel, queryString(m_stack.back().params));
        }
    }
    return "";
}

std::string App::documentTitle() const {
    const char* product =
        tr(m_lang, "オンライン資格確認等システム 管理者画面", "Online Qualification Confirmation — console");
    std::string screen;
    switch (m_screen) {
        case Screen::Starting:
            return product;
        case Screen::Login:
            screen = tr(m_lang, "ログイン", "Log in");
            break;
        case Screen::PasswordChange:
            screen = tr(m_lang, "パスワード変更", "Change password");
            break;
        case Screen::Menu:
            screen = tr(m_lang, "メニュー", "Menu");
            break;
        case Screen::Panel:
            screen = m_panel ? m_panel->title() : "";
            break;
    }
    return screen.empty() ? std::string(product) : screen + " | " + product;
}

void App::publishLocation() {
    // Only a settled screen: a chain of calls (menu, then the panel a reload asked for) makes one entry.
    if (busy() || !m_deferred.empty()) return;
    const std::string loc = location(), title = documentTitle();
    if (loc.empty() || (loc == m_publishedLocation && title == m_publishedTitle)) return;
    const bool replace = m_publishedLocation.empty() || loc == m_publishedLocation || m_replaceLocation;
    m_platform.setLocation(loc, title, replace);
    m_publishedLocation = loc;
    m_publishedTitle = title;
    m_replaceLocation = false;
}

void App::openLocation(const std::string& where) {
    std::string path = where, query;
    if (auto q = path.find('?'); q != std::string::npos) {
        query = path.substr(q + 1);
        path.resize(q);
    }
    if (path.rfind(kPrefix, 0) != 0) return;
    const std::string rest = path.substr(std::char_traits<char>::length(kPrefix));
    m_deferred.push_back([this, rest, query, where] {
        // The history moved: what is shown now is that entry, not a new one.
        m_replaceLocation = true;
        m_publishedLocation = where;
        if (m_screen == Screen::Login || m_screen == Screen::Starting) {
            // Not logged in: go there after the login (a reload or a bookmark).
            if (rest != "login") m_afterLogin = where;
            return;
        }
        if (rest == "menu" || rest == "login") {
            if (m_screen == Screen::PasswordChange && m_forcedChange) return;  // the change comes first
            loadMenu();
        } else if (rest == "password") {
            m_fieldErrors.clear();
            m_error.clear();
            m_autofocus = true;
            m_screen = Screen::PasswordChange;
        } else if (rest.rfind("panels/", 0) == 0) {
            if (m_screen == Screen::PasswordChange && m_forcedChange) return;
            PanelRef ref{rest.substr(7), parseQuery(query)};
            // Back to the panel below this one pops it; any other panel starts a new stack.
            if (m_stack.size() >= 2 && m_stack[m_stack.size() - 2].panel == ref.panel &&
                m_stack[m_stack.size() - 2].params == ref.params)
                m_stack.pop_back();
            else m_stack = {ref};
            loadPanel(m_stack.back());
        }
    });
}

}  // namespace oqs::ui
