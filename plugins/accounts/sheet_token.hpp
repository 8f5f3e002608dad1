// sheet_token.hpp — how the PDF gets the initial password without it being stored in clear.
//
// The register and reset answers carry a one-time token (32 random bytes, hex) in the follow-up download's URL.
// The plugin keeps only BLAKE2b(token) as the row's key and the password sealed with the token itself as the
// XSalsa20-Poly1305 key: the database alone cannot open it, the token alone finds nothing once used, and the
// host's access log records paths without query strings. A token works once, for the account that received
// it, for kSheetTokenTtlMs; after that the only way to a new sheet is a password reset (ACC-REG-02).
#pragma once

#include <oqs/plugin.hpp>

#include <cstdint>
#include <string>

namespace oqs::accounts {

inline constexpr int64_t kSheetTokenTtlMs = 10 * 60 * 1000;

struct SheetSecret {
    std::string initialPassword, initialExpiresAt;  // expiry as the host wrote it (ISO UTC)
};

// Seals the secret for one download of userId's sheet by the calling account; answers the token.
oqs::Result<std::string> issueSheetToken(oqs::Ctx& ctx, const std::string& userId, const SheetSecret& secret);
// Opens and deletes it; accounts.sheet.expired (404) when unknown, used, expired or another caller's.
oqs::Result<SheetSecret> redeemSheetToken(oqs::Ctx& ctx, const std::string& userId, const std::string& token);

}  // namespace oqs::accounts
