#include "frontend.hpp"

#include "automation.hpp"

#include <imgui_internal.h>

#include <cstring>

namespace oqs::ui {

const ImWchar* glyphRanges() {
    static ImVector<ImWchar> ranges;
    if (ranges.empty()) {
        ImFontGlyphRangesBuilder b;
        b.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesJapanese());
        static const ImWchar kExtra[] = {0x2010, 0x206F, 0x2190, 0x21FF, 0x2460, 0x24FF, 0x25A0,
                                         0x25FF, 0x3000, 0x30FF, 0xFF00, 0xFFEF, 0};
        b.AddRanges(kExtra);
        b.BuildRanges(&ranges);
    }
    return ranges.Data;
}

bool addJapaneseFont(const void* data, int size, float pixels) {
    ImFontConfig cfg;
    // One sample per pixel halves the atlas build time of ~3,000 glyphs; CJK glyphs need no sub-pixel placement.
    cfg.OversampleH = cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.FontDataOwnedByAtlas = true;
    void* copy = IM_ALLOC(static_cast<size_t>(size));
    memcpy(copy, data, static_cast<size_t>(size));
    return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(copy, size, pixels, &cfg, glyphRanges()) != nullptr;
}

void applyStyle() {
    ImGui::StyleColorsLight();
    ImGuiStyle& s = ImGui::GetStyle();
    s.FrameRounding = 3;
    s.FrameBorderSize = 1;
    s.ItemSpacing = ImVec2(8, 6);
}

void guardDeltaTime() {
    ImGuiIO& io = ImGui::GetIO();
    if (!(io.DeltaTime > 0.0f)) io.DeltaTime = 1.0f / 60.0f;
}

void setTestHooks(bool on) { ImGui::GetCurrentContext()->TestEngineHookItems = on; }

void ScriptDriver::next(const std::string& what) {
    log.push_back(what);
    ++m_step;
    m_phase = 0;
    m_waited = 0;
}

std::string ScriptDriver::takeScreenshotRequest() {
    std::string s;
    s.swap(m_screenshot);
    return s;
}

void ScriptDriver::beforeFrame(App& app) {
    if (finished()) return;
    ImGuiIO& io = ImGui::GetIO();
    io.MouseDown[0] = false;
    const std::string& line = m_lines[m_step];
    auto space = line.find(' ');
    const std::string cmd = line.substr(0, space);
    const std::string arg = space == std::string::npos ? "" : line.substr(space + 1);
    if (cmd.empty() || cmd[0] == '#') return next("");
    if (cmd == "wait") {
        bool seen = app.screenName() == arg && !app.busy();
        for (const auto& t : Automation::instance().texts()) seen = seen || t.text.find(arg) != std::string::npos;
        if (seen) return next("ok   wait " + arg);
        if (++m_waited > 1200) m_failure = "timed out waiting for " + arg;
        return;
    }
    if (cmd == "screenshot") {
        m_screenshot = arg;
        return next("ok   screenshot " + arg);
    }
    if (cmd == "click" || cmd == "type") {
        const std::string target = cmd == "type" ? arg.substr(0, arg.find('\t')) : arg;
        float x = 0, y = 0;
        if (!Automation::instance().find(target, x, y)) {
            if (++m_waited > 600) m_failure = "no enabled widget labelled " + target;
            return;
        }
        io.MousePos = ImVec2(x, y);
        // Phase 0: hover; 1: press; 2: release (a click); 3: type the text into the now focused field.
        if (m_phase == 1) io.MouseDown[0] = true;
        if (m_phase == 3 && cmd == "type") {
            auto tab = arg.find('\t');
            io.AddInputCharactersUTF8(tab == std::string::npos ? "" : arg.c_str() + tab + 1);
        }
        if (++m_phase > (cmd == "type" ? 3 : 2)) next("ok   " + cmd + " " + target);
    }
}

}  // namespace oqs::ui
