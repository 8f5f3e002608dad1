// ui_harness.hpp — renders the client with no window and no GPU: an ImGui context with the built-in font, a fake
// host (canned answers by "METHOD path", requests recorded) and a fake platform (downloads and clipboard
// recorded). Input goes through io.MousePos / io.MouseDown / AddInputCharactersUTF8, frame by frame, and what the
// user would see is read back from the automation hook.
#pragma once

#include "app.hpp"
#include "automation.hpp"
#include "frontend.hpp"
#include "panel_view.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace oqs::ui::test {

class FakeHttp : public HttpClient {
  public:
    struct Sent {
        HttpRequest req;
        std::string csrf;
        std::string lang;
    };
    // The answer for "METHOD /path" (the path without its query); 404 when none is set.
    void answer(const std::string& methodPath, int status, std::string body, std::string disposition = {}) {
        m_answers[methodPath] = HttpResponse{status, std::move(body), "application/json", std::move(disposition)};
    }
    void send(const HttpRequest& req, HttpCallback done) override {
        sent.push_back({req, m_csrf, m_lang});
        std::string key = req.method + " " + req.path.substr(0, req.path.find('?'));
        auto it = m_answers.find(key);
        HttpResponse res =
            it != m_answers.end() ? it->second : HttpResponse{404, R"({"error":{"code":"request.not_found"}})", "", ""};
        m_pending.emplace_back(std::move(done), std::move(res));
    }
    void poll() override {
        auto ready = std::move(m_pending);
        m_pending.clear();
        for (auto& [cb, res] : ready) cb(std::move(res));
    }
    int count(const std::string& methodPath) const {
        int n = 0;
        for (const auto& s : sent)
            if (s.req.method + " " + s.req.path.substr(0, s.req.path.find('?')) == methodPath) ++n;
        return n;
    }
    // A copy of the last request to "METHOD /path" (empty when there was none).
    std::optional<Sent> last(const std::string& methodPath) const {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it)
            if (it->req.method + " " + it->req.path.substr(0, it->req.path.find('?')) == methodPath) return *it;
        return std::nullopt;
    }
    std::vector<Sent> sent;

  private:
    std::map<std::string, HttpResponse> m_answers;
    std::deque<std::pair<HttpCallback, HttpResponse>> m_pending;
};

class FakePlatform : public Platform {
  public:
    std::string saveDownload(const std::string& fileName, const std::string& bytes) override {
        downloads.emplace_back(fileName, bytes);
        return fileName;
    }
    void setClipboard(const std::string& text) override { clipboard = text; }
    bool openFilePicker(const std::string& key, const std::string&) override {
        pickerOpened = key;
        return true;
    }
    bool takePickedFile(const std::string& key, PickedFile& out) override {
        auto it = picked.find(key);
        if (it == picked.end()) return false;
        out = it->second;
        picked.erase(it);
        return true;
    }
    bool readLocalFile(const std::string&, std::string&) override { return false; }
    Texture texture(const std::string&, const std::string& png, bool& failed) override {
        if (png.rfind("\x89PNG", 0) != 0) failed = true;
        return failed ? Texture{} : Texture{1, 16, 8};
    }
    void textInputArea(bool, float, float, float, float, bool) override {}
    bool openUrl(const std::string& url) override {
        opened = url;
        return canOpen;
    }
    void saveDraft(const std::string& key, const std::string& json) override {
        if (json.empty()) drafts.erase(key);
        else drafts[key] = json;
    }
    std::string loadDraft(const std::string& key) override { return drafts.count(key) ? drafts[key] : ""; }
    std::string opened;
    bool canOpen = true;
    std::map<std::string, std::string> drafts;
    std::vector<std::pair<std::string, std::string>> downloads;
    std::string clipboard, pickerOpened;
    std::map<std::string, PickedFile> picked;
};

// One headless ImGui context per test.
class Headless : public ::testing::Test {
  protected:
    void SetUp() override {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1200, 1600);  // tall enough that no test panel scrolls
        io.DeltaTime = 1.0f / 60.0f;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; nothing is uploaded anywhere
        Automation::instance().setEnabled(true);
    }
    void TearDown() override {
        m_view.reset();
        ImGui::DestroyContext();
        Automation::instance().setEnabled(false);
    }

    // One frame: input for this frame, then draw (draw() inside a full-window window), then the automation JSON.
    void frame(const std::function<void()>& draw) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = m_mouse;
        io.MouseDown[0] = m_down;
        setTestHooks(true);
        ImGui::NewFrame();
        Automation::instance().beginFrame();
        draw();
        ImGui::Render();
        Automation::instance().endFrame("test", false, -1);
    }
    void frames(int n, const std::function<void()>& draw) {
        for (int i = 0; i < n; ++i) frame(draw);
    }

    // A panel drawn the way the app draws it.
    void showPanel(const Json& panel, Navigator& nav, Json params = Json::object()) {
        m_view = std::make_unique<PanelView>(panel, params, PanelServices{http, platform, nav, m_lang});
    }
    void drawPanel() {
        http.poll();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration);
        m_view->render();
        ImGui::End();
    }
    void panelFrames(int n) {
        frames(n, [this] { drawPanel(); });
    }

    // Clicks the widget with this label or key (it must be on screen in the last frame).
    bool click(const std::string& labelOrKey, const std::function<void()>& draw) {
        float x = 0, y = 0;
        if (!Automation::instance().find(labelOrKey, x, y)) return false;
        m_mouse = ImVec2(x, y);
        frame(draw);
        m_down = true;
        frame(draw);
        m_down = false;
        frames(3, draw);  // release, then let the answer (if any) arrive and be drawn
        return true;
    }
    bool clickPanel(const std::string& labelOrKey) {
        return click(labelOrKey, [this] { drawPanel(); });
    }
    void typePanel(const std::string& key, const std::string& text) {
        ASSERT_TRUE(clickPanel(key)) << key;
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        panelFrames(2);
    }

    const AutomationItem* item(const std::string& labelOrKey) const {
        for (const auto& i : Automation::instance().items())
            if (i.label == labelOrKey || i.key == labelOrKey) return &i;
        return nullptr;
    }
    const AutomationText* text(const std::string& fragment, const std::string& kind = {}) const {
        for (const auto& t : Automation::instance().texts())
            if (t.text.find(fragment) != std::string::npos && (kind.empty() || t.kind == kind)) return &t;
        return nullptr;
    }

    FakeHttp http;
    FakePlatform platform;
    Lang m_lang = Lang::Ja;
    std::unique_ptr<PanelView> m_view;
    ImVec2 m_mouse{-1, -1};
    bool m_down = false;
};

// Records what a panel asked of the app.
class RecordingNavigator : public Navigator {
  public:
    void gotoMenu() override { log.push_back("menu"); }
    void goBack() override { log.push_back("back"); }
    void openPanel(const std::string& panel, const Json& params) override {
        log.push_back("open " + panel + " " + params.dump());
    }
    void reloadPanel() override { log.push_back("reload"); }
    void sessionLost(const std::string& code) override { log.push_back("lost " + code); }
    void loginAgain() override { log.push_back("login"); }
    std::vector<std::string> log;
};

}  // namespace oqs::ui::test
