// frontend.hpp — what both front ends (and the headless tests) share around the App: the Japanese font set-up,
// the frame-time guard, and a small script driver that clicks and types by label through the automation hook
// (the native smoke test and the unit tests use it; the browser tests drive the page instead).
#pragma once

#include "app.hpp"

#include <imgui.h>
#include <string>
#include <vector>

namespace oqs::ui {

// Japanese (ImGui's kana + 2,999 kanji) plus the symbols the screens use (▼, ＊, arrows, box shapes).
const ImWchar* glyphRanges();
// Adds the font from memory (the atlas takes a copy); false when the bytes are not a font.
bool addJapaneseFont(const void* data, int size, float pixels);
void applyStyle();
// GLFW passes a zero DeltaTime under a frozen clock (headless browsers); ImGui asserts on it.
void guardDeltaTime();
// Switches ImGui's item hooks (the automation hook's source) on or off for the current context.
void setTestHooks(bool on);

// Runs one command per line: `click LABEL`, `type LABEL<TAB>TEXT`, `wait SCREEN-OR-TEXT`, `screenshot FILE`.
class ScriptDriver {
  public:
    explicit ScriptDriver(std::vector<std::string> lines) : m_lines(std::move(lines)) {}
    // Feeds input for this frame (call before NewFrame); reads the widgets of the last frame.
    void beforeFrame(App& app);
    bool finished() const { return m_step >= m_lines.size() || !m_failure.empty(); }
    const std::string& failure() const { return m_failure; }
    // A screenshot the script asked for this frame (the front end takes it after rendering), else "".
    std::string takeScreenshotRequest();
    std::vector<std::string> log;  // what happened, one line per step

  private:
    void next(const std::string& what);
    std::vector<std::string> m_lines;
    std::size_t m_step = 0;
    int m_phase = 0;
    int m_waited = 0;
    std::string m_failure;
    std::string m_screenshot;
};

}  // namespace oqs::ui
