// A service's URL state and the three operations on it (SPEC.md §6.5–6.8, OQ-45–47).
//
// One row per institution and service holds three tokens: the first (kept for ever, OQ-49), the current one (the
// only one the patients' page accepts, URL-R2) and one "previous" slot. Tokens are never regenerated on a revert:
// the earlier token comes back to life (OQ-45), so a QR code printed before works again.
#include "mynaurl.hpp"

#include <sodium.h>

namespace mynaurl {

namespace {

constexpr size_t kTokenBytes = 24;  // 192 bits (OQ-45 asks ≥ 128)
constexpr size_t kTokenChars = 32;  // base64url of 24 bytes, no padding

constexpr const char* kMigration1 = R"sql(
CREATE TABLE mynaurl_urls(
  institution TEXT NOT NULL,
  service TEXT NOT NULL,
  first_token TEXT NOT NULL,
  current_token TEXT NOT NULL,
  previous_token TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY(institution, service));
CREATE UNIQUE INDEX mynaurl_urls_current ON mynaurl_urls(current_token);
)sql";

const char* auditAction(Operation op) {
    switch (op) {
        case Operation::Change:
            return "mynaurl.url.change";
        case Operation::RevertPrevious:
            return "mynaurl.url.revert_previous";
        case Operation::RevertFirst:
            return "mynaurl.url.revert_first";
    }
    return "mynaurl.url.unknown";
}

oqs::Json fingerprintOrNull(const std::optional<std::string>& t) {
    return t ? oqs::Json(fingerprint(*t)) : oqs::Json();
}

oqs::Result<std::optional<UrlState>> loadState(const oqs::Ctx& ctx, const Service& s) {
    auto row = ctx.db().queryOne(
        "SELECT first_token, current_token, previous_token FROM mynaurl_urls WHERE institution = ? AND service = ?",
        ctx.institutionCode(), s.id);
    if (!row) return row.error();
    if (row->is_null()) return std::optional<UrlState>();
    UrlState st{(*row)["first_token"].get<std::string>(), (*row)["current_token"].get<std::string>(), std::nullopt};
    if ((*row)["previous_token"].is_string()) st.previous = (*row)["previous_token"].get<std::string>();
    return std::optional<UrlState>(std::move(st));
}

}  // namespace

void registerMigrations(oqs::Plugin& p) { p.migration(1, kMigration1); }

std::optional<UrlState> apply(const UrlState& s, Operation op, const std::string& freshToken) {
    UrlState next = s;
    switch (op) {
        case Operation::Change:  // OQ-46: the URL current before becomes "previous"
            if (freshToken.empty() || freshToken == s.current) return std::nullopt;
            next.previous = s.current;
            next.current = freshToken;
            return next;
        case Operation::RevertPrevious:  // OQ-46: a swap, so pressing it twice comes back
            if (!s.canRevertPrevious()) return std::nullopt;
            next.current = *s.previous;
            next.previous = s.current;
            return next;
        case Operation::RevertFirst:  // OQ-47: nothing to do when the first is current; "previous" is the one left
            if (!s.canRevertFirst()) return std::nullopt;
            next.previous = s.current;
            next.current = s.first;
            return next;
    }
    return std::nullopt;
}

oqs::Result<std::string> newToken() {
    if (sodium_init() < 0) return oqs::Error{500, "mynaurl.crypto", "libsodium failed to start", {}};
    unsigned char bytes[kTokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    char out[kTokenChars + 1];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(out);
}

bool wellFormedToken(const std::string& t) {
    if (t.size() != kTokenChars) return false;
    for (unsigned char c : t)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

std::string fingerprint(const std::string& token) {
    unsigned char h[crypto_generichash_BYTES_MIN];  // 16 bytes; the first 8 are shown
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    char hex[2 * 8 + 1];
    sodium_bin2hex(hex, sizeof hex, h, 8);
    return hex;
}

std::string urlFor(const oqs::Ctx& ctx, const std::string& token) {
    std::string base = ctx.publicUrl();
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/p/mynaurl/" + token;
}

oqs::Result<UrlState> ensureState(oqs::Ctx& ctx, const Service& s) {
    auto existing = loadState(ctx, s);
    if (!existing) return existing.error();
    if (*existing) return **existing;

    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto token = newToken();
    if (!token) return token.error();
    // Two first views at once: the second insert does nothing and both read the one row that won.
    auto made = ctx.db().query(
        "INSERT INTO mynaurl_urls(institution, service, first_token, current_token, previous_token, created_at, "
        "updated_at) VALUES(?, ?, ?, ?, NULL, ?, ?) ON CONFLICT(institution, service) DO NOTHING RETURNING service",
        ctx.institutionCode(), s.id, *token, *token, ctx.nowMs(), ctx.nowMs());
    if (!made) return made.error();
    if (!made->empty())
        if (auto a = ctx.audit("mynaurl.url.create", {{"service", s.id}, {"after", fingerprint(*token)}}); !a)
            return a.error();
    auto after = loadState(ctx, s);
    if (!after) return after.error();
    if (!*after) return oqs::Error{500, "mynaurl.storage", "the URL state could not be stored", {}};
    if (auto c = tx.commit(); !c) return c.error();
    return **after;
}

oqs::Result<UrlState> runOperation(oqs::Ctx& ctx, const Service& s, Operation op) {
    auto tx = ctx.db().transaction();
    if (!tx.ok()) return tx.error();
    auto before = ensureState(ctx, s);
    if (!before) return before.error();
    std::string fresh;
    if (op == Operation::Change) {
        auto t = newToken();
        if (!t) return t.error();
        fresh = *t;
    }
    auto next = apply(*before, op, fresh);
    if (!next)
        return oqs::conflict("mynaurl.nothing_to_do", op == Operation::RevertPrevious
                                                          ? "変更前のURLがないため、戻すことはできません。"
                                                          : "現在のURLは最初のURLです。");
    // The WHERE on the current token refuses a change made meanwhile by another administrator.
    auto changed = ctx.db().exec(
        "UPDATE mynaurl_urls SET current_token = ?, previous_token = ?, updated_at = ? "
        "WHERE institution = ? AND service = ? AND current_token = ?",
        next->current, next->previous, ctx.nowMs(), ctx.institutionCode(), s.id, before->current);
    if (!changed) return changed.error();
    if (*changed != 1)
        return oqs::conflict("mynaurl.changed_meanwhile", "URLが他の操作で変更されました。画面を開き直してください。");
    // Fingerprints, never tokens: the audit log is read by more people than may open the URL.
    if (auto a = ctx.audit(auditAction(op), {{"service", s.id},
                                             {"before", fingerprint(before->current)},
                                             {"after", fingerprint(next->current)},
                                             {"previous_after", fingerprintOrNull(next->previous)}});
        !a)
        return a.error();
    if (auto c = tx.commit(); !c) return c.error();
    return *next;
}

}  // namespace mynaurl
