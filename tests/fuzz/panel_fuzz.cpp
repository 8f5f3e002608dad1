// libFuzzer target: the panel JSON the client reads (wasm-ui/core: PanelView and the widgets, rules and checks it
// runs), drawn headless — an ImGui context with no window and no GPU, as tests/ui does. A panel comes from a
// plugin nobody here wrote, and the web build cannot catch exceptions, so any panel must draw without a crash,
// an exception or undefined behaviour; so must any answer the host gives to the panel's tables, charts, images
// and actions.
//
// Input: the panel JSON, then optionally a NUL byte and the body every request of the panel is answered with.
#include "automation.hpp"
#include "frontend.hpp"
#include "json_util.hpp"
#include "panel_view.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>

namespace {

using namespace oqs::ui;

// The host, as far as the panel can tell: every request answered 200 with the input's second part.
class Answers : public HttpClient {
  public:
    std::string body;
    void send(const HttpRequest&, HttpCallback done) override { m_pending.push_back(std::move(done)); }
    void poll() override {
        auto ready = std::move(m_pending);
        m_pending.clear();
        for (auto& cb : ready) cb(HttpResponse{200, body, "application/json", ""});
    }
    void clear() { m_pending.clear(); }

  private:
    std::deque<HttpCallback> m_pending;
};

class Offline : public Platform {
  public:
    std::string saveDownload(const std::string& name, const std::string&) override { return name; }
    void setClipboard(const std::string&) override {}
    bool openFilePicker(const std::string&, const std::string&) override { return false; }
    bool takePickedFile(const std::string&, PickedFile&) override { return false; }
    bool readLocalFile(const std::string&, std::string&) override { return false; }
    Texture texture(const std::string&, const std::string&, bool& failed) override {
        failed = true;
        return {};
    }
    void textInputArea(bool, float, float, float, float, bool) override {}
};

class Nowhere : public Navigator {
  public:
    void gotoMenu() override {}
    void goBack() override {}
    void openPanel(const std::string&, const Json&) override {}
    void reloadPanel() override {}
    void sessionLost(const std::string&) override {}
};

void setUpImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1200, 900);
    io.DeltaTime = 1.0f / 60.0f;
    io.Fonts->AddFontDefault();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas; nothing is uploaded anywhere
    Automation::instance().setEnabled(true);        // the widgets also report to the automation hook
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static bool ready = (setUpImGui(), true);
    (void)ready;
    static Answers http;
    static Offline platform;
    static Nowhere nav;
    static const Lang lang = Lang::Ja;
    std::string in(reinterpret_cast<const char*>(data), size);
    size_t nul = in.find('\0');
    http.body = nul == std::string::npos ? R"({"rows":[],"total":0})" : in.substr(nul + 1);
    Json panel = oqs::ui::parse(in.substr(0, nul));
    if (panel.is_discarded()) return 0;
    {
        PanelView view(panel, Json::object(), PanelServices{http, platform, nav, lang});
        for (int i = 0; i < 3; ++i) {
            setTestHooks(true);
            ImGui::NewFrame();
            Automation::instance().beginFrame();
            http.poll();
            ImGui::SetNextWindowPos(ImVec2(0, 0));
            ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
            ImGui::Begin("##fuzz", nullptr, ImGuiWindowFlags_NoDecoration);
            view.render();
            (void)view.title();
            ImGui::End();
            ImGui::Render();
            Automation::instance().endFrame("fuzz", false, -1);
        }
    }
    http.clear();  // answers for a view that is gone
    return 0;
}
