// widgets.hpp — small ImGui helpers the screens share: std::string inputs, a spinner, a calendar, coloured
// messages that the automation hook also reports.
#pragma once

#include "json_util.hpp"

#include <imgui.h>
#include <string>

namespace oqs::ui {

inline const ImVec4 kErrorColour{0.86f, 0.16f, 0.16f, 1.0f};
inline const ImVec4 kCautionColour{0.85f, 0.45f, 0.0f, 1.0f};
inline const ImVec4 kNoteColour{0.45f, 0.45f, 0.45f, 1.0f};

// InputText on a std::string (grows as needed). multiline: a textarea.
bool inputString(const char* id, std::string& s, ImGuiInputTextFlags flags = 0, bool multiline = false);
// Wrapped text, optionally coloured, reported to the automation hook with its kind.
void message(const std::string& text, const char* kind, const ImVec4* colour = nullptr);
// Where the text field being edited this frame is (screen pixels); false when none is. The web front end places
// its IME input there.
bool activeTextField(ImVec2& min, ImVec2& max);
// A turning arc, drawn while a call is in flight.
void spinner(float radius);
// A calendar button that opens a month view; writes "yyyy/mm/dd" into `date` when a day is picked.
bool calendarButton(const char* id, std::string& date, Lang lang);

}  // namespace oqs::ui
