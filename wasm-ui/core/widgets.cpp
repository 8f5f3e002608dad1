#include "widgets.hpp"

#include "automation.hpp"
#include "checks.hpp"
#include "i18n.hpp"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

namespace oqs::ui {

namespace {
int growString(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}
}  // namespace

namespace {
ActiveField g_active;
int g_activeFrame = -1;

// The right-click menu of a field: what was selected when it opened, and an operation waiting for its field.
struct EditMenu {
    Platform* platform = nullptr;
    const Lang* lang = nullptr;
    ImGuiID field = 0;                   // the field the menu is open for
    std::size_t selFrom = 0, selTo = 0;  // byte offsets of the selection (from == to: the caret)
    bool secret = false;
    enum class Op { None, Cut, Paste, SelectAll } op = Op::None;
    ImGuiID opField = 0;
    std::string pasted;  // clipboard text that arrived for a paste
    bool pasteReady = false;
    int focusFrames = 0;
};
EditMenu g_menu;
bool g_inputRefused = false;
bool g_submitted = false;

// Byte offset of the n-th code point of s (ImGui's selection counts wide characters).
std::size_t byteOffset(const std::string& s, int n) {
    std::size_t i = 0;
    for (int k = 0; k < n && i < s.size(); ++k) {
        auto b = static_cast<unsigned char>(s[i]);
        i += b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    }
    return std::min(i, s.size());
}

struct FilterData {
    InputOptions options;
};
// Full-width digits and letters become half-width (IME users often type them so); anything else a Digits field
// cannot take is refused and reported, never dropped silently.
int filterChar(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag != ImGuiInputTextFlags_CallbackCharFilter) return growString(data);
    auto* fd = static_cast<FilterData*>(ImGui::GetIO().UserData);
    if (!fd) return 0;
    ImWchar c = data->EventChar;
    if (c >= 0xFF01 && c <= 0xFF5E) c = static_cast<ImWchar>(c - 0xFEE0);
    else if (c == 0x3000) c = ' ';
    data->EventChar = c;
    if (fd->options.charset == Charset::Digits) {
        const bool ok = (c >= '0' && c <= '9') || (fd->options.decimal && (c == '.' || c == '+' || c == '-'));
        if (!ok) {
            if (fd->options.refused) *fd->options.refused = true;
            return 1;
        }
    }
    return 0;
}

int growOrFilter(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackCharFilter) return filterChar(data);
    return growString(data);
}

const char* menuText(const char* ja, const char* en) { return g_menu.lang && *g_menu.lang == Lang::En ? en : ja; }

// Applies a menu operation to the field's text while the field is not being edited (the menu took the focus).
bool runMenuOp(std::string& s, const InputOptions& options) {
    bool changed = false;
    if (g_menu.op == EditMenu::Op::Cut) {
        if (g_menu.platform) g_menu.platform->setClipboard(s.substr(g_menu.selFrom, g_menu.selTo - g_menu.selFrom));
        s.erase(g_menu.selFrom, g_menu.selTo - g_menu.selFrom);
        changed = true;
    } else if (g_menu.op == EditMenu::Op::Paste) {
        if (!g_menu.pasteReady) return false;  // the clipboard has not answered yet
        std::string text = g_menu.pasted;
        text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }), text.end());
        if (options.charset != Charset::Any) text = toHalfWidth(text);
        if (options.charset == Charset::Digits) {
            std::string kept;
            for (char c : text)
                if ((c >= '0' && c <= '9') || (options.decimal && (c == '.' || c == '+' || c == '-'))) kept += c;
            if (kept.size() != text.size() && options.refused) *options.refused = true;
            text = kept;
        }
        s.replace(g_menu.selFrom, g_menu.selTo - g_menu.selFrom, text);
        changed = true;
    }
    g_menu.op = EditMenu::Op::None;
    g_menu.opField = 0;
    return changed;
}
}  // namespace

