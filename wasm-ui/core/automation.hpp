// automation.hpp — the test hook. With ?automation=1 (web) or --automation (native) every frame's interactive
// widgets (label, id, rectangle, enabled, value) and the messages on screen are published as JSON, so end-to-end
// tests find widgets by what a user reads and click or type there. ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE)
// report every item; the renderer adds the visible label and value of fields whose ImGui label is hidden.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace oqs::ui {

struct AutomationItem {
    unsigned id = 0;
    std::string label;
    std::string key;  // the field's form.id, when the renderer named it
    std::string value;
    float x = 0, y = 0, w = 0, h = 0;
    bool enabled = true;
};

struct AutomationText {
    std::string text;
    std::string kind;  // "error", "message", "dialog", "title", …
    float x = 0, y = 0, w = 0, h = 0;
    std::vector<std::string> lines;  // the lines as drawn, when the text was wrapped
};

class Automation {
  public:
    static Automation& instance();
    void setEnabled(bool on);
    bool enabled() const { return m_enabled; }

    void beginFrame();
    // From ImGui's hooks.
    void itemAdd(unsigned id, float x, float y, float w, float h);
    void itemInfo(unsigned id, const char* label, bool enabled);
    // From the renderer: the last item is the field `key` shown as `label` with `value`.
    void nameLastItem(const std::string& label, const std::string& key, const std::string& value, bool enabled = true);
    // Moves the item `id` to the end of the list again (a field whose menu popup added items after it), so that
    // nameLastItem names the field.
    void bringToBack(unsigned id);
    void noteText(const std::string& text, const char* kind, float x, float y, float w = 0, float h = 0,
                  std::vector<std::string> lines = {});
    // Extra facts of this frame, published under "extra" (the screen's scroll position, the display scale, …).
    void noteFact(const std::string& name, double value);
    // Closes the frame and renders its JSON (screen: the app's state name; frameMs: the mean time the previous
    // frames took, for the benchmark, or < 0 when not measured).
    void endFrame(const std::string& screen, bool busy, double firstScreenMs, double frameMs = -1);
    const std::string& json() const { return m_json; }
    const std::vector<AutomationItem>& items() const { return m_items; }
    const std::vector<AutomationText>& texts() const { return m_texts; }
    // The centre of the first enabled item with this label (or key); false when none.
    bool find(const std::string& labelOrKey, float& cx, float& cy) const;

  private:
    AutomationItem* item(unsigned id);
    bool m_enabled = false;
    long long m_frame = 0;
    std::vector<AutomationItem> m_items;
    std::vector<AutomationText> m_texts;
    std::string m_json;
    std::vector<std::pair<std::string, double>> m_facts;
};

}  // namespace oqs::ui
