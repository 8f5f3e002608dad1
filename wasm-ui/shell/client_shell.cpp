#include "client_shell.hpp"

#include "automation.hpp"
#include "frontend.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>

namespace oqs::ui {

namespace {
ClientShell* g_shell = nullptr;

// GLFW's wheel: natively one notch is 1.0 (positive = up); Emscripten 3.1.6 passes the browser's deltaY in
// pixels with the sign the other way round, which is why the web main catches the wheel itself and this is only
// reached natively. Three lines a notch, as desktop settings default to.
void scrollCallback(GLFWwindow*, double dx, double dy) {
    if (!g_shell) return;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    g_shell->wheelPixels(static_cast<float>(-dx) * 3 * line, static_cast<float>(-dy) * 3 * line);
}

// Keys pressed since the last frame. ImGui 1.86 samples key state once a frame, so a key pressed and released in
// between (a quick tap, a fast typist, Playwright's press) would be lost; such keys are held down for one frame.
void keyCallback(GLFWwindow*, int key, int, int action, int) {
    if (g_shell && action == GLFW_PRESS && key >= 0 && key < 512) g_shell->keyPressed(key);
}

double steadyMs() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ClientShell::ClientShell(GLFWwindow* window, const char* glslVersion) : m_window(window) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    // A steady caret: a blinking one would need a frame twice a second while a field is focused.
    io.ConfigInputTextCursorBlink = false;
    applyStyle();
    glfwSetKeyCallback(window, keyCallback);  // before the backend, which calls it before its own
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(glslVersion);
    g_shell = this;
    const double created = steadyMs();
    clockMs = [created] { return steadyMs() - created; };
    glfwSetScrollCallback(window, scrollCallback);  // replaces the backend's (see scrollCallback)
}

ClientShell::~ClientShell() {
    g_shell = nullptr;
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
}

void ClientShell::wheelPixels(float dx, float dy) {
    m_wheelX += dx;
    m_wheelY += dy;
    m_quietFrames = 0;
}

void ClientShell::clickAt(float x, float y) {
    m_clickPos = ImVec2(x, y);
    m_clickPhase = 3;
    m_quietFrames = 0;
}

void ClientShell::pasteText(const std::string& text) {
    m_paste += text;
    m_quietFrames = 0;
}

void ClientShell::keyPressed(int key) {
    m_pressed.push_back(key);
    m_quietFrames = 0;
}

void ClientShell::applyInput(const Display& d) {
    ImGuiIO& io = ImGui::GetIO();
    for (int k : m_held) io.KeysDown[k] = glfwGetKey(m_window, k) == GLFW_PRESS;
    m_held.swap(m_pressed);
    m_pressed.clear();
    for (int k : m_held) io.KeysDown[k] = true;
    auto down = [&](int a, int b) { return io.KeysDown[a] || io.KeysDown[b]; };
    io.KeyCtrl = down(GLFW_KEY_LEFT_CONTROL, GLFW_KEY_RIGHT_CONTROL);
    io.KeyShift = down(GLFW_KEY_LEFT_SHIFT, GLFW_KEY_RIGHT_SHIFT);
    io.KeyAlt = down(GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_ALT);
    io.KeySuper = down(GLFW_KEY_LEFT_SUPER, GLFW_KEY_RIGHT_SUPER);
    io.DisplaySize = ImVec2(d.width, d.height);
    io.DisplayFramebufferScale = ImVec2(d.scale, d.scale);
    if (io.MousePos.x > -FLT_MAX / 2) io.MousePos = ImVec2(io.MousePos.x * d.mouseScale, io.MousePos.y * d.mouseScale);
    // A quick tap moves the pointer and presses within one frame; ImGui 1.86 then tests the press against the
    // previous frame's hovered item (a table row is an overlapping item) and drops it. Such a press waits one
    // frame, so the pointer is over the row first; it is delivered even if the button is already up again.
    const bool moved = io.MousePos.x != m_lastMouse.x || io.MousePos.y != m_lastMouse.y;
    if (m_heldPress) {
        io.MouseDown[0] = true;
        m_heldPress = false;
    } else if (io.MouseDown[0] && !m_lastDown && moved) {
        io.MouseDown[0] = false;
        m_heldPress = true;
        m_quietFrames = 0;
    }
    if (m_clickPhase > 0) {
        io.MousePos = m_clickPos;
        io.MouseDown[0] = m_clickPhase == 2;
        --m_clickPhase;
        m_quietFrames = 0;
    }
    m_lastMouse = io.MousePos;
    m_lastDown = io.MouseDown[0];
    // ImGui 1.86 scrolls a window by 5 × its font size per unit of MouseWheel: pixels become that many units, so
    // a 100-pixel notch scrolls 100 pixels, as a web page does.
    const float unit = 5.0f * (io.Fonts->Fonts.empty() ? 13.0f : io.Fonts->Fonts[0]->FontSize * io.FontGlobalScale);
    io.MouseWheel -= m_wheelY / unit;
    io.MouseWheelH -= m_wheelX / unit;
    m_wheelX = m_wheelY = 0;
    if (!m_paste.empty()) {
        // ImGui 1.86 drops typed characters while Ctrl (or Cmd) is down; a paste is not a shortcut.
        io.KeyCtrl = io.KeySuper = false;
        io.AddInputCharactersUTF8(m_paste.c_str());
        m_paste.clear();
    }
    for (ImWchar c : io.InputQueueCharacters) m_fonts.noteCodePoint(c);
}

void ClientShell::frame(App& app, const Display& display, const Hooks& hooks) {
    const double started = steadyMs();
    m_fonts.setScale(display.scale);
    if (m_fonts.dirty()) {
        m_fonts.build();
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    applyInput(display);
    if (hooks.beforeNewFrame) hooks.beforeNewFrame();
    guardDeltaTime();
    auto& automation = Automation::instance();
    setTestHooks(automation.enabled());
    ImGui::NewFrame();
    automation.beginFrame();
    app.frame();
    if (hooks.afterApp) hooks.afterApp();
    if (automation.enabled()) {
        automation.noteFact("scale", display.scale);
        automation.noteFact("fontTexWidth", ImGui::GetIO().Fonts->TexWidth);
        automation.noteFact("glyphsAsked", static_cast<double>(m_fonts.askedCount()));
        automation.noteFact("glyphsMissing", static_cast<double>(m_fonts.missingCount()));
    }
    ImGui::Render();
    if (m_firstScreenMs < 0 && app.interactive()) m_firstScreenMs = clockMs();
    automation.endFrame(app.screenName(), app.busy(), m_firstScreenMs, m_frameMean);
    glViewport(0, 0, static_cast<int>(display.width * display.scale), static_cast<int>(display.height * display.scale));
    glClearColor(0.94f, 0.94f, 0.94f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++m_quietFrames;
    m_frameSum += steadyMs() - started;
    if (++m_frameCount == 30) {
        m_frameMean = m_frameSum / 30;
        m_frameSum = 0;
        m_frameCount = 0;
    }
}

bool ClientShell::wantsFrames(const App& app) const {
    const ImGuiIO& io = ImGui::GetIO();
    if (m_quietFrames < 4 || m_heldPress || m_clickPhase > 0 || app.busy() || m_fonts.dirty()) return true;
    for (bool down : io.MouseDown)
        if (down) return true;
    return false;
}

}  // namespace oqs::ui
