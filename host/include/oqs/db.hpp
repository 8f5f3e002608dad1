// oqs/db.hpp — prepared statements and transactions over the host's storage, for plugins.
//
//   auto rows = ctx.db().query("SELECT code, memo FROM activation_codes WHERE institution = ?", inst);
//   auto tx = ctx.db().transaction();            // rolled back unless commit() is called
//   ctx.db().exec("INSERT INTO …", a, b); tx.commit();
//
// Every value is bound, never spliced into SQL. Integers, doubles, strings, bool, nullptr and std::optional bind
// as expected. A bind that fails (an extra argument, a wrong index) fails the statement: step() runs nothing and
// failed() is true. A storage error answers 503 host.busy when the database stayed locked (try again later;
// nothing was changed), else 500 host.storage.
#pragma once

#include "oqs/oqs_plugin.h"
#include "oqs/result.hpp"

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace oqs {

namespace detail {
inline Error takeError(const oqs_host_api* api, char* err, Error fallback) {
    if (!err) return fallback;
    auto j = nlohmann::json::parse(err, nullptr, false);
    api->free(err);
    return j.is_discarded() ? fallback : Error::fromJson(j);
}
// The ctx's last storage error as the host classifies it (ABI 1.1), else a plain 500 with the host's text.
inline Error storageError(oqs_ctx* ctx, const oqs_host_api* api) {
    constexpr size_t need = offsetof(oqs_host_api, db_error_json) + sizeof(api->db_error_json);
    if (api->struct_size >= need && api->db_error_json) {
        const char* j = api->db_error_json(ctx);
        auto parsed = nlohmann::json::parse(j ? j : "", nullptr, false);
        if (parsed.is_object()) return Error::fromJson(parsed);
    }
    return {500, "host.storage", api->db_error(ctx), {}};
}
// "" keeps `out`; otherwise 1–9 decimal digits, else false.
inline bool wholeNumber(const std::string& text, int64_t& out) {
    if (text.empty()) return true;
    if (text.size() > 9) return false;
    int64_t n = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        n = n * 10 + (c - '0');
    }
    out = n;
    return true;
}
}  // namespace detail

