// oqs/secrets.hpp — keeping a secret in a plugin's table without keeping it readable there.
//
//   auto sealed = oqs::seal(ctx, resultFile);        // "oqs-seal1.…": store this text
//   auto plain = oqs::unseal(ctx, sealed);          // the bytes again (secret.invalid when altered)
//
// The host seals with XSalsa20-Poly1305 under a key derived from its key file (outside the database) and the
// plugin's id: a copy of the database alone reveals nothing, and one plugin cannot open another's secrets. Bytes
// cross the boundary as base64 (operations "secret.seal" and "secret.open", oqs/services.hpp).
#pragma once

#include "oqs/ctx.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace oqs {

namespace detail {
inline std::string base64(std::string_view bytes) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned v = unsigned(uint8_t(bytes[i])) << 16 | unsigned(uint8_t(bytes[i + 1])) << 8 | uint8_t(bytes[i + 2]);
        out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
    }
    if (size_t rest = bytes.size() - i; rest > 0) {
        unsigned v = unsigned(uint8_t(bytes[i])) << 16 | (rest == 2 ? unsigned(uint8_t(bytes[i + 1])) << 8 : 0u);
        out += {k[v >> 18], k[(v >> 12) & 63], rest == 2 ? k[(v >> 6) & 63] : '=', '='};
    }
    return out;
}
inline std::optional<std::string> unbase64(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    };
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        for (size_t j = 0; j < 4; ++j) {
            const bool padding = text[i + j] == '=' && i + 4 == text.size() && j >= 2;
            v[j] = padding ? 0 : value(text[i + j]);
        }
        if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0) return std::nullopt;
        unsigned n = unsigned(v[0]) << 18 | unsigned(v[1]) << 12 | unsigned(v[2]) << 6 | unsigned(v[3]);
        out += char(n >> 16);
        if (text[i + 2] != '=') out += char((n >> 8) & 255);
        if (text[i + 3] != '=') out += char(n & 255);
    }
    return out;
}
}  // namespace detail

inline constexpr std::string_view kSealedPrefix = "oqs-seal1.";

// True for text produced by seal() (anything else stored before sealing existed is plain).
inline bool isSealed(std::string_view text) { return text.substr(0, kSealedPrefix.size()) == kSealedPrefix; }

inline Result<std::string> seal(const Ctx& ctx, std::string_view bytes) {
    auto r = ctx.call("secret.seal", {{"data", detail::base64(bytes)}});
    if (!r) return r.error();
    if (!r->contains("sealed") || !(*r)["sealed"].is_string())
        return Error{500, "host.call", "secret.seal answered no text", {}};
    return (*r)["sealed"].get<std::string>();
}

inline Result<std::string> unseal(const Ctx& ctx, const std::string& sealed) {
    auto r = ctx.call("secret.open", {{"sealed", sealed}});
    if (!r) return r.error();
    auto bytes = r->contains("data") && (*r)["data"].is_string() ? detail::unbase64((*r)["data"].get<std::string>())
                                                                 : std::nullopt;
    if (!bytes) return Error{500, "host.call", "secret.open answered no data", {}};
    return std::move(*bytes);
}

}  // namespace oqs
