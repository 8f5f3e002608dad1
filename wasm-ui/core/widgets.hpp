// widgets.hpp — small ImGui helpers the screens share: std::string inputs, a spinner, a calendar, coloured
// messages that the automation hook also reports.
#pragma once

#include "json_util.hpp"
#include "platform.hpp"

#include <imgui.h>
#include <functional>
#include <string>
#include <vector>

namespace oqs::ui {

inline const ImVec4 kErrorColour{0.86f, 0.16f, 0.16f, 1.0f};
inline const ImVec4 kCautionColour{0.85f, 0.45f, 0.0f, 1.0f};
inline const ImVec4 kNoteColour{0.45f, 0.45f, 0.45f, 1.0f};

// What a field accepts beyond ImGui's flags.
enum class Charset {
    Any,
    HalfWidth,  // IDs and codes: full-width letters, digits and symbols are turned into half-width ones
    Digits,     // 機関コード, numbers: as HalfWidth, then only 0-9 (and . + - for numbers with `decimal`)
};
struct InputOptions {
    Charset charset = Charset::Any;
    bool decimal = false;     // Digits: also . + -
    bool* refused = nullptr;  // set when a typed character was refused, so the caller can say why
};

// InputText on a std::string (grows as needed). multiline: a textarea. Every field gets a right-click menu
// (切り取り, コピー, 貼り付け, すべて選択).
bool inputString(const char* id, std::string& s, ImGuiInputTextFlags flags = 0, bool multiline = false,
                 InputOptions options = {});
// True right after an inputString() that the user left with Enter (single-line fields): the form is submitted.
bool fieldSubmitted();
// The menu's services: the clipboard (through the platform) and the language of its labels. App sets them.
void setEditMenuContext(Platform* platform, const Lang* lang);
// The browser refused text for the focused field (kana composed into a password): the field's `refused` is set.
void notifyInputRefused();
// Scrolls the current window as a web page scrolls: PageUp/PageDown, Home/End, arrows, when no field is being
// edited and no dialog is open.
void keyboardScroll();
// Inside a dialog: Enter means OK, Escape means キャンセル (as a browser's dialog).
bool dialogEnter();
bool dialogEscape();
// Full-width ASCII (U+FF01–FF5E) and the ideographic space to half-width; the rest unchanged.
std::string toHalfWidth(const std::string& s);
// Wrapped text, optionally coloured, reported to the automation hook with its kind. Lines break as Japanese text
// does (wrapLines), within the window, or within a dialog's maximum width.
void message(const std::string& text, const char* kind, const ImVec4* colour = nullptr);
// Splits text into lines no wider than `width` (advance: a code point's width). A line may break between any two
// characters except inside a run of ASCII (a word, a number, an ID), before a combining mark or variation selector
// (a character pair stays whole), before closing marks (、。」ー small kana …) or after opening ones (「（ …); a
// run with no allowed break (a long URL) is cut where it overflows. "\n" always breaks.
std::vector<std::string> wrapLines(const std::string& text, float width, const std::function<float(unsigned)>& advance);
// How long 「コピーしました。」 stays beside a 《コピー》 button.
inline constexpr double kCopiedSeconds = 3.0;
// A label, then the cursor on the same line at `column`, or after the label when it is wider (with a gap).
void labelThenValue(const std::string& label, float column);
// An underlined link in the link colour; true when clicked. Published to the test hook with key "link".
bool linkText(const std::string& text);
// A modal dialog, centred, never wider than dialogMaxWidth(): 4/5 of the window, at most 36 characters' width.
bool beginDialog(const char* id);
float dialogMaxWidth();
// Where the text field being edited this frame is (screen pixels) and whether it is a password; false when none
// is. The web front end places its IME input there.
struct ActiveField {
    ImVec2 min, max;
    bool secret = false;
};
bool activeTextField(ActiveField& out);
// A turning arc, drawn while a call is in flight.
void spinner(float radius);
// A calendar button that opens a month view; writes "yyyy/mm/dd" into `date` when a day is picked.
bool calendarButton(const char* id, std::string& date, Lang lang);

}  // namespace oqs::ui