class Stmt {
  public:
    Stmt(const oqs_host_api* api, oqs_stmt* s) : m_api(api), m_s(s) {}
    Stmt(Stmt&& o) noexcept : m_api(o.m_api), m_s(std::exchange(o.m_s, nullptr)) {}
    Stmt& operator=(Stmt&& o) noexcept {
        std::swap(m_api, o.m_api);
        std::swap(m_s, o.m_s);
        return *this;
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt() {
        if (m_s) m_api->db_finalize(m_s);
    }

    void bind(int i, std::nullptr_t) { note(m_api->db_bind_null(m_s, i)); }
    void bind(int i, bool v) { note(m_api->db_bind_int(m_s, i, v ? 1 : 0)); }
    template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void bind(int i, T v) {
        note(m_api->db_bind_int(m_s, i, static_cast<int64_t>(v)));
    }
    void bind(int i, double v) { note(m_api->db_bind_real(m_s, i, v)); }
    void bind(int i, std::string_view v) { note(m_api->db_bind_text(m_s, i, v.data(), v.size())); }
    void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
    void bind(int i, const char* v) { bind(i, std::string_view(v)); }
    // A JSON value as its SQL type (a checked request field, say): strings as text, whole numbers as integers,
    // true/false as 1/0, null as NULL; anything else (arrays, objects) fails the statement rather than guess.
    void bind(int i, const nlohmann::json& v) {
        if (v.is_string()) bind(i, v.get_ref<const std::string&>());
        else if (v.is_boolean()) bind(i, v.get<bool>());
        else if (v.is_number_integer()) bind(i, v.get<int64_t>());
        else if (v.is_number_float()) bind(i, v.get<double>());
        else if (v.is_null()) bind(i, nullptr);
        else m_bindFailed = true;
    }
    template <class T>
    void bind(int i, const std::optional<T>& v) {
        if (v) bind(i, *v);
        else bind(i, nullptr);
    }
    void bindBlob(int i, const void* data, size_t size) { note(m_api->db_bind_blob(m_s, i, data, size)); }
    template <class... A>
    void bindAll(const A&... args) {
        int i = 1;
        (bind(i++, args), ...);
    }

    // true: a row is ready; false: done or failed (then failed() is true). After a failed bind nothing runs.
    bool step() {
        m_rc = m_bindFailed ? -1 : m_api->db_step(m_s);
        return m_rc == 1;
    }
    bool failed() const { return m_rc < 0; }
    void reset() {
        m_api->db_reset(m_s);
        m_rc = 0;
        m_bindFailed = false;
    }

    int columns() const { return m_api->db_column_count(m_s); }
    std::string name(int c) const { return m_api->db_column_name(m_s, c); }
    bool isNull(int c) const { return m_api->db_column_type(m_s, c) == OQS_COL_NULL; }
    int64_t i64(int c) const { return m_api->db_column_int(m_s, c); }
    double real(int c) const { return m_api->db_column_real(m_s, c); }
    std::string text(int c) const {
        size_t n = 0;
        const char* p = m_api->db_column_text(m_s, c, &n);
        return p ? std::string(p, n) : std::string();
    }
    // The text without a copy: valid until the next step, reset or the statement's end.
    std::string_view view(int c) const {
        size_t n = 0;
        const char* p = m_api->db_column_text(m_s, c, &n);
        return p ? std::string_view(p, n) : std::string_view();
    }
    // The index of the column called `name`, or -1.
    int column(std::string_view name) const {
        for (int c = 0, n = columns(); c < n; ++c)
            if (const char* s = m_api->db_column_name(m_s, c); s && name == s) return c;
        return -1;
    }
    std::optional<std::string> optText(int c) const { return isNull(c) ? std::nullopt : std::optional(text(c)); }
    // The current row as {"column": value}.
    nlohmann::json row() const {
        nlohmann::json r = nlohmann::json::object();
        for (int c = 0, n = columns(); c < n; ++c) {
            switch (m_api->db_column_type(m_s, c)) {
                case OQS_COL_NULL:
                    r[name(c)] = nullptr;
                    break;
                case OQS_COL_INT:
                    r[name(c)] = i64(c);
                    break;
                case OQS_COL_REAL:
                    r[name(c)] = real(c);
                    break;
                default:
                    r[name(c)] = text(c);
                    break;
            }
        }
        return r;
    }

  private:
    void note(oqs_status rc) {
        if (rc != OQS_OK) m_bindFailed = true;
    }
    const oqs_host_api* m_api;
    oqs_stmt* m_s;
    int m_rc = 0;
    bool m_bindFailed = false;
};

class Db {
  public:
    Db(oqs_ctx* ctx, const oqs_host_api* api) : m_ctx(ctx), m_api(api) {}

    Result<Stmt> prepare(const char* sql) const {
        oqs_stmt* s = nullptr;
        char* err = nullptr;
        if (m_api->db_prepare(m_ctx, sql, &s, &err) != OQS_OK) return detail::takeError(m_api, err, storageError());
        return Stmt(m_api, s);
    }
    // Runs a statement that returns no rows; answers the number of rows changed.
    template <class... A>
    Result<int64_t> exec(const char* sql, const A&... args) const {
        auto s = prepare(sql);
        if (!s) return s.error();
        s->bindAll(args...);
        while (s->step()) {
        }
        if (s->failed()) return storageError();
        return m_api->db_changes(m_ctx);
    }
    // Runs a query; answers every row as a JSON object.
    template <class... A>
    Result<nlohmann::json> query(const char* sql, const A&... args) const {
        auto s = prepare(sql);
        if (!s) return s.error();
        s->bindAll(args...);
        nlohmann::json rows = nlohmann::json::array();
        while (s->step()) rows.push_back(s->row());
        if (s->failed()) return storageError();
        return rows;
    }
    // The first row, or null when there is none.
    template <class... A>
    Result<nlohmann::json> queryOne(const char* sql, const A&... args) const {
        auto rows = query(sql, args...);
        if (!rows) return rows.error();
        return rows->empty() ? nlohmann::json() : (*rows)[0];
    }
    int64_t lastInsertId() const { return m_api->db_last_insert_id(m_ctx); }

