#include "sheet_token.hpp"

#include "messages.hpp"

#include <sodium.h>

#include <array>
#include <vector>

namespace oqs::accounts {

namespace {

using Key = std::array<unsigned char, crypto_secretbox_KEYBYTES>;

std::string toHex(const unsigned char* p, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), p, n);
    out.pop_back();
    return out;
}
std::optional<std::vector<unsigned char>> fromHex(const std::string& hex) {
    if (hex.empty()) return std::nullopt;  // a link without its token
    std::vector<unsigned char> out(hex.size() / 2);
    size_t len = 0;
    if (hex.size() % 2 != 0 ||
        sodium_hex2bin(out.data(), out.size(), hex.c_str(), hex.size(), nullptr, &len, nullptr) != 0 ||
        len != out.size())
        return std::nullopt;
    return out;
}
std::string rowId(const Key& token) {
    std::array<unsigned char, 32> h{};
    crypto_generichash(h.data(), h.size(), token.data(), token.size(), nullptr, 0);
    return toHex(h.data(), h.size());
}
oqs::Error expired(oqs::Ctx&) {
    return oqs::notFound("accounts.sheet.expired", message("accounts.sheet.expired", "ja"));
}

}  // namespace

oqs::Result<std::string> issueSheetToken(oqs::Ctx& ctx, const std::string& userId, const SheetSecret& secret) {
    if (sodium_init() < 0) return oqs::Error{500, "accounts.crypto", "libsodium failed to start", {}};
    auto now = ctx.nowMs();
    // Expired tokens of this institution go first, so the table never holds more than a few minutes' worth.
    if (auto r = ctx.db().exec("DELETE FROM accounts_sheet_tokens WHERE institution = ? AND expires_ms <= ?",
                               ctx.institutionCode(), now);
        !r)
        return r.error();
    Key token{};
    randombytes_buf(token.data(), token.size());
    std::string plain = Json{{"p", secret.initialPassword}, {"e", secret.initialExpiresAt}}.dump();
    std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size());
    randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), box.data(), token.data());
    sodium_memzero(plain.data(), plain.size());
    auto r = ctx.db().exec(
        "INSERT INTO accounts_sheet_tokens(id, institution, issuer, user_id, sealed, expires_ms) "
        "VALUES(?,?,?,?,?,?)",
        rowId(token), ctx.institutionCode(), ctx.userId(), userId, toHex(box.data(), box.size()),
        now + kSheetTokenTtlMs);
    if (!r) return r.error();
    return toHex(token.data(), token.size());
}

oqs::Result<SheetSecret> redeemSheetToken(oqs::Ctx& ctx, const std::string& userId, const std::string& tokenHex) {
    if (sodium_init() < 0) return oqs::Error{500, "accounts.crypto", "libsodium failed to start", {}};
    auto raw = fromHex(tokenHex);
    if (!raw || raw->size() != crypto_secretbox_KEYBYTES) return expired(ctx);
    Key token{};
    std::copy(raw->begin(), raw->end(), token.begin());
    std::string id = rowId(token);
    auto row = ctx.db().queryOne(
        "SELECT issuer, user_id, sealed, expires_ms FROM accounts_sheet_tokens "
        "WHERE id = ? AND institution = ?",
        id, ctx.institutionCode());
    if (!row) return row.error();
    if (row->is_null() || (*row)["issuer"] != ctx.userId() || (*row)["user_id"] != userId) return expired(ctx);
    // One use: the row goes whatever happens next.
    if (auto d = ctx.db().exec("DELETE FROM accounts_sheet_tokens WHERE id = ?", id); !d) return d.error();
    if ((*row)["expires_ms"].get<int64_t>() <= ctx.nowMs()) return expired(ctx);
    auto box = fromHex((*row)["sealed"].get<std::string>());
    if (!box || box->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return expired(ctx);
    std::string plain(box->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                   box->data() + crypto_secretbox_NONCEBYTES, box->size() - crypto_secretbox_NONCEBYTES,
                                   box->data(), token.data()) != 0)
        return expired(ctx);
    auto j = Json::parse(plain, nullptr, false);
    sodium_memzero(plain.data(), plain.size());
    if (!j.is_object()) return expired(ctx);
    return SheetSecret{j.value("p", ""), j.value("e", "")};
}

}  // namespace oqs::accounts
