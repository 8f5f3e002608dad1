// Prints the code points of the client's glyph ranges (frontend.cpp), one U+XXXX per line, so that
// scripts/build-web.sh cuts the font to exactly the glyphs the atlas will hold.
#include "frontend.hpp"

#include <cstdio>

int main() {
    ImGui::CreateContext();
    for (const ImWchar* r = oqs::ui::glyphRanges(); r[0] && r[1]; r += 2)
        std::printf("U+%04X-%04X\n", static_cast<unsigned>(r[0]), static_cast<unsigned>(r[1]));
    ImGui::DestroyContext();
    return 0;
}
