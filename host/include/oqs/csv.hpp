// oqs/csv.hpp — CSV as institutions exchange it (RFC 4180): UTF-8 with or without BOM, or CP932; CRLF or LF;
// quoted fields holding commas, quotes and line breaks. Every input is bounded, and every refusal is a clear
// error with a stable code and the line where it happened.
//
// Index: Limits · Table · read() · neutralised() · Writer
// Error codes: csv.empty, csv.too_large, csv.binary, csv.encoding, csv.quote, csv.too_many_rows,
//              csv.too_many_columns, csv.field_too_long
#pragma once

#include "oqs/result.hpp"
#include "oqs/text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace oqs::csv {

struct Limits {
    size_t maxBytes = 10 * 1024 * 1024;
    size_t maxRows = 10001;  // including a header row
    size_t maxColumns = 64;
    size_t maxFieldBytes = 4096;  // after conversion to UTF-8
};

struct Table {
    std::vector<std::vector<std::string>> rows;  // UTF-8, no BOM, line breaks inside fields kept as written
    std::string encoding;                        // "utf-8", "utf-8-bom" or "cp932": write results back the same way
};

namespace detail {
inline Error fail(const std::string& code, const std::string& message, size_t line = 0) {
    Error e{400, code, message, {}};
    if (line) e.fields["line"] = line;
    return e;
}
}  // namespace detail

// Reads a whole file. `encoding` is "auto" (BOM, else valid UTF-8, else CP932), "utf-8" or "cp932".
inline Result<Table> read(std::string_view bytes, const Limits& limits = {}, std::string_view encoding = "auto") {
    using detail::fail;
    if (bytes.size() > limits.maxBytes)
        return fail("csv.too_large", "ファイルサイズが上限（" + std::to_string(limits.maxBytes / (1024 * 1024)) +
                                         "MB）を超えています。");
    Table t;
    std::string utf8;
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF" && encoding != "cp932") {
        bytes.remove_prefix(3);
        t.encoding = "utf-8-bom";
    }
    if (bytes.find('\0') != std::string_view::npos)
        return fail("csv.binary", "CSV形式のテキストファイルではありません。");
    if (!t.encoding.empty() || encoding == "utf-8" || (encoding == "auto" && text::validUtf8(bytes))) {
        if (!text::validUtf8(bytes)) return fail("csv.encoding", "文字コードがUTF-8として正しくありません。");
        if (t.encoding.empty()) t.encoding = "utf-8";
        utf8.assign(bytes);
    } else {
        auto converted = text::fromCp932(bytes);
        if (!converted)
            return fail("csv.encoding", "文字コードを判別できません（UTF-8またはShift_JISで保存してください）。");
        t.encoding = "cp932";
        utf8 = std::move(*converted);
    }
    // Control characters other than tab and line breaks mean this is not a text table.
    for (unsigned char c : utf8)
        if (c < 0x20 && c != '\t' && c != '\r' && c != '\n')
            return fail("csv.binary", "CSV形式のテキストファイルではありません。");

    std::vector<std::string> row;
    std::string field;
    bool quoted = false, fieldStarted = false, rowPending = false;  // rowPending: a comma promised another field
    size_t line = 1, rowLine = 1;
    auto endField = [&]() -> bool {
        row.push_back(std::move(field));
        field.clear();
        fieldStarted = false;
        return row.size() <= limits.maxColumns;
    };
    auto endRow = [&]() -> bool {
        t.rows.push_back(std::move(row));
        row.clear();
        rowPending = false;
        return t.rows.size() <= limits.maxRows;
    };
    for (size_t i = 0; i < utf8.size(); ++i) {
        char c = utf8[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < utf8.size() && utf8[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && !fieldStarted) {
            quoted = fieldStarted = true;
        } else if (c == '"') {
            return fail("csv.quote", std::to_string(line) + "行目：引用符（\"）の位置が正しくありません。", line);
        } else if (c == ',') {
            if (!endField())
                return fail("csv.too_many_columns",
                            std::to_string(rowLine) + "行目：項目数が上限（" + std::to_string(limits.maxColumns) +
                                "）を超えています。",
                            rowLine);
            rowPending = true;  // an empty field after a comma still counts
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < utf8.size() && utf8[i + 1] == '\n') ++i;
            if (!endField())
                return fail("csv.too_many_columns",
                            std::to_string(rowLine) + "行目：項目数が上限（" + std::to_string(limits.maxColumns) +
                                "）を超えています。",
                            rowLine);
            if (!endRow())
                return fail("csv.too_many_rows",
                            "行数が上限（" + std::to_string(limits.maxRows) + "行）を超えています。", line);
            rowLine = ++line;
        } else {
            field += c;
            fieldStarted = true;
        }
        if (field.size() > limits.maxFieldBytes)
            return fail("csv.field_too_long", std::to_string(line) + "行目：項目が長すぎます。", line);
    }
    if (quoted) return fail("csv.quote", std::to_string(rowLine) + "行目：引用符（\"）が閉じられていません。", rowLine);
    if (fieldStarted || rowPending || !row.empty()) {  // a last line without a line break
        if (!endField())
            return fail("csv.too_many_columns", std::to_string(rowLine) + "行目：項目数が上限を超えています。",
                        rowLine);
        if (!endRow())
            return fail("csv.too_many_rows", "行数が上限（" + std::to_string(limits.maxRows) + "行）を超えています。",
                        line);
    }
    // Blank lines carry nothing; drop them so a trailing empty line is not a row.
    std::erase_if(t.rows, [](const auto& r) { return r.size() == 1 && r[0].empty(); });
    if (t.rows.empty()) return fail("csv.empty", "ファイルにデータがありません。");
    return t;
}