std::string toHalfWidth(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        auto b = static_cast<unsigned char>(s[i]);
        if (b == 0xEF && i + 2 < s.size()) {
            unsigned c = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                         (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            if (c >= 0xFF01 && c <= 0xFF5E) {
                out += static_cast<char>(c - 0xFEE0);
                i += 3;
                continue;
            }
        }
        if (b == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
            static_cast<unsigned char>(s[i + 2]) == 0x80) {
            out += ' ';
            i += 3;
            continue;
        }
        out += s[i++];
    }
    return out;
}

bool fieldSubmitted() { return g_submitted; }

void notifyInputRefused() { g_inputRefused = true; }

void keyboardScroll() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    auto pressed = [&](ImGuiKey k) { return ImGui::IsKeyPressed(io.KeyMap[k], true); };
    const float page = ImGui::GetWindowHeight() * 0.875f, line = 40.0f;  // Chromium's steps
    float y = ImGui::GetScrollY();
    if (pressed(ImGuiKey_PageDown)) y += page;
    if (pressed(ImGuiKey_PageUp)) y -= page;
    if (pressed(ImGuiKey_DownArrow)) y += line;
    if (pressed(ImGuiKey_UpArrow)) y -= line;
    if (pressed(ImGuiKey_Home)) y = 0;
    if (pressed(ImGuiKey_End)) y = ImGui::GetScrollMaxY();
    if (y != ImGui::GetScrollY()) ImGui::SetScrollY(std::clamp(y, 0.0f, ImGui::GetScrollMaxY()));
}

bool dialogEnter() {
    const ImGuiIO& io = ImGui::GetIO();
    return !io.WantTextInput && (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter], false) ||
                                 ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter], false));
}

bool dialogEscape() { return ImGui::IsKeyPressed(ImGui::GetIO().KeyMap[ImGuiKey_Escape], false); }

void setEditMenuContext(Platform* platform, const Lang* lang) {
    g_menu.platform = platform;
    g_menu.lang = lang;
}

bool inputString(const char* id, std::string& s, ImGuiInputTextFlags flags, bool multiline, InputOptions options) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    ImGui::PushID(id);
    const ImGuiID gid = ImGui::GetID("##field");
    bool menuChanged = false;
    if (g_menu.opField == gid && g_menu.op != EditMenu::Op::None && g_menu.op != EditMenu::Op::SelectAll &&
        ImGui::GetActiveID() != gid)
        menuChanged = runMenuOp(s, options);
    const bool selectAll = g_menu.opField == gid && g_menu.op == EditMenu::Op::SelectAll;
    if (selectAll && ImGui::GetActiveID() != gid && g_menu.focusFrames++ == 0) ImGui::SetKeyboardFocusHere();
    FilterData fd{options};
    ImGuiInputTextCallback cb = growString;
    if (options.charset != Charset::Any) {
        flags |= ImGuiInputTextFlags_CallbackCharFilter;
        flags &= ~ImGuiInputTextFlags_CharsDecimal;
        cb = growOrFilter;
        ImGui::GetIO().UserData = &fd;  // the filter runs inside InputText, below
    }
    bool changed = multiline ? ImGui::InputTextMultiline("##field", s.data(), s.capacity() + 1,
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 5), flags, cb, &s)
                             : ImGui::InputText("##field", s.data(), s.capacity() + 1, flags, cb, &s);
    ImGui::GetIO().UserData = nullptr;
    const ImGuiIO& io = ImGui::GetIO();
    g_submitted = !multiline && ImGui::IsItemDeactivated() &&
                  (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter], false) ||
                   ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter], false));
    const bool secret = (flags & ImGuiInputTextFlags_Password) != 0;
    if (selectAll && (ImGui::IsItemActive() || g_menu.focusFrames > 10)) {
        // Focusing by code keeps the old caret; the menu asked for the whole text.
        if (ImGuiInputTextState* st = ImGui::GetInputTextState(gid); st && ImGui::IsItemActive()) st->SelectAll();
        g_menu.op = EditMenu::Op::None;
        g_menu.opField = 0;
        g_menu.focusFrames = 0;
    }
    if (ImGui::IsItemActive()) {
        if (g_inputRefused && options.refused) *options.refused = true;
        g_inputRefused = false;
        g_active.min = ImGui::GetItemRectMin();
        g_active.max = ImGui::GetItemRectMax();
        g_active.secret = secret;
        g_activeFrame = ImGui::GetFrameCount();
    }
    // The right-click menu, as an HTML field has. Copy and cut are not offered on a password, as in a browser.
    const bool enabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) == 0;
    if (enabled && ImGui::IsItemHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) {
        g_menu.field = gid;
        g_menu.secret = secret;
        g_menu.selFrom = g_menu.selTo = s.size();
        if (ImGuiInputTextState* st = ImGui::GetInputTextState(gid); st && ImGui::GetActiveID() == gid) {
            int a = std::min(st->Stb.select_start, st->Stb.select_end),
                b = std::max(st->Stb.select_start, st->Stb.select_end);
            if (a == b) a = b = st->Stb.cursor;
            g_menu.selFrom = byteOffset(s, a);
            g_menu.selTo = byteOffset(s, b);
        }
        ImGui::OpenPopup("##edit-menu");
    }
    if (ImGui::BeginPopup("##edit-menu")) {
        const bool hasSel = g_menu.selTo > g_menu.selFrom && !g_menu.secret;
        if (ImGui::MenuItem(menuText("切り取り", "Cut"), nullptr, false, hasSel)) {
            g_menu.op = EditMenu::Op::Cut;
            g_menu.opField = g_menu.field;
        }
        if (ImGui::MenuItem(menuText("コピー", "Copy"), nullptr, false, hasSel) && g_menu.platform)
            g_menu.platform->setClipboard(s.substr(g_menu.selFrom, g_menu.selTo - g_menu.selFrom));
        if (ImGui::MenuItem(menuText("貼り付け", "Paste"))) {
            g_menu.op = EditMenu::Op::Paste;
            g_menu.opField = g_menu.field;
            g_menu.pasteReady = false;
            if (g_menu.platform)
                g_menu.platform->readClipboard([](std::string text) {
                    g_menu.pasted = std::move(text);
                    g_menu.pasteReady = true;
                });
        }
        if (ImGui::MenuItem(menuText("すべて選択", "Select all"))) {
            g_menu.op = EditMenu::Op::SelectAll;
            g_menu.opField = g_menu.field;
        }
        ImGui::EndPopup();
        Automation::instance().bringToBack(gid);
    }
    ImGui::PopID();
    return changed || menuChanged;
}

