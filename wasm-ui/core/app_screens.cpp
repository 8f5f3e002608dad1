// The screens the client draws itself: login, password change, menu, the header over every logged-in screen,
// and the frame around a panel. Each draws into one full-window ImGui window.
#include "app.hpp"
#include "automation.hpp"
#include "i18n.hpp"
#include "widgets.hpp"

namespace oqs::ui {

namespace {
constexpr float kLabelWidth = 200.0f;
constexpr float kInputWidth = 320.0f;

// The page scrolls as a web page does (wheel, keys) and tells the test hook where it is.
void pageScroll() {
    keyboardScroll();
    Automation::instance().noteFact("scrollY", ImGui::GetScrollY());
    Automation::instance().noteFact("scrollMaxY", ImGui::GetScrollMaxY());
}

// barHeight > 0: the screen keeps that much at its bottom for a sticky action bar; the page above it is a child
// region that scrolls (beginPage/endPage), the bar does not.
bool beginScreen(const char* id, float barHeight = 0) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    // A visible scrollbar (NoDecoration would hide it): a screen taller than the window scrolls as a page does.
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                             ImGuiWindowFlags_NoSavedSettings;
    if (barHeight > 0) flags |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    bool open = ImGui::Begin(id, nullptr, flags);
    if (barHeight > 0) {
        ImGui::BeginChild("##page", ImVec2(0, -barHeight), false);
        Automation::instance().noteFact("actionBarHeight", barHeight);
    }
    pageScroll();
    return open;
}

Lang g_screenLang = Lang::Ja;
const char* passwordCharsetText() {
    return tr(g_screenLang, "パスワードは半角英数字・記号で入力してください。入力モードを半角にしてください。",
              "Passwords take half-width letters, digits and symbols: switch the input method off.");
}

// One labelled text field of the client's own forms, with its error beside it.
bool labelledInput(const char* shown, const char* key, std::string& value, bool secret,
                   std::map<std::string, std::string>& errors, ImGuiInputTextFlags flags = 0,
                   Charset charset = Charset::Any, const char* refusedText = nullptr) {
    ImGui::PushID(key);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(shown);
    ImGui::SameLine(kLabelWidth);
    ImGui::SetNextItemWidth(kInputWidth);
    if (secret) flags |= ImGuiInputTextFlags_Password;
    bool refused = false;
    if (secret && !refusedText) refusedText = passwordCharsetText();
    InputOptions options;
    options.charset = charset;
    options.refused = &refused;
    const std::string before = value;
    inputString("##in", value, flags, false, options);
    const bool entered = fieldSubmitted();
    Automation::instance().nameLastItem(shown, key, secret ? std::string(value.size(), '*') : value);
    if (refused && refusedText) errors[key] = refusedText;  // never a silent drop
    else if (value != before) errors.erase(key);
    if (auto e = errors.find(key); e != errors.end()) {
        ImGui::SameLine();
        message(e->second, "error", &kErrorColour);
    }
    ImGui::PopID();
    return entered;
}

void heading(const std::string& text) {
    ImGui::SetWindowFontScale(1.3f);
    message(text, "title");
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Separator();
    ImGui::Spacing();
}
}  // namespace