// A cell as a spreadsheet must show it rather than run it (CSV injection, OWASP): a cell starting with = + - @,
// a tab or a carriage return gets a leading single quote. Writer applies it to every cell, so every CSV the
// product writes is safe to open in Excel; reading such a file back gives the quoted text ("'=1+2").
inline bool formulaLike(std::string_view cell) {
    return !cell.empty() &&
           (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
}
inline std::string neutralised(std::string_view cell) {
    return formulaLike(cell) ? "'" + std::string(cell) : std::string(cell);
}

// Builds a CSV file row by row: fields quoted when needed, formula-like cells neutralised (and quoted), CRLF line
// ends, then encoded as asked.
class Writer {
  public:
    explicit Writer(std::string encoding = "utf-8-bom") : m_encoding(std::move(encoding)) {}
    Writer& row(const std::vector<std::string>& fields) {
        for (const auto& f : fields) cell(f);
        return endRow();
    }
    // A row a cell at a time, for a writer reading from a cursor: no vector of copies per row.
    Writer& cell(std::string_view f) {
        if (m_cells++) m_out += ',';
        const bool formula = formulaLike(f);
        if (!formula && f.find_first_of(",\"\r\n") == std::string_view::npos) {
            m_out += f;
        } else {
            m_out += '"';
            if (formula) m_out += '\'';
            for (char c : f) {
                if (c == '"') m_out += '"';
                m_out += c;
            }
            m_out += '"';
        }
        return *this;
    }
    Writer& endRow() {
        m_out += "\r\n";
        m_cells = 0;
        return *this;
    }
    // The bytes; for CP932, characters with no CP932 form become "?" rather than losing the whole file.
    std::string bytes() const {
        if (m_encoding == "cp932") {
            if (auto b = text::toCp932(m_out)) return *b;
            std::string safe;
            for (auto cp : text::codepoints(m_out)) {
                std::string ch;
                if (cp < 0x80) ch = char(cp);
                else if (cp < 0x800) ch = {char(0xC0 | (cp >> 6)), char(0x80 | (cp & 0x3F))};
                else if (cp < 0x10000)
                    ch = {char(0xE0 | (cp >> 12)), char(0x80 | ((cp >> 6) & 0x3F)), char(0x80 | (cp & 0x3F))};
                else
                    ch = {char(0xF0 | (cp >> 18)), char(0x80 | ((cp >> 12) & 0x3F)), char(0x80 | ((cp >> 6) & 0x3F)),
                          char(0x80 | (cp & 0x3F))};
                safe += text::toCp932(ch) ? ch : "?";
            }
            return text::toCp932(safe).value_or(std::string());
        }
        return (m_encoding == "utf-8-bom" ? "\xEF\xBB\xBF" : "") + m_out;
    }

  private:
    std::string m_encoding;
    std::string m_out;
    size_t m_cells = 0;  // cells written in the current row
};

}  // namespace oqs::csv