bool activeTextField(ActiveField& out) {
    if (g_activeFrame != ImGui::GetFrameCount()) return false;
    out = g_active;
    return true;
}

namespace {
// Decodes the code point at s[i] and advances i (malformed bytes count as one character).
unsigned nextCodePoint(const std::string& s, std::size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    if (i + static_cast<std::size_t>(len) > s.size()) len = 1;
    unsigned c = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (int k = 1; k < len; ++k)
        c = (c << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    i += static_cast<std::size_t>(len);
    return c;
}
// Belongs to the character before it: combining marks (dakuten U+3099/309A too), variation selectors (the IVS
// of 葛󠄀 is a pair: base + U+E0100), zero-width joiner.
bool joinsPrevious(unsigned c) {
    return (c >= 0x300 && c <= 0x36F) || c == 0x3099 || c == 0x309A || (c >= 0xFE00 && c <= 0xFE0F) ||
           (c >= 0xE0100 && c <= 0xE01EF) || c == 0x200D;
}
// Japanese line-breaking rules (禁則): these never start a line …
bool noLineStart(unsigned c) {
    static const char32_t kNoStart[] =
        U"、。，．・：；？！ー～）」』】〕〉》〙〗｝］’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ)]},.:;!?"
        U"%";
    for (char32_t k : kNoStart)
        if (k && c == k) return true;
    return false;
}
// … and these never end one.
bool noLineEnd(unsigned c) {
    static const char32_t kNoEnd[] = U"（「『【〔〈《〘〖｛［‘“([{";
    for (char32_t k : kNoEnd)
        if (k && c == k) return true;
    return false;
}
bool asciiWord(unsigned c) { return c > 0x20 && c < 0x7F; }
bool mayBreakBetween(unsigned a, unsigned b) {
    if (joinsPrevious(b) || a == 0x200D) return false;
    if (a == ' ') return true;
    if (b == ' ') return false;
    if (asciiWord(a) && asciiWord(b)) return false;  // a word, a number, an ID, a path stays whole when it fits
    return !noLineStart(b) && !noLineEnd(a);
}
}  // namespace

std::vector<std::string> wrapLines(const std::string& text, float width,
                                   const std::function<float(unsigned)>& advance) {
    std::vector<std::string> lines;
    std::size_t start = 0, i = 0;
    std::size_t breakAt = std::string::npos;  // the last place the line may break, and the width before it
    float lineW = 0, widthAtBreak = 0;
    unsigned prev = 0;
    while (i < text.size()) {
        const std::size_t at = i;
        const unsigned c = nextCodePoint(text, i);
        if (c == '\n') {
            lines.push_back(text.substr(start, at - start));
            start = i, breakAt = std::string::npos, lineW = 0, prev = 0;
            continue;
        }
        if (at > start && mayBreakBetween(prev, c)) breakAt = at, widthAtBreak = lineW;
        const float w = advance(c);
        if (lineW + w > width && at > start && !joinsPrevious(c)) {
            // Break at the last allowed place; a run with none (a long URL) is cut where it overflows.
            std::size_t cut = breakAt != std::string::npos && breakAt > start ? breakAt : at;
            std::string line = text.substr(start, cut - start);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            lines.push_back(line);
            lineW = cut == at ? 0 : lineW - widthAtBreak;
            start = cut;
            while (start < text.size() && text[start] == ' ' && start < at) {  // no line starts with a space
                ++start;
                lineW -= advance(' ');
            }
            breakAt = std::string::npos;
            if (lineW < 0) lineW = 0;
        }
        lineW += w;
        prev = c;
    }
    lines.push_back(text.substr(start));
    return lines;
}

void labelThenValue(const std::string& label, float column) {
    message(label, "label");
    const float after =
        ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX() + ImGui::GetFontSize();
    ImGui::SameLine(std::max(column, after));
}

bool linkText(const std::string& text) {
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushID(text.c_str());
    const bool clicked = ImGui::InvisibleButton("##link", size);
    ImGui::PopID();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const ImU32 colour = ImGui::GetColorU32(hovered ? ImVec4(0.05f, 0.25f, 0.75f, 1) : ImVec4(0.1f, 0.35f, 0.85f, 1));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(at, colour, text.c_str());
    dl->AddLine(ImVec2(at.x, at.y + size.y), ImVec2(at.x + size.x, at.y + size.y), colour);
    Automation::instance().nameLastItem(text, "link", text);
    return clicked;
}

float dialogMaxWidth() {
    // A dialog never runs off the window: at most 4/5 of its width, and no wider than a comfortable line.
    const float window = ImGui::GetMainViewport()->WorkSize.x;
    return std::min(window * 0.8f, ImGui::GetFontSize() * 36);
}

bool beginDialog(const char* id) {
    ImGui::OpenPopup(id);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(dialogMaxWidth(), vp->WorkSize.y * 0.9f));
    return ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar);
}