    // One page of a list for a table widget: {"rows": […], "total": n}, from the request's "offset" (≥ 0) and "limit"
    // (1–maxLimit, default 20) — 400 request.paging when either is not a whole number. The total comes with the rows
    // in one statement (a window count), so a page is one round trip. `sql` is the SELECT without ORDER BY and
    // LIMIT; `order` ("ORDER BY …") names columns of its select list. R is any request with queryValue().
    template <class R, class... A>
    Result<nlohmann::json> page(const R& req, const std::string& sql, const std::string& order,
                                const A&... args) const {
        int64_t offset = 0, limit = 20;
        if (!detail::wholeNumber(req.queryValue("offset"), offset) ||
            !detail::wholeNumber(req.queryValue("limit"), limit))
            return Error{400, "request.paging", "表示位置（offset・limit）は0以上の整数で指定してください。", {}};
        limit = limit < 1 ? 1 : limit > kMaxPageRows ? kMaxPageRows : limit;
        const std::string wrapped =
            "SELECT *, count(*) OVER () AS oqs_total FROM (" + sql + ") AS oqs_page " + order + " LIMIT ? OFFSET ?";
        auto rows = query(wrapped.c_str(), args..., limit, offset);
        if (!rows) return rows.error();
        int64_t total = 0;
        if (!rows->empty()) {
            total = (*rows)[0].value("oqs_total", int64_t(0));
            for (auto& r : *rows) r.erase("oqs_total");
        } else if (offset > 0) {  // past the end: the rows say nothing of the total, so count them
            auto n = queryOne(("SELECT count(*) AS n FROM (" + sql + ") AS oqs_page").c_str(), args...);
            if (!n) return n.error();
            total = n->value("n", int64_t(0));
        }
        return nlohmann::json{{"rows", std::move(*rows)}, {"total", total}};
    }
    static constexpr int64_t kMaxPageRows = 500;

    // Rolls back when it goes out of scope without commit(). Nested transactions become savepoints.
    // When the begin fails (the database stayed locked), ok() is false, error() says why (503 host.busy), commit()
    // answers that error, and the host refuses the ctx's other storage calls too: return error() at once.
    class Transaction {
      public:
        explicit Transaction(const Db& db)
            : m_ctx(db.m_ctx), m_api(db.m_api), m_open(m_api->db_begin(m_ctx) == OQS_OK) {
            if (!m_open) m_failure = detail::storageError(m_ctx, m_api);
        }
        Transaction(Transaction&& o) noexcept
            : m_ctx(o.m_ctx),
              m_api(o.m_api),
              m_open(std::exchange(o.m_open, false)),
              m_failure(std::move(o.m_failure)) {}
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction() {
            if (m_open) m_api->db_rollback(m_ctx);
        }
        bool ok() const { return m_open; }
        const Error& error() const { return m_failure; }
        // A commit the database refuses has rolled everything back: the error is the whole truth.
        Status commit() {
            if (!m_open) return m_failure;
            m_open = false;
            if (m_api->db_commit(m_ctx) != OQS_OK) return detail::storageError(m_ctx, m_api);
            return Ok{};
        }

      private:
        // By value (two pointers), so `auto tx = ctx.db().transaction();` never dangles.
        oqs_ctx* m_ctx;
        const oqs_host_api* m_api;
        bool m_open;
        Error m_failure{500, "host.storage", "transaction not open", {}};
    };
    Transaction transaction() const { return Transaction(*this); }

  private:
    Error storageError() const { return detail::storageError(m_ctx, m_api); }
    oqs_ctx* m_ctx;
    const oqs_host_api* m_api;
};

}  // namespace oqs
