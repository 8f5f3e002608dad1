#include "widgets.hpp"

#include "automation.hpp"
#include "checks.hpp"
#include "i18n.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

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
ImVec2 g_activeMin, g_activeMax;
int g_activeFrame = -1;
}  // namespace

bool inputString(const char* id, std::string& s, ImGuiInputTextFlags flags, bool multiline) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    bool changed = multiline ? ImGui::InputTextMultiline(id, s.data(), s.capacity() + 1,
                                                         ImVec2(-1, ImGui::GetTextLineHeight() * 5), flags, growString, &s)
                             : ImGui::InputText(id, s.data(), s.capacity() + 1, flags, growString, &s);
    if (ImGui::IsItemActive()) {
        g_activeMin = ImGui::GetItemRectMin();
        g_activeMax = ImGui::GetItemRectMax();
        g_activeFrame = ImGui::GetFrameCount();
    }
    return changed;
}

bool activeTextField(ImVec2& min, ImVec2& max) {
    if (g_activeFrame != ImGui::GetFrameCount()) return false;
    min = g_activeMin;
    max = g_activeMax;
    return true;
}

void message(const std::string& text, const char* kind, const ImVec4* colour) {
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    // Wrap at the window's edge, but never narrower than ~30 characters: an auto-sized dialog has no edge yet
    // and would otherwise wrap after every character.
    const float wrapAt = std::max(ImGui::GetContentRegionMax().x, ImGui::GetCursorPosX() + ImGui::GetFontSize() * 30);
    ImGui::PushTextWrapPos(wrapAt);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    if (colour) ImGui::PopStyleColor();
    Automation::instance().noteText(text, kind, pos.x, pos.y);
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
        if (ImGui::ArrowButton("prev", ImGuiDir_Left)) { if (--m < 1) { m = 12; --y; } }
        ImGui::SameLine();
        ImGui::Text("%04d/%02d", y, m);
        ImGui::SameLine();
        if (ImGui::ArrowButton("next", ImGuiDir_Right)) { if (++m > 12) { m = 1; ++y; } }
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
                char label[8];
                std::snprintf(label, sizeof label, "%d", d);
                if (ImGui::Selectable(label)) {
                    char buf[16];
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
