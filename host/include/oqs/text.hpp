// oqs/text.hpp — UTF-8 text as the rules count it: characters (not bytes), full-width and half-width classes,
// and CP932 (Shift_JIS as Windows writes it) for files exchanged with institutions' systems.
//
// Index: chars · validUtf8 · codepoints · isFullWidth / isHalfWidthAlnum · fromCp932 / toCp932
#pragma once

#include <cerrno>
#include <cstdint>
#include <iconv.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oqs::text {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
inline bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < n; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n;
    }
    return true;
}

// The code points of valid UTF-8 (call validUtf8 first; invalid bytes come out as U+FFFD).
inline std::vector<uint32_t> codepoints(std::string_view s) {
    std::vector<uint32_t> out;
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        if (i + n > s.size()) {
            out.push_back(0xFFFD);
            break;
        }
        uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(n == 1 && c >= 0x80 ? 0xFFFD : cp);
        i += n;
    }
    return out;
}

// Characters, not bytes: the unit of every length rule in SPEC.md ("20文字以内").
inline size_t chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// Half-width letters and digits only ([0-9A-Za-z]).
inline bool isHalfWidthAlnum(std::string_view s) {
    for (unsigned char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    return true;
}

// Full-width (zenkaku) in the JIS X 0208 sense: not ASCII and not half-width katakana (U+FF61–FF9F).
inline bool isFullWidth(uint32_t cp) {
    return cp >= 0x80 && !(cp >= 0xFF61 && cp <= 0xFF9F) && !(cp >= 0xD800 && cp <= 0xDFFF);
}

namespace detail {
inline std::optional<std::string> convert(std::string_view in, const char* to, const char* from) {
    iconv_t cd = iconv_open(to, from);
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(in.size() * 2 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    size_t srcLeft = in.size();
    char* dst = out.data();
    size_t dstLeft = out.size();
    bool ok = true;
    while (srcLeft > 0) {
        if (iconv(cd, &src, &srcLeft, &dst, &dstLeft) != static_cast<size_t>(-1)) continue;
        if (errno == E2BIG) {
            size_t used = static_cast<size_t>(dst - out.data());
            out.resize(out.size() * 2);
            dst = out.data() + used;
            dstLeft = out.size() - used;
            continue;
        }
        ok = false;  // EILSEQ / EINVAL: not text in that encoding
        break;
    }
    iconv_close(cd);
    if (!ok) return std::nullopt;
    out.resize(static_cast<size_t>(dst - out.data()));
    return out;
}
}  // namespace detail

// CP932 bytes to UTF-8; nullopt when the bytes are not CP932 text.
inline std::optional<std::string> fromCp932(std::string_view bytes) { return detail::convert(bytes, "UTF-8", "CP932"); }
// UTF-8 to CP932; nullopt when a character has no CP932 form.
inline std::optional<std::string> toCp932(std::string_view utf8) { return detail::convert(utf8, "CP932", "UTF-8"); }

}  // namespace oqs::text
