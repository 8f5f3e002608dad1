#include "automation.hpp"

#include <nlohmann/json.hpp>

namespace oqs::ui {

Automation& Automation::instance() {
    static Automation a;
    return a;
}

void Automation::setEnabled(bool on) { m_enabled = on; }

void Automation::beginFrame() {
    m_items.clear();
    m_texts.clear();
}

AutomationItem* Automation::item(unsigned id) {
    // Items arrive in submission order and info follows its add at once, so the last ones are the likely match.
    for (auto it = m_items.rbegin(); it != m_items.rend(); ++it)
        if (it->id == id) return &*it;
    return nullptr;
}

void Automation::itemAdd(unsigned id, float x, float y, float w, float h) {
    if (!m_enabled || id == 0) return;
    if (AutomationItem* known = item(id)) {
        known->x = x, known->y = y, known->w = w, known->h = h;
        return;
    }
    AutomationItem a;
    a.id = id;
    a.x = x, a.y = y, a.w = w, a.h = h;
    m_items.push_back(std::move(a));
}

void Automation::itemInfo(unsigned id, const char* label, bool enabled) {
    if (!m_enabled) return;
    AutomationItem* a = item(id);
    if (!a) return;
    std::string l = label ? label : "";
    if (auto hidden = l.find("##"); hidden != std::string::npos) l.resize(hidden);
    if (a->label.empty()) a->label = l;
    a->enabled = enabled;
}

void Automation::bringToBack(unsigned id) {
    if (!m_enabled) return;
    for (std::size_t i = m_items.size(); i-- > 0;)
        if (m_items[i].id == id) {
            AutomationItem item = m_items[i];
            m_items.erase(m_items.begin() + static_cast<std::ptrdiff_t>(i));
            m_items.push_back(std::move(item));
            return;
        }
}

void Automation::nameLastItem(const std::string& label, const std::string& key, const std::string& value,
                              bool enabled) {
    if (!m_enabled || m_items.empty()) return;
    AutomationItem& a = m_items.back();
    a.label = label;
    a.key = key;
    a.value = value;
    // Not every widget reports through the item-info hook (a combo does not), so the caller's word counts too.
    if (!enabled) a.enabled = false;
}

void Automation::noteFact(const std::string& name, double value) {
    if (m_enabled) m_facts.emplace_back(name, value);
}

void Automation::noteText(const std::string& text, const char* kind, float x, float y, float w, float h,
                          std::vector<std::string> lines) {
    if (!m_enabled) return;
    m_texts.push_back({text, kind, x, y, w, h, std::move(lines)});
}

void Automation::endFrame(const std::string& screen, bool busy, double firstScreenMs, double frameMs) {
    if (!m_enabled) return;
    ++m_frame;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : m_items) {
        if (a.label.empty() && a.key.empty()) continue;  // unnamed layout items are no use to a test
        items.push_back({{"label", a.label},
                         {"key", a.key},
                         {"id", a.id},
                         {"value", a.value},
                         {"x", a.x},
                         {"y", a.y},
                         {"w", a.w},
                         {"h", a.h},
                         {"enabled", a.enabled}});
    }
    nlohmann::json texts = nlohmann::json::array();
    for (const auto& t : m_texts) {
        nlohmann::json j = {{"text", t.text}, {"kind", t.kind}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}};
        if (!t.lines.empty()) j["lines"] = t.lines;
        texts.push_back(std::move(j));
    }
    nlohmann::json frame = {{"frame", m_frame},
                            {"screen", screen},
                            {"busy", busy},
                            {"items", std::move(items)},
                            {"texts", std::move(texts)}};
    if (firstScreenMs >= 0) frame["firstScreenMs"] = firstScreenMs;
    if (frameMs >= 0) frame["frameMs"] = frameMs;
    nlohmann::json extra = nlohmann::json::object();
    for (const auto& [k, v] : m_facts) extra[k] = v;
    frame["extra"] = std::move(extra);
    m_facts.clear();
    // Invalid UTF-8 from a server must not abort the web build (no exceptions there): replace it.
    m_json = frame.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool Automation::find(const std::string& labelOrKey, float& cx, float& cy) const {
    for (const auto& a : m_items) {
        if ((a.label == labelOrKey || a.key == labelOrKey) && a.enabled) {
            cx = a.x + a.w / 2;
            cy = a.y + a.h / 2;
            return true;
        }
    }
    return false;
}

}  // namespace oqs::ui
