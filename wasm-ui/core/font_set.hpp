// font_set.hpp — the font atlas as a set of sources, rebuilt when the display scale changes or when text needs a
// glyph the atlas lacks. The first screen is drawn from a base font cut to the glyphs the client itself shows
// (kana, ImGui's 2,999 common kanji, symbols); a name such as 髙橋 or 山﨑 needs a glyph outside it, so every text
// the host sends and every typed character is checked, and the missing code points are asked for (the browser
// fetches the font chunk holding them, natively the full system font supplies them) and merged into the atlas.
#pragma once

#include "http.hpp"

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oqs::ui {

class FontSet {
  public:
    // The base font (file bytes, kept) drawn at `pixels` logical pixels with the ranges of glyphRanges().
    void setBase(std::string bytes, float pixels);
    // Glyphs for `codePoints` taken from another font (a chunk of the full font); empty bytes: from the base font
    // itself, beyond its first-screen ranges (natively the base is the full system font).
    void addSupplement(std::string bytes, const std::vector<std::uint32_t>& codePoints);
    // Device pixels per logical pixel; the atlas is rasterised at pixels × scale.
    void setScale(float scale);
    float scale() const { return m_scale; }
    // Checks text about to be shown: code points neither in the atlas nor already asked for go to onMissing.
    void noteText(std::string_view utf8);
    void noteCodePoint(std::uint32_t c);
    std::function<void(const std::vector<std::uint32_t>&)> onMissing;
    // True when the atlas must be rebuilt (scale changed, glyphs added) before the next frame.
    bool dirty() const { return m_dirty; }
    // Clears and rebuilds io.Fonts; the caller re-uploads the texture. False when no font could be added (the
    // atlas then holds ImGui's default Latin font).
    bool build();
    bool hasGlyph(std::uint32_t c) const;
    // Code points asked for so far, and how many of them the atlas still lacks (the test hook publishes both).
    std::size_t askedCount() const { return m_asked.size(); }
    std::size_t missingCount() const;

  private:
    struct Supplement {
        std::string bytes;
        std::vector<ImWchar> ranges;  // pairs, 0-terminated
    };
    std::string m_base;
    float m_pixels = 18;
    float m_scale = 1;
    std::vector<Supplement> m_supplements;
    std::set<std::uint32_t> m_asked;
    std::vector<std::uint32_t> m_pending;  // missing code points seen before the first build
    bool m_dirty = true;
    bool m_built = false;
};

// Passes every answer's body through FontSet::noteText before the client sees it, so glyphs for the names in it
// are on their way before the screen shows them.
class GlyphWatchingHttp : public HttpClient {
  public:
    GlyphWatchingHttp(HttpClient& inner, FontSet& fonts) : m_inner(inner), m_fonts(fonts) {}
    void send(const HttpRequest& req, HttpCallback done) override;
    void poll() override { m_inner.poll(); }

  private:
    HttpClient& m_inner;
    FontSet& m_fonts;
};

}  // namespace oqs::ui
