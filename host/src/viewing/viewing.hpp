// viewing.hpp — the medical-information viewing-event log (SPEC.md §1.12): one append-only row per viewing of a
// patient's medical information, chained with a keyed hash like the audit log. Written by the viewing terminals'
// credential route and by plugins (host operation "viewing.append"); read page-wise by the history plugin
// ("viewing.count", "viewing.page", "viewing.histogram"), always for one institution.
#pragma once

#include "identity/crypto.hpp"
#include "storage/sql.hpp"

#include <nlohmann/json.hpp>
#include <oqs/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oqs::host {

using Json = nlohmann::json;

struct ViewingEvent {
    int64_t atMs = 0;                                 // when the information was viewed (UTC ms)
    std::string institution;                          // institution code
    std::string userId, userName;                     // the viewing account, its name at the time
    std::string category;                             // dotted key, e.g. "medical.drug"
    std::string patientName, patientKana, birthDate;  // birthDate "yyyy-mm-dd"
    std::string insurerNumber, cardSymbol, cardNumber, cardBranch;
};

// The four categories of the national viewing system (SPEC.md §5.2, in the manual's order). Plugins contribute
// labels for them (and may add others) through the extension point "history.categories".
extern const std::vector<std::string> kViewingBaseCategories;

// Reads one event of a request body: {"at": RFC 3339 | "at_ms": int, "user_id", "category", "patient":{"name",
// "kana","birth_date"}, "insurer_number", "card_symbol", "card_number", "card_branch"}. The institution, the
// user's name and the check that the user exists are the caller's job. Errors name the field ("events[3].at").
oqs::Result<ViewingEvent> viewingEventFromJson(const Json& j, const std::string& where, int64_t nowMs);

Json viewingEventJson(int64_t id, const ViewingEvent& e);

struct ViewingQuery {
    std::string institution;
    int64_t fromMs = 0, toMs = 0;         // inclusive
    std::optional<std::string> category;  // none: every category
};

class ViewingLog {
  public:
    explicit ViewingLog(const Crypto& crypto) : m_key(crypto.deriveKey("viewlog1")) {}
    // Appends in the connection's transaction (opens one when none is open); all or nothing.
    void append(Connection& c, const std::vector<ViewingEvent>& events, int64_t recordedMs, const std::string& source);
    int64_t count(Connection& c, const ViewingQuery& q);
    // Rows ordered by (at_ms, id), after the keyset position (afterAtMs, afterId); at most `limit`.
    std::vector<std::pair<int64_t, ViewingEvent>> page(Connection& c, const ViewingQuery& q, int64_t afterAtMs,
                                                       int64_t afterId, int limit);
    // The same rows as a statement to step through (columns: id, at_ms, institution, user_id, user_name, category,
    // patient_name, patient_kana, birth_date, insurer_number, card_symbol, card_number, card_branch), not cached:
    // a plugin reads it through oqs_host_api::call_rows without any row being copied.
    Statement pageStatement(Connection& c, const ViewingQuery& q, int64_t afterAtMs, int64_t afterId, int limit);
    // Counts per Japan-time day (bucketMs = 86,400,000) or hour (3,600,000): [{"start_ms", "count"}], empty buckets
    // included, so a chart needs no arithmetic.
    Json histogram(Connection& c, const ViewingQuery& q, int64_t bucketMs);

    struct Verdict {
        bool ok = true;
        int64_t rows = 0;
        std::optional<int64_t> brokenId;
        std::string reason;
    };
    Verdict verify(Connection& c) const;

  private:
    std::string rowHash(int64_t id, const ViewingEvent& e, int64_t recordedMs, const std::string& source,
                        const std::string& prev) const;
    std::string m_key;  // the chain's HMAC key, derived from the server key
};

}  // namespace oqs::host
