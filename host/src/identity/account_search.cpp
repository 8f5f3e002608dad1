// The account search's SQL. Without a partial name it reads `accounts` through its indexes (totals from the live
// counters when only kinds are asked, schema step 5). With one, it starts from the rarest piece of the needle in
// accounts_name_grams (schema step 6) instead of reading every name with LIKE '%…%':
//  - 2 characters: the accounts holding that piece, already in user-ID order, counted from the index alone;
//  - 1 character: the accounts holding a piece that starts with it (an index range);
//  - 3 or more: the accounts holding the needle's rarest 2-character piece, each checked with the LIKE of old.
// Every query keeps the old conditions on the account row whenever it reads that row, so the pieces only ever
// narrow down where to look; they never decide alone except where they are exact (1 and 2 characters).
#include "identity/account_search.hpp"

#include <algorithm>
#include <variant>

namespace oqs::host {

namespace {

using Arg = std::variant<int64_t, std::string>;

// SQL text and its values in order.
struct Sql {
    std::string text;
    std::vector<Arg> args;
    Sql& add(std::string_view t) {
        text += t;
        return *this;
    }
    Sql& add(std::string_view t, Arg v) {
        text += t;
        args.push_back(std::move(v));
        return *this;
    }
    Sql& inList(const std::vector<std::string>& values) {
        text += "(";
        for (size_t i = 0; i < values.size(); ++i) add(i ? ",?" : "?", values[i]);
        text += ")";
        return *this;
    }
    Sql& append(const Sql& other) {
        text += other.text;
        args.insert(args.end(), other.args.begin(), other.args.end());
        return *this;
    }
};

Statement prepared(Connection& c, const Sql& sql) {
    auto s = c.prepare(sql.text);
    for (size_t i = 0; i < sql.args.size(); ++i) std::visit([&](const auto& v) { s.bind(int(i) + 1, v); }, sql.args[i]);
    return s;
}

int64_t countOf(Connection& c, const Sql& sql) {
    auto s = prepared(c, sql);
    s.step();
    return s.i64(0);
}

std::string likePattern(const std::string& s) {
    std::string out = "%";
    for (char ch : s) {
        if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "%";
}

// SQLite's LIKE and lower() fold ASCII letters only, and the pieces were stored through lower().
std::string foldAscii(std::string s) {
    for (char& ch : s)
        if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
    return s;
}

// The characters of valid UTF-8 (as SQLite's substr counts them); nullopt for anything else, which is searched
// the old way.
std::optional<std::vector<std::string>> characters(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = c == 0 ? 0 : c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return std::nullopt;
        for (size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return std::nullopt;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

// One index condition on accounts_name_grams: gram = lo, or (a needle of 1 character) lo <= gram < hi — every
// piece that starts with that character; no UTF-8 byte is 0xFF, so lo + "\xFF" bounds them.
struct Piece {
    std::string lo, hi;
    bool range = false;
    int64_t estimate = 0;
    void condition(Sql& sql) const {
        if (range) sql.add(" AND g.gram >= ?", lo).add(" AND g.gram < ?", hi);
        else sql.add(" AND g.gram = ?", lo);
    }
};

// How many accounts hold the piece, counted up to kProbeCap: enough to tell a rare piece from a common one.
constexpr int64_t kProbeCap = 2000;
int64_t estimate(Connection& c, int64_t institutionId, const Piece& p) {
    Sql sql;
    sql.add("SELECT count(*) FROM (SELECT 1 FROM accounts_name_grams g WHERE g.institution_id = ?", institutionId);
    p.condition(sql);
    sql.add(" LIMIT ?)", kProbeCap);
    return countOf(c, sql);
}

struct Needle {
    char field;         // 'n' name, 'k' kana: the prefix of its pieces
    size_t length = 0;  // in characters
    std::vector<Piece> pieces;
};

std::optional<Needle> needleOf(char field, const std::string& text) {
    auto chars = characters(foldAscii(text));
    if (!chars || chars->empty()) return std::nullopt;
    Needle n{field, chars->size(), {}};
    const std::string f(1, field);
    if (chars->size() == 1) {
        n.pieces.push_back({f + (*chars)[0], f + (*chars)[0] + "\xFF", true});
        return n;
    }
    for (size_t i = 0; i + 1 < chars->size(); ++i) {
        std::string gram = f + (*chars)[i] + (*chars)[i + 1];
        if (std::none_of(n.pieces.begin(), n.pieces.end(), [&](const Piece& p) { return p.lo == gram; }))
            n.pieces.push_back({gram, "", false});
    }
    return n;
}

// The conditions on the account row, as before the pieces (deleted accounts never match).
Sql rowConditions(const AccountQuery& q, bool withAfter) {
    Sql sql;
    sql.add(" AND a.institution_id = ?", q.institutionId)
        .add(" AND a.deleted_ms IS NULL AND a.kind IN ")
        .inList(q.kinds);
    if (!q.userId.empty()) sql.add(" AND a.user_id = ?", q.userId);
    if (!q.name.empty()) sql.add(" AND a.name LIKE ? ESCAPE '\\'", likePattern(q.name));
    if (!q.kana.empty()) sql.add(" AND a.kana LIKE ? ESCAPE '\\'", likePattern(q.kana));
    if (!q.startDate.empty()) sql.add(" AND a.start_date = ?", q.startDate);
    if (!q.endDate.empty()) sql.add(" AND a.end_date = ?", q.endDate);
    if (q.valid) sql.add(*q.valid ? " AND a.valid = 1" : " AND a.valid = 0");
    if (q.locked) sql.add(*q.locked ? " AND a.locked = 1" : " AND a.locked = 0");
    if (withAfter && !q.after.empty()) sql.add(" AND a.user_id > ?", q.after);
    return sql;
}

// The same conditions as far as the piece rows carry them (kind and flags are copied there).
Sql pieceConditions(const AccountQuery& q, const Piece& p, bool withAfter) {
    Sql sql;
    sql.add(" g.institution_id = ?", q.institutionId);
    p.condition(sql);
    sql.add(" AND g.kind IN ").inList(q.kinds);
    if (q.valid) sql.add(*q.valid ? " AND g.valid = 1" : " AND g.valid = 0");
    if (q.locked) sql.add(*q.locked ? " AND g.locked = 1" : " AND g.locked = 0");
    if (withAfter && !q.after.empty()) sql.add(" AND g.user_id > ?", q.after);
    return sql;
}

Sql pageClause(const AccountQuery& q, const char* orderBy) {
    Sql sql;
    sql.add(std::string(" ORDER BY ") + orderBy + " LIMIT ?", q.limit).add(" OFFSET ?", q.offset);
    return sql;
}

// What a search answers before its rows are read: the total and the page's SELECT, whose columns the caller
// chose (every account column for account.search as JSON, the list's columns for it as rows).
struct Plan {
    int64_t total = 0;
    Sql page;
};

// A page that holds nothing (no kind in scope, or a piece no account holds), with the same columns.
Plan nothingFound(const std::string& columns) { return {0, Sql{columns + " FROM accounts a WHERE 1 = 0", {}}}; }

std::string accountColumns() {
    std::string out;
    std::string_view all = kAccountColumns;
    for (size_t i = 0; i < all.size();) {
        size_t end = std::min(all.find(", ", i), all.size());
        out += (out.empty() ? "a." : ", a.") + std::string(all.substr(i, end - i));
        i = end + 2;
    }
    return out;
}

// Without a partial name: the accounts table's own indexes.
Plan plainSearch(Connection& c, const AccountQuery& q, const std::string& columns) {
    Plan page;
    Sql where;
    where.add(" FROM accounts a WHERE 1 = 1").append(rowConditions(q, false));
    // With only kinds asked, the total is the sum of the live counters (schema step 5) instead of a count over
    // every account of the institution.
    const bool onlyKinds = q.userId.empty() && q.name.empty() && q.kana.empty() && q.startDate.empty() &&
                           q.endDate.empty() && !q.valid && !q.locked;
    if (onlyKinds) {
        Sql count;
        count.add("SELECT coalesce(sum(live), 0) FROM accounts_live_counts WHERE institution_id = ?", q.institutionId)
            .add(" AND kind IN ")
            .inList(q.kinds);
        page.total = countOf(c, count);
    } else {
        page.total = countOf(c, Sql{"SELECT count(*)", {}}.append(where));
    }
    page.page = Sql{columns, {}};
    page.page.append(where);
    if (!q.after.empty()) page.page.add(" AND a.user_id > ?", q.after);
    page.page.append(pageClause(q, "a.user_id"));
    return page;
}

// columns: "SELECT <the account row's columns, named a.…>".
Plan plan(Connection& c, const AccountQuery& q, const std::string& columns) {
    if (q.kinds.empty()) return nothingFound(columns);
    std::vector<Needle> needles;
    for (auto [field, text] : {std::pair{'n', &q.name}, std::pair{'k', &q.kana}}) {
        if (text->empty()) continue;
        auto n = needleOf(field, *text);
        if (!n) return plainSearch(c, q, columns);  // not valid UTF-8: the old scan, which any text goes through
        needles.push_back(std::move(*n));
    }
    if (needles.empty()) return plainSearch(c, q, columns);

    // The rarest piece of any needle: every match holds it.
    const Needle* driving = nullptr;
    const Piece* best = nullptr;
    for (auto& n : needles)
        for (auto& p : n.pieces) {
            p.estimate = estimate(c, q.institutionId, p);
            if (!best || p.estimate < best->estimate) best = &p, driving = &n;
        }
    if (best->estimate == 0) return nothingFound(columns);
    Plan page;
    // The piece alone answers exactly for a needle of 1 or 2 characters when nothing else needs the account row.
    const bool fromIndex =
        needles.size() == 1 && driving->length <= 2 && q.userId.empty() && q.startDate.empty() && q.endDate.empty();
    if (!best->range) {
        // One piece: its rows are in user-ID order, so a page stops after `limit` matches.
        Sql from;
        from.add(" FROM accounts_name_grams g JOIN accounts a ON a.id = g.account_id WHERE");
        if (fromIndex) {
            page.total = countOf(c, Sql{"SELECT count(*) FROM accounts_name_grams g WHERE", {}}.append(
                                        pieceConditions(q, *best, false)));
        } else {
            page.total = countOf(c, Sql{"SELECT count(*)", {}}
                                        .append(from)
                                        .append(pieceConditions(q, *best, false))
                                        .append(rowConditions(q, false)));
        }
        page.page = Sql{columns, {}};
        page.page.append(from).append(pieceConditions(q, *best, true)).append(rowConditions(q, true));
        page.page.append(pageClause(q, "g.user_id"));
        return page;
    }
    // One character: an account may hold several pieces that start with it.
    Sql ids{"SELECT g.account_id FROM accounts_name_grams g WHERE", {}};
    ids.append(pieceConditions(q, *best, false));
    if (fromIndex) {
        page.total = countOf(c, Sql{"SELECT count(DISTINCT g.account_id) FROM accounts_name_grams g WHERE", {}}.append(
                                    pieceConditions(q, *best, false)));
    } else {
        page.total = countOf(c, Sql{"SELECT count(*) FROM accounts a WHERE a.id IN (", {}}.append(ids).add(")").append(
                                    rowConditions(q, false)));
    }
    if (fromIndex) {
        // The page's user IDs from the index alone, then only those accounts read.
        page.page =
            Sql{columns + " FROM accounts a WHERE a.user_id IN (SELECT g.user_id FROM accounts_name_grams g WHERE", {}};
        page.page.append(pieceConditions(q, *best, true))
            .add(" GROUP BY g.user_id")
            .append(pageClause(q, "g.user_id"))
            .add(")")
            .append(rowConditions(q, true))
            .add(" ORDER BY a.user_id");
        return page;
    }
    page.page = Sql{columns + " FROM accounts a WHERE a.id IN (", {}};
    page.page.append(ids).add(")").append(rowConditions(q, true)).append(pageClause(q, "a.user_id"));
    return page;
}

// The columns of account.search as rows: what the list shows, named as account.search's JSON names them.
constexpr const char* kListColumns =
    "a.user_id AS user_id, a.kind AS kind, a.name AS name, a.kana AS kana, a.valid AS valid, a.locked AS locked, "
    "a.start_date AS start_date, a.end_date AS end_date, a.password_initial AS initial_password";

}  // namespace

AccountPage searchAccounts(Connection& c, const AccountQuery& q) {
    const auto p = plan(c, q, "SELECT " + accountColumns());
    AccountPage page{p.total, {}};
    auto s = prepared(c, p.page);
    while (s.step()) page.rows.push_back(readAccount(s));
    return page;
}

Statement searchAccountRows(Connection& c, const AccountQuery& q) {
    const auto p = plan(c, q, std::string("SELECT ") + kListColumns);
    // The page joined to a one-row table of its total, so the total arrives even with no account on the page
    // (offset or after past the last match); the LEFT JOIN keeps the page's order only with the outer ORDER BY.
    Sql wrapped{
        "SELECT t.total AS total, p.user_id AS user_id, p.kind AS kind, p.name AS name, p.kana AS kana, "
        "p.valid AS valid, p.locked AS locked, p.start_date AS start_date, p.end_date AS end_date, "
        "p.initial_password AS initial_password FROM (SELECT CAST(? AS BIGINT) AS total) t LEFT JOIN (",
        {p.total}};
    wrapped.append(p.page).add(") p ON 1 = 1 ORDER BY p.user_id");
    Statement s(c.raw(), wrapped.text);  // not cached: handed over to the caller, who finalises it
    for (size_t i = 0; i < wrapped.args.size(); ++i)
        std::visit([&](const auto& v) { s.bind(int(i) + 1, v); }, wrapped.args[i]);
    return s;
}

}  // namespace oqs::host
