// client_shell.hpp — the frame code both mains share (issue 11 item 7): one place sets up ImGui on a GLFW window
// and draws a frame. The mains only say what differs: where the window and the font come from, how big the
// display is and at what scale, and what happens around a frame (the web places its IME input; the native
// script driver feeds input).
//
// Coordinates: ImGui works in logical pixels (CSS pixels in the browser, the window's size over its content
// scale natively); the framebuffer has `scale` device pixels per logical pixel and the font atlas is rasterised
// at that scale, so text is sharp at 200 %.
#pragma once

#include "app.hpp"
#include "font_set.hpp"

#include <imgui.h>

#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace oqs::ui {

struct Display {
    float width = 0, height = 0;  // logical pixels
    float scale = 1;              // device pixels per logical pixel
    float mouseScale = 1;         // logical pixels per unit of glfwGetCursorPos
};

class ClientShell {
  public:
    // Creates the ImGui context and the GL backend on `window` (GLSL `glslVersion`); routes the wheel through
    // wheelPixels() (GLFW's Emscripten port hands the browser's deltaY over unscaled and with the wrong sign).
    ClientShell(GLFWwindow* window, const char* glslVersion);
    ~ClientShell();
    ClientShell(const ClientShell&) = delete;
    ClientShell& operator=(const ClientShell&) = delete;

    FontSet& fonts() { return m_fonts; }
    // A wheel or touchpad scroll in pixels, the browser's convention (positive dy: content moves up).
    void wheelPixels(float dx, float dy);
    // Text from a paste (Ctrl+V, Cmd+V, the menu): typed into the focused field even while Ctrl is held, which
    // ImGui 1.86 would otherwise ignore.
    void pasteText(const std::string& text);

    struct Hooks {
        std::function<void()> beforeNewFrame;  // after the backends read input, before ImGui::NewFrame()
        std::function<void()> afterApp;        // after App::frame(), before ImGui::Render()
    };
    // One frame of `app`: input, layout, draw. The caller swaps buffers.
    void frame(App& app, const Display& display, const Hooks& hooks);
    // True while something on screen moves by itself (a call in flight, a spinner) or input arrived in the last
    // few frames (ImGui places popups on their second frame): the web main stops drawing otherwise.
    bool wantsFrames(const App& app) const;
    // A click at (x, y) logical pixels, as the mouse would give it (hover, press, release over three frames): the
    // DOM mirror's buttons and fields act through it.
    void clickAt(float x, float y);
    // A key went down (GLFW's key callback): it is held for at least one frame.
    void keyPressed(int key);
    // Input arrived (the web main's event listeners call this): draw the next few frames.
    void notifyInput() { m_quietFrames = 0; }
    // The clock first-screen times are measured on (the web main sets performance.now()); default: since the
    // shell was created.
    std::function<double()> clockMs;
    // When the first interactive screen was drawn (clockMs), or < 0 before.
    double firstScreenMs() const { return m_firstScreenMs; }

  private:
    void applyInput(const Display& display);

    GLFWwindow* m_window;
    FontSet m_fonts;
    float m_wheelX = 0, m_wheelY = 0;
    std::string m_paste;
    std::vector<int> m_pressed, m_held;
    int m_quietFrames = 0;
    ImVec2 m_lastMouse{-1, -1};
    bool m_lastDown = false, m_heldPress = false;
    ImVec2 m_clickPos;
    int m_clickPhase = 0;  // 3: hover, 2: press, 1: release
    double m_firstScreenMs = -1;
    // Main-thread time per frame (input, layout, draw lists, GL calls), averaged over 30 frames for the benchmark.
    double m_frameSum = 0, m_frameMean = -1;
    int m_frameCount = 0;
};

}  // namespace oqs::ui