void App::renderLogin() {
    g_screenLang = m_lang;
    beginScreen("##login");
    heading(tr(m_lang, "オンライン資格確認等システム　管理者ログイン",
               "Online Qualification Confirmation — administrator login"));
    if (ImGui::SmallButton(m_lang == Lang::Ja ? "English" : "日本語"))
        setLang(m_lang == Lang::Ja ? Lang::En : Lang::Ja);
    if (!m_notice.empty()) message(m_notice.in(m_lang), "notice", &kCautionColour);
    ImGui::Spacing();
    // Codes and IDs are half-width: full-width digits and letters (an IME left on) are converted, other characters
    // are refused with a message.
    // Autofocus: the first empty field when the screen opens (a reload keeps the code, so often the user ID).
    const int focus = m_autofocus ? (m_institution.empty() ? 0 : m_userId.empty() ? 1 : 2) : -1;
    m_autofocus = false;
    if (focus == 0) ImGui::SetKeyboardFocusHere();
    bool enter =
        labelledInput(tr(m_lang, "機関コード", "Institution code"), "institution", m_institution, false, m_fieldErrors,
                      0, Charset::Digits, tr(m_lang, "半角数字で入力してください。", "Enter digits only."));
    if (focus == 1) ImGui::SetKeyboardFocusHere();
    enter |= labelledInput(tr(m_lang, "ユーザID", "User ID"), "user_id", m_userId, false, m_fieldErrors, 0,
                           Charset::HalfWidth);
    if (focus == 2) ImGui::SetKeyboardFocusHere();
    enter |=
        labelledInput(tr(m_lang, "パスワード", "Password"), "password", m_password, !m_showPassword, m_fieldErrors);
    ImGui::SameLine();
    if (ImGui::Button(m_showPassword ? tr(m_lang, "隠す", "Hide") : tr(m_lang, "表示", "Show")))
        m_showPassword = !m_showPassword;
    ImGui::Spacing();
    ImGui::SetCursorPosX(kLabelWidth);
    const bool waiting = busy();
    if (waiting) ImGui::BeginDisabled();
    bool clicked = ImGui::Button(tr(m_lang, "ログイン", "Log in"), ImVec2(120, 0));
    if (waiting) {
        ImGui::EndDisabled();
        ImGui::SameLine();
        spinner(ImGui::GetTextLineHeight() / 2);
    }
    if ((clicked || enter) && !busy()) submitLogin();
    if (!m_error.empty()) message(m_error, "error", &kErrorColour);
    ImGui::End();
}

void App::renderPasswordChange() {
    g_screenLang = m_lang;
    beginScreen("##password");
    renderHeader();
    heading(tr(m_lang, "パスワード変更", "Change password"));
    if (m_forcedChange)
        message(tr(m_lang, "初期パスワードのため、パスワードを変更してください。",
                   "You logged in with an initial password: change it to continue."),
                "caution", &kCautionColour);
    // The rules up front, before the first try (the host's password.policy, same_as_user_id, same_as_current).
    message(tr(m_lang,
               "新しいパスワードの条件：半角英数字・記号で8文字以上16文字以下、英字と数字をそれぞれ1文字以上含めてくだ"
               "さい。"
               "ユーザIDおよび現在のパスワードと同じものは使用できません。",
               "New password: 8 to 16 half-width letters, digits and symbols, with at least one letter and one digit; "
               "it must differ from the user ID and from the current password."),
            "rules");
    ImGui::Spacing();
    if (m_autofocus && !m_askInitialPassword) {
        ImGui::SetKeyboardFocusHere();
        m_autofocus = false;
    }
    bool enter = labelledInput(tr(m_lang, "現在のパスワード", "Current password"), "current_password", m_currentPw,
                               true, m_fieldErrors);
    enter |=
        labelledInput(tr(m_lang, "新しいパスワード", "New password"), "new_password", m_newPw, true, m_fieldErrors);
    enter |= labelledInput(tr(m_lang, "新しいパスワード（確認）", "New password (again)"), "new_password_confirm",
                           m_newPw2, true, m_fieldErrors);
    ImGui::Spacing();
    ImGui::SetCursorPosX(kLabelWidth);
    const bool waiting = busy();  // once: the click below may start a call
    if (waiting) ImGui::BeginDisabled();
    if ((ImGui::Button(tr(m_lang, "変更する", "Change")) || (enter && !waiting))) submitPasswordChange();
    if (waiting) ImGui::EndDisabled();
    if (!m_forcedChange) {
        ImGui::SameLine();
        if (ImGui::Button(tr(m_lang, "メニュー", "Menu"))) gotoMenu();
    }
    if (!m_error.empty()) message(m_error, "error", &kErrorColour);
    renderAppDialogs();
    ImGui::End();
}

void App::renderHeader() {
    const Json& inst = at(m_session, "institution");
    const Json& acct = at(m_session, "account");
    std::string who = str(inst, "name") + "　" + str(acct, "name", str(acct, "user_id"));
    message(who, "header");  // HOST-HDR-02: facility and user name
    ImGui::SameLine();
    if (m_screen != Screen::PasswordChange || !m_forcedChange) {
        const Json& items = at(m_menu, "header");
        if (items.is_array())
            for (const auto& h : items) {
                if (ImGui::SmallButton((label(at(h, "label"), m_lang) + "##hdr").c_str()))
                    leavePanel([this, panel = str(h, "panel")] { openPanel(panel, Json::object()); });
                ImGui::SameLine();
            }
    }
    if (ImGui::SmallButton(m_lang == Lang::Ja ? "English" : "日本語"))
        setLang(m_lang == Lang::Ja ? Lang::En : Lang::Ja);
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(m_lang, "ログアウト", "Log out"))) m_askLogout = true;
    if (busy()) {
        ImGui::SameLine();
        spinner(ImGui::GetTextLineHeight() / 2);
    }
    ImGui::Separator();
}

