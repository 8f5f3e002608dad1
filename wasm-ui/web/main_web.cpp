// The web client's main: GLFW + WebGL2 under Emscripten. The frame itself is ClientShell's (shared with the native
// main); what is here is the browser's part: the canvas at devicePixelRatio, the font that index.html fetches
// while the wasm downloads, font chunks fetched when a name needs a glyph outside the first-screen subset, and
// drawing only when something happened (input, an answer, a timer) instead of every animation frame.
// The EM_JS/EM_ASM bodies below are JavaScript, which clang-format would break.
// clang-format off
#include "app.hpp"
#include "automation.hpp"
#include "client_shell.hpp"
#include "http_web.hpp"
#include "platform_web.hpp"
#include "widgets.hpp"

#include <GLFW/glfw3.h>
#include <emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

namespace {

struct WebClient {
    GLFWwindow* window = nullptr;
    oqs::ui::WebHttpClient http;
    std::unique_ptr<oqs::ui::ClientShell> shell;
    std::unique_ptr<oqs::ui::GlyphWatchingHttp> watched;
    std::unique_ptr<oqs::ui::App> app;
    bool fontReady = false;
    bool paused = false;
    bool unsaved = false;
};
WebClient* g_client = nullptr;

EM_JS(int, oqs_js_automation_wanted, (), { return new URLSearchParams(location.search).get('automation') === '1' ? 1 : 0; });
EM_JS(int, oqs_js_lang_en, (), { return new URLSearchParams(location.search).get('lang') === 'en' ? 1 : 0; });
// Sizes the canvas: CSS pixels for layout, devicePixelRatio × as many for its backing store. out: w, h, scale.
EM_JS(void, oqs_js_layout, (float* out), {
    const dpr = window.devicePixelRatio || 1;
    const w = window.innerWidth, h = window.innerHeight;
    const c = Module.canvas;
    const bw = Math.round(w * dpr), bh = Math.round(h * dpr);
    if (c.width !== bw || c.height !== bh) {
        c.width = bw;
        c.height = bh;
        c.style.width = w + 'px';
        c.style.height = h + 'px';
    }
    HEAPF32[out >> 2] = w;
    HEAPF32[(out >> 2) + 1] = h;
    HEAPF32[(out >> 2) + 2] = dpr;
});
// Hands the font index.html is fetching to oqs_font_ready once it is here.
EM_JS(void, oqs_js_request_font, (), {
    Module.oqsFont.then((bytes) => {
        const ptr = _malloc(bytes.length || 1);
        HEAPU8.set(bytes, ptr);
        Module.ccall('oqs_font_ready', null, ['number', 'number'], [ptr, bytes.length]);
        _free(ptr);
    });
});
// Fetches the font chunks holding these code points (console.js knows the chunk files).
EM_JS(void, oqs_js_request_glyphs, (const std::uint32_t* cps, int n), {
    if (window.oqsFonts) window.oqsFonts.request(Array.from(HEAPU32.subarray(cps >> 2, (cps >> 2) + n)));
});
// The address the page was opened at (a reload, a bookmark, a typed /console/… URL), without the client's flags.
EM_JS(char*, oqs_js_initial_location, (), {
    const s = window.oqsHistory ? window.oqsHistory.current() : location.pathname;
    const n = lengthBytesUTF8(s) + 1;
    const p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
// The accessibility mirror (console.js): the frame's widgets and messages as DOM, rebuilt when they change.
EM_JS(void, oqs_js_mirror, (const char* json), { if (window.oqsMirror) window.oqsMirror.update(UTF8ToString(json)); });
// The login went out: the DOM form is submitted too, so the browser's password manager offers to save.
EM_JS(void, oqs_js_login_submitted, (const char* user, const char* password), {
    if (window.oqsMirror) window.oqsMirror.loginSubmitted(UTF8ToString(user), UTF8ToString(password));
});
EM_JS(void, oqs_js_unsaved, (int on), { if (window.oqsHistory) window.oqsHistory.unsaved(on !== 0); });
EM_JS(void, oqs_js_first_screen, (double ms), { window.oqsFirstScreenMs = ms; });
// idle: 0 drawing, 1 asleep with a 1 s tick (the screen has clocks), 2 asleep until an event.
EM_JS(void, oqs_js_idle, (int idle), { if (window.oqsLoop) window.oqsLoop.idle(idle !== 0, idle === 1); });

void frame() {
    WebClient& c = *g_client;
    if (!c.fontReady) return;
    float layout[3];
    oqs_js_layout(layout);
    oqs::ui::Display d{layout[0], layout[1], layout[2], 1.0f / layout[2]};
    oqs::ui::ClientShell::Hooks hooks;
    hooks.afterApp = [] {
        // The IME input follows ImGui's focused text field (InputText reports where it is).
        oqs::ui::ActiveField f;
        bool editing = oqs::ui::activeTextField(f);
        oqs::ui::WebPlatform::instance().textInputArea(editing, f.min.x, f.min.y, f.max.x - f.min.x,
                                                       f.max.y - f.min.y, f.secret);
    };
    c.shell->frame(*c.app, d, hooks);
    // Typed input not sent yet: a reload or leaving the page asks first (the browser's "leave this page?").
    const bool unsaved = c.app->hasUnsavedInput();
    if (unsaved != c.unsaved) oqs_js_unsaved((c.unsaved = unsaved) ? 1 : 0);
    if (c.shell->firstScreenMs() >= 0) oqs_js_first_screen(c.shell->firstScreenMs());
    oqs_js_mirror(oqs::ui::Automation::instance().json().c_str());
    // Nothing moves and no input came: stop drawing until an event or an answer — or the next 1 s tick when the
    // screen has clocks (refreshSeconds, 「コピーしました。」); a static screen draws nothing at all.
    if (!c.shell->wantsFrames(*c.app)) {
        c.paused = true;
        emscripten_pause_main_loop();
        oqs_js_idle(c.app->hasClocks() ? 1 : 2);
    }
}

}  // namespace

namespace oqs::ui {
void webWake() {
    if (!g_client) return;
    if (g_client->shell) g_client->shell->notifyInput();
    if (g_client->paused) {
        g_client->paused = false;
        oqs_js_idle(0);
        emscripten_resume_main_loop();
    }
}
}  // namespace oqs::ui

extern "C" {
EMSCRIPTEN_KEEPALIVE void oqs_font_ready(const char* data, int len) {
    g_client->shell->fonts().setBase(std::string(data, static_cast<std::size_t>(len > 0 ? len : 0)), 18.0f);
    g_client->fontReady = true;
    oqs::ui::webWake();
}
// A chunk of the full font arrived with the glyphs for `cps`.
EMSCRIPTEN_KEEPALIVE void oqs_font_chunk(const char* data, int len, const std::uint32_t* cps, int n) {
    g_client->shell->fonts().addSupplement(std::string(data, static_cast<std::size_t>(len)),
                                           std::vector<std::uint32_t>(cps, cps + n));
    oqs::ui::webWake();
}
// The mirror's button or field was activated (Enter, Space, a click, a screen reader): click it on the canvas.
EMSCRIPTEN_KEEPALIVE void oqs_a11y_click(float x, float y) {
    g_client->shell->clickAt(x, y);
    oqs::ui::webWake();
}
// The browser's password manager filled the mirror's login form.
EMSCRIPTEN_KEEPALIVE void oqs_login_fill(const char* field, const char* value) {
    g_client->app->fillLogin(field, value);
    oqs::ui::webWake();
}
// Back/Forward (popstate): the screen of that history entry.
EMSCRIPTEN_KEEPALIVE void oqs_navigate(const char* where) {
    g_client->app->openLocation(where);
    oqs::ui::webWake();
}
// Any input event (console.js listens on the window): draw again.
EMSCRIPTEN_KEEPALIVE void oqs_wake() { oqs::ui::webWake(); }
// The timer tick while idle: one frame, for clocks such as a panel's refreshSeconds.
EMSCRIPTEN_KEEPALIVE void oqs_tick() {
    if (g_client && g_client->paused) {
        g_client->paused = false;
        oqs_js_idle(0);
        emscripten_resume_main_loop();
    }
}
// Text from the IME input (composition results, typed text): ImGui gets it as typed characters.
EMSCRIPTEN_KEEPALIVE void oqs_ime_text(const char* utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
    oqs::ui::webWake();
}
// Kana composed into a password field: refused, and the field says why.
EMSCRIPTEN_KEEPALIVE void oqs_ime_refused() {
    oqs::ui::notifyInputRefused();
    oqs::ui::webWake();
}
// A paste (Ctrl+V, Shift+Insert, the browser's menu): typed even while Ctrl is down.
EMSCRIPTEN_KEEPALIVE void oqs_paste(const char* utf8) {
    g_client->shell->pasteText(utf8);
    oqs::ui::webWake();
}
// The wheel in CSS pixels (console.js converts lines and pages), positive = scroll down.
EMSCRIPTEN_KEEPALIVE void oqs_wheel(float dx, float dy) {
    g_client->shell->wheelPixels(dx, dy);
    oqs::ui::webWake();
}
// The last frame's widgets, for window.oqsAutomation.
EMSCRIPTEN_KEEPALIVE const char* oqs_automation_json() { return oqs::ui::Automation::instance().json().c_str(); }
}

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_client = new WebClient;
    g_client->window = glfwCreateWindow(640, 480, "OQS", nullptr, nullptr);
    if (!g_client->window) return 1;
    glfwMakeContextCurrent(g_client->window);

    g_client->shell = std::make_unique<oqs::ui::ClientShell>(g_client->window, "#version 300 es");
    g_client->shell->clockMs = [] { return emscripten_get_now(); };  // performance.now(): ms since navigation
    g_client->shell->fonts().onMissing = [](const std::vector<std::uint32_t>& cps) {
        oqs_js_request_glyphs(cps.data(), static_cast<int>(cps.size()));
    };
    ImGuiIO& io = ImGui::GetIO();
    // GLFW's clipboard is a stub in Emscripten 3.1.6: copying goes to the browser's clipboard; pasting arrives
    // through the paste event (oqs_paste).
    io.SetClipboardTextFn = [](void*, const char* text) { oqs::ui::WebPlatform::instance().setClipboard(text); };
    io.GetClipboardTextFn = [](void*) -> const char* { return ""; };

    // The widget list feeds the accessibility mirror, so it is always on in the browser (?automation=1 is kept
    // for the tests' old habit; it changes nothing now).
    (void)oqs_js_automation_wanted();
    oqs::ui::Automation::instance().setEnabled(true);
    g_client->watched = std::make_unique<oqs::ui::GlyphWatchingHttp>(g_client->http, g_client->shell->fonts());
    g_client->app = std::make_unique<oqs::ui::App>(*g_client->watched, oqs::ui::WebPlatform::instance());
    g_client->app->onLoginSubmitted = [](const std::string& user, const std::string& password) {
        oqs_js_login_submitted(user.c_str(), password.c_str());
    };
    if (oqs_js_lang_en()) g_client->app->setLang(oqs::ui::Lang::En);
    if (char* initial = oqs_js_initial_location()) {
        g_client->app->openLocation(initial);
        std::free(initial);
    }
    g_client->app->start();
    oqs_js_request_font();
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
