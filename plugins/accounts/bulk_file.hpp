// bulk_file.hpp — the bulk-registration file (アカウント一括登録用ファイル, docs/accounts.md): reading it, checking
// every row with the single-registration rules (field_check.hpp — one implementation), and the result file.
//
// Layout: CSV (RFC 4180), UTF-8 with or without BOM or Shift_JIS (CP932), CRLF or LF. The first row is the
// header of template(); then one account per row: 権限区分, ユーザID, ユーザ名, ユーザ名（カナ）, 利用開始年月日,
// 利用終了年月日 (may be empty or left out). 権限区分 is the screen's label (一般利用者…) or the code (general…).
#pragma once

#include "field_check.hpp"

#include <oqs/ctx.hpp>
#include <oqs/csv.hpp>

#include <functional>
#include <string>
#include <vector>

namespace oqs::accounts::bulk {

inline constexpr size_t kMaxBytes = 5 * 1024 * 1024;
inline constexpr size_t kMaxRows = 10000;  // data rows, besides the header

// What happens to a row: registered (or would be), skipped as a duplicate ID, or refused by an input check.
enum class Outcome { Register, Duplicate, Error };

struct Row {
    size_t number = 0;               // the record's position in the file, the header being 1
    std::vector<std::string> cells;  // as read (UTF-8)
    Outcome outcome = Outcome::Register;
    std::string detail;  // the errors (joined with ／) or the duplicate's reason
    NewAccount account;  // valid when outcome is Register or Duplicate
};

struct Checked {
    std::string encoding;  // of the upload; the result file is written the same way
    std::vector<Row> rows;
    size_t errors = 0, duplicates = 0;
};

// The header row of the template and of every file.
const std::vector<std::string>& header();
// The template offered for download: the header only, in the encoding asked ("utf-8-bom" or "cp932").
std::string templateFile(const std::string& encoding);

// Reads and checks a whole file as the ctx's account: file-structure problems answer an error with a code
// accounts.bulk.structure (the text says what and where); row problems are in the rows. Reads only: it runs
// before the job's write transaction. `progress` (rows checked, rows in the file) is called now and then.
using Progress = std::function<void(size_t done, size_t total)>;
oqs::Result<Checked> check(oqs::Ctx& ctx, std::string_view bytes, const Progress& progress = {});

// The result file: the input columns, then 行番号, 登録結果, 初期パスワード, エラー詳細. passwords holds the
// initial password of each registered row, by row number; failed = the file failed its input check, so clean
// rows read 【入力チェックエラーなし:未登録】.
std::string resultFile(const Checked& checked, const std::vector<std::string>& passwords, bool failed);

}  // namespace oqs::accounts::bulk