void App::renderMenu() {
    beginScreen("##menu");
    renderHeader();
    heading(tr(m_lang, "メニュー", "Menu"));
    if (!m_notice.empty()) message(m_notice.in(m_lang), "notice", &kNoteColour);
    if (!m_error.empty()) message(m_error, "error", &kErrorColour);
    const Json& groups = at(m_menu, "groups");
    if (groups.is_array())
        for (const auto& g : groups) {
            ImGui::PushID(str(g, "id").c_str());
            message(label(at(g, "label"), m_lang), "group");
            ImGui::Indent();
            for (const auto& item : at(g, "items")) {
                std::string text = label(at(item, "label"), m_lang) + "##" + str(item, "id");
                if (ImGui::Button(text.c_str())) {
                    if (str(item, "builtin") == "password") {
                        m_autofocus = true;
                        m_fieldErrors.clear();
                        m_error.clear();
                        m_notice.clear();
                        m_screen = Screen::PasswordChange;
                    } else {
                        m_stack.clear();
                        openPanel(str(item, "panel"), Json::object());
                    }
                }
                ImGui::SameLine();
            }
            ImGui::NewLine();
            ImGui::Unindent();
            ImGui::Spacing();
            ImGui::PopID();
        }
    renderAppDialogs();
    ImGui::End();
}

void App::renderPanelScreen() {
    // Issue 17: the panel's action row (《更新》, 《メニュー》, 《戻る》) is pinned at the bottom of the window while
    // the page above it scrolls, so the buttons are reachable on every screen size.
    const float bar = m_panel ? m_panel->actionBarHeight() : 0;
    beginScreen("##panel", bar);
    renderHeader();
    if (m_panel) {
        heading(m_panel->title());
        if (!m_error.empty()) message(m_error, "error", &kErrorColour);
        m_panel->render();
    }
    if (bar > 0) {
        ImGui::EndChild();
        ImGui::Separator();
        m_panel->renderActionBar();
    }
    renderAppDialogs();
    ImGui::End();
}

void App::renderAppDialogs() {
    auto dialog = [&](const char* id, const char* text, bool cancel) -> int {
        int answer = 0;
        if (beginDialog(id)) {
            message(text, "dialog");
            if (ImGui::Button("OK##app") || dialogEnter()) answer = 1;
            if (cancel) {
                ImGui::SameLine();
                if (ImGui::Button(tr(m_lang, "キャンセル##app", "Cancel##app")) || dialogEscape()) answer = -1;
            } else if (dialogEscape()) {
                answer = 1;  // a notice: Escape closes it as OK does
            }
            if (answer != 0) ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
        }
        return answer;
    };
    if (m_askInitialPassword) {  // MSG-H02
        if (dialog("initial-password",
                   tr(m_lang, "初期パスワードでログインしました。パスワードを変更してください。",
                      "You logged in with an initial password. Please change it."),
                   false) != 0)
            m_askInitialPassword = false;
    } else if (m_leave) {  // typed input not sent: never dropped without a word
        int a = dialog(
            "leave",
            tr(m_lang, "入力した内容は送信されていません。この画面を離れると入力内容は失われます。よろしいですか？",
               "What you typed has not been sent and will be lost if you leave this screen. Leave?"),
            true);
        if (a == 1) {
            if (m_panel) m_panel->forgetDraft();
            auto go = std::move(m_leave);
            m_leave = nullptr;
            go();
        } else if (a == -1) {
            m_leave = nullptr;
        }
    } else if (m_askLogout) {  // MSG-H01
        int a = dialog("logout", tr(m_lang, "ログアウトします。よろしいですか？", "Log out?"), true);
        if (a != 0) m_askLogout = false;
        if (a == 1) logout();
    }
}

}  // namespace oqs::ui