void message(const std::string& text, const char* kind, const ImVec4* colour) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    // Wrap at the window's edge, but never narrower than ~30 characters: an auto-sized dialog has no edge yet
    // and would otherwise wrap after every character. A dialog wraps at its maximum width (dialogMaxWidth()).
    float wrapAt = std::max(ImGui::GetContentRegionMax().x, ImGui::GetCursorPosX() + ImGui::GetFontSize() * 30);
    if (ImGui::GetCurrentWindow()->Flags & ImGuiWindowFlags_Popup)
        wrapAt =
            std::max(ImGui::GetWindowContentRegionMin().x + dialogMaxWidth() - ImGui::GetStyle().WindowPadding.x * 2,
                     ImGui::GetCursorPosX() + ImGui::GetFontSize() * 8);
    // Our own line breaking (ImGui's breaks only at spaces, so Japanese was cut anywhere, even inside a pair).
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    std::vector<std::string> lines = wrapLines(text, wrapAt - ImGui::GetCursorPosX(), [&](unsigned c) {
        return font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;  // ImWchar is 32 bits (IMGUI_USE_WCHAR32)
    });
    std::string shown;
    for (std::size_t k = 0; k < lines.size(); ++k) shown += (k ? "\n" : "") + lines[k];
    ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
    if (colour) ImGui::PopStyleColor();
    Automation::instance().noteText(text, kind, pos.x, pos.y, ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y,
                                    lines.size() > 1 ? lines : std::vector<std::string>());
}

