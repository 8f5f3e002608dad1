// The web client's main: GLFW + WebGL2 under Emscripten, driven by the browser's animation frames.
// index.html fetches the Japanese font while the wasm downloads; frames start once it has arrived, so the first
// frame a user sees is already the login screen in Japanese. ?automation=1 publishes each frame's widgets.
#include "app.hpp"
#include "automation.hpp"
#include "frontend.hpp"
#include "http_web.hpp"
#include "platform_web.hpp"
#include "widgets.hpp"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <memory>

namespace {

struct WebClient {
    GLFWwindow* window = nullptr;
    oqs::ui::WebHttpClient http;
    std::unique_ptr<oqs::ui::App> app;
    bool fontReady = false;
    double firstScreenMs = -1;
    // Main-thread time per frame (input, layout, draw lists, WebGL calls), averaged over the last 60 frames.
    double frameSum = 0;
    int frameCount = 0;
    double frameMean = -1;
};
WebClient* g_client = nullptr;

EM_JS(int, oqs_js_automation_wanted, (), { return new URLSearchParams(location.search).get('automation') === '1' ? 1 : 0; });
EM_JS(int, oqs_js_lang_en, (), { return new URLSearchParams(location.search).get('lang') === 'en' ? 1 : 0; });
EM_JS(int, oqs_js_width, (), { return window.innerWidth; });
EM_JS(int, oqs_js_height, (), { return window.innerHeight; });
// Hands the font index.html is fetching to oqs_font_ready once it is here.
EM_JS(void, oqs_js_request_font, (), {
    Module.oqsFont.then((bytes) => {
        const ptr = _malloc(bytes.length || 1);
        HEAPU8.set(bytes, ptr);
        Module.ccall('oqs_font_ready', null, ['number', 'number'], [ptr, bytes.length]);
        _free(ptr);
    });
});
EM_JS(void, oqs_js_first_screen, (double ms), { window.oqsFirstScreenMs = ms; });

void frame() {
    WebClient& c = *g_client;
    if (!c.fontReady) return;
    const double started = emscripten_get_now();
    int w = oqs_js_width(), h = oqs_js_height();
    int cw = 0, ch = 0;
    glfwGetWindowSize(c.window, &cw, &ch);
    if (w != cw || h != ch) glfwSetWindowSize(c.window, w, h);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    oqs::ui::guardDeltaTime();
    auto& automation = oqs::ui::Automation::instance();
    oqs::ui::setTestHooks(automation.enabled());
    ImGui::NewFrame();
    automation.beginFrame();
    c.app->frame();
    // The IME input follows ImGui's focused text field (InputText reports where its cursor is).
    ImVec2 min, max;
    bool editing = oqs::ui::activeTextField(min, max);
    oqs::ui::WebPlatform::instance().textInputArea(editing, min.x, min.y, max.x - min.x, max.y - min.y);
    ImGui::Render();
    if (c.firstScreenMs < 0 && c.app->interactive()) {
        c.firstScreenMs = emscripten_get_now();  // performance.now(): milliseconds since navigation
        oqs_js_first_screen(c.firstScreenMs);
    }
    automation.endFrame(c.app->screenName(), c.app->busy(), c.firstScreenMs, c.frameMean);
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(c.window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0.94f, 0.94f, 0.94f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    c.frameSum += emscripten_get_now() - started;
    if (++c.frameCount == 60) {
        c.frameMean = c.frameSum / 60;
        c.frameSum = 0;
        c.frameCount = 0;
    }
}

}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE void oqs_font_ready(const char* data, int len) {
    if (len <= 0 || !oqs::ui::addJapaneseFont(data, len, 18.0f)) ImGui::GetIO().Fonts->AddFontDefault();
    g_client->fontReady = true;
}
// Text from the IME input (composition results, typed text, paste): ImGui gets it as typed characters.
EMSCRIPTEN_KEEPALIVE void oqs_ime_text(const char* utf8) { ImGui::GetIO().AddInputCharactersUTF8(utf8); }
// The last frame's widgets, for window.oqsAutomation.
EMSCRIPTEN_KEEPALIVE const char* oqs_automation_json() { return oqs::ui::Automation::instance().json().c_str(); }
}

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_client = new WebClient;
    g_client->window = glfwCreateWindow(oqs_js_width(), oqs_js_height(), "OQS", nullptr, nullptr);
    if (!g_client->window) return 1;
    glfwMakeContextCurrent(g_client->window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    oqs::ui::applyStyle();
    ImGui_ImplGlfw_InitForOpenGL(g_client->window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    // GLFW's clipboard is a stub in Emscripten 3.1.6: copying goes to the browser's clipboard instead; pasting
    // arrives through the IME input's paste event.
    io.SetClipboardTextFn = [](void*, const char* text) { oqs::ui::WebPlatform::instance().setClipboard(text); };
    io.GetClipboardTextFn = [](void*) -> const char* { return ""; };

    oqs::ui::Automation::instance().setEnabled(oqs_js_automation_wanted() != 0);
    g_client->app = std::make_unique<oqs::ui::App>(g_client->http, oqs::ui::WebPlatform::instance());
    if (oqs_js_lang_en()) g_client->app->setLang(oqs::ui::Lang::En);
    g_client->app->start();
    oqs_js_request_font();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
