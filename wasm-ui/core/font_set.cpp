#include "font_set.hpp"

#include "frontend.hpp"

#include <algorithm>
#include <cstring>

namespace oqs::ui {

namespace {
// Decodes one UTF-8 sequence at s[i]; advances i. Malformed bytes give U+FFFD.
std::uint32_t nextCodePoint(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i++]);
    if (b < 0x80) return b;
    int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : -1;
    if (extra < 0 || i + static_cast<std::size_t>(extra) > s.size()) return 0xFFFD;
    std::uint32_t c = b & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    return c;
}
}  // namespace

void FontSet::setBase(std::string bytes, float pixels) {
    m_base = std::move(bytes);
    m_pixels = pixels;
    m_dirty = true;
}

void FontSet::addSupplement(std::string bytes, const std::vector<std::uint32_t>& codePoints) {
    Supplement s;
    s.bytes = std::move(bytes);
    for (std::uint32_t c : codePoints) {
        if (c > IM_UNICODE_CODEPOINT_MAX) continue;
        s.ranges.push_back(static_cast<ImWchar>(c));
        s.ranges.push_back(static_cast<ImWchar>(c));
    }
    if (s.ranges.empty()) return;
    s.ranges.push_back(0);
    m_supplements.push_back(std::move(s));
    m_dirty = true;
}

void FontSet::setScale(float scale) {
    if (scale <= 0 || scale == m_scale) return;
    m_scale = scale;
    m_dirty = true;
}

bool FontSet::hasGlyph(std::uint32_t c) const {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    if (!m_built || atlas->Fonts.empty()) return false;
    return c <= IM_UNICODE_CODEPOINT_MAX && atlas->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr;
}

std::size_t FontSet::missingCount() const {
    std::size_t n = 0;
    for (std::uint32_t c : m_asked) n += hasGlyph(c) ? 0 : 1;
    return n;
}

void FontSet::noteCodePoint(std::uint32_t c) {
    // ASCII and controls are always there; a code point is asked for once.
    if (c < 0x3000 || m_asked.count(c)) return;
    if (!m_built) {
        m_pending.push_back(c);
        return;
    }
    if (hasGlyph(c)) return;
    m_asked.insert(c);
    if (onMissing) onMissing({c});
}

void FontSet::noteText(std::string_view utf8) {
    std::vector<std::uint32_t> missing;
    for (std::size_t i = 0; i < utf8.size();) {
        std::uint32_t c = nextCodePoint(utf8, i);
        if (c < 0x3000 || m_asked.count(c)) continue;
        if (!m_built) {
            m_pending.push_back(c);
            continue;
        }
        if (hasGlyph(c)) continue;
        m_asked.insert(c);
        missing.push_back(c);
    }
    if (!missing.empty() && onMissing) onMissing(missing);
}

bool FontSet::build() {
    ImFontAtlas* atlas = ImGui::GetIO().Fonts;
    atlas->Clear();
    bool ok = false;
    if (!m_base.empty()) {
        ImFontConfig cfg;
        // One sample per pixel halves the build time of ~3,000 glyphs; at scale 2 the glyphs are drawn at twice
        // the size instead, which is what makes them sharp.
        cfg.OversampleH = cfg.OversampleV = 1;
        cfg.PixelSnapH = true;
        cfg.FontDataOwnedByAtlas = false;  // the bytes stay here, for the next rebuild
        ok = atlas->AddFontFromMemoryTTF(m_base.data(), static_cast<int>(m_base.size()), m_pixels * m_scale, &cfg,
                                         glyphRanges()) != nullptr;
        for (auto& s : m_supplements) {
            ImFontConfig merge = cfg;
            merge.MergeMode = true;
            std::string& bytes = s.bytes.empty() ? m_base : s.bytes;
            atlas->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), m_pixels * m_scale, &merge,
                                        s.ranges.data());
        }
    }
    if (!ok) {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * m_scale;
        atlas->AddFontDefault(&cfg);
    }
    atlas->Build();
    ImGui::GetIO().FontGlobalScale = 1.0f / m_scale;
    m_dirty = false;
    const bool first = !m_built;
    m_built = true;
    if (first && !m_pending.empty()) {
        std::vector<std::uint32_t> pending;
        pending.swap(m_pending);
        std::sort(pending.begin(), pending.end());
        pending.erase(std::unique(pending.begin(), pending.end()), pending.end());
        std::vector<std::uint32_t> missing;
        for (std::uint32_t c : pending)
            if (!hasGlyph(c) && m_asked.insert(c).second) missing.push_back(c);
        if (!missing.empty() && onMissing) onMissing(missing);
    }
    return ok;
}

void GlyphWatchingHttp::send(const HttpRequest& req, HttpCallback done) {
    // The token and language live in the base class of each client; the inner one sends them.
    m_inner.setCsrfToken(m_csrf);
    m_inner.setLanguage(m_lang);
    m_inner.send(req, [this, done = std::move(done)](HttpResponse res) {
        if (res.contentType.find("json") != std::string::npos || res.contentType.find("text") != std::string::npos)
            m_fonts.noteText(res.body);
        done(std::move(res));
    });
}

}  // namespace oqs::ui