void spinner(float radius) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(radius * 2, radius * 2));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float t = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImVec2 c(pos.x + radius, pos.y + radius);
    dl->PathClear();
    for (int i = 0; i <= 24; ++i) {
        float a = t + static_cast<float>(i) / 24.0f * 4.5f;
        dl->PathLineTo(ImVec2(c.x + std::cos(a) * radius * 0.8f, c.y + std::sin(a) * radius * 0.8f));
    }
    dl->PathStroke(ImGui::GetColorU32(ImGuiCol_ButtonActive), 0, radius * 0.3f);
}

bool calendarButton(const char* id, std::string& date, Lang lang) {
    ImGui::PushID(id);
    // The month shown: the field's date when it has one, else today (state kept by ImGui per field).
    ImGuiStorage* st = ImGui::GetStateStorage();
    const ImGuiID kYear = ImGui::GetID("y"), kMonth = ImGui::GetID("m");
    bool picked = false;
    if (ImGui::Button(tr(lang, "カレンダー", "Calendar"))) {
        int y = 0, m = 0, d = 0;
        std::string n = normaliseDate(date.substr(0, 10));
        if (n.empty() || std::sscanf(n.c_str(), "%d/%d/%d", &y, &m, &d) != 3) {
            std::time_t now = std::time(nullptr);
            std::tm tm{};
#ifdef _WIN32
            localtime_s(&tm, &now);
#else
            localtime_r(&now, &tm);
#endif
            y = tm.tm_year + 1900;
            m = tm.tm_mon + 1;
        }
        st->SetInt(kYear, y);
        st->SetInt(kMonth, m);
        ImGui::OpenPopup("calendar");
    }
    if (ImGui::BeginPopup("calendar")) {
        int y = st->GetInt(kYear, 2026), m = st->GetInt(kMonth, 1);
        if (ImGui::ArrowButton("prev", ImGuiDir_Left)) {
            if (--m < 1) {
                m = 12;
                --y;
            }
        }
        ImGui::SameLine();
        ImGui::Text("%04d/%02d", y, m);
        ImGui::SameLine();
        if (ImGui::ArrowButton("next", ImGuiDir_Right)) {
            if (++m > 12) {
                m = 1;
                ++y;
            }
        }
        st->SetInt(kYear, y);
        st->SetInt(kMonth, m);
        static const char* kJa[] = {"日", "月", "火", "水", "木", "金", "土"};
        static const char* kEn[] = {"Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"};
        if (ImGui::BeginTable("days", 7, ImGuiTableFlags_SizingFixedSame)) {
            for (int i = 0; i < 7; ++i) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(lang == Lang::En ? kEn[i] : kJa[i]);
            }
            std::tm first{};
            first.tm_year = y - 1900;
            first.tm_mon = m - 1;
            first.tm_mday = 1;
            first.tm_hour = 12;
            std::mktime(&first);
            int days = 31;
            while (days > 28 && normaliseDate(std::to_string(y * 10000 + m * 100 + days)).empty()) --days;
            for (int i = 0; i < first.tm_wday; ++i) ImGui::TableNextColumn();
            for (int d = 1; d <= days; ++d) {
                ImGui::TableNextColumn();
                char label[16];  // room for any int, so -Wformat-truncation has nothing to say at any -O
                std::snprintf(label, sizeof label, "%d", d);
                if (ImGui::Selectable(label)) {
                    char buf[40];
                    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", y, m, d);
                    date = date.size() > 10 ? buf + date.substr(10) : std::string(buf);
                    picked = true;
                    ImGui::CloseCurrentPopup();
                }
            }
            ImGui::EndTable();
        }
        ImGui::EndPopup();
    }
    ImGui::PopID();
    return picked;
}

}  // namespace oqs::ui
