#include "bulk_file.hpp"

#include "hierarchy.hpp"
#include "messages.hpp"

#include <oqs/kinds.hpp>

#include <set>
#include <utility>

namespace oqs::accounts::bulk {

namespace {

// The form's fields in the file's column order, with the labels the result file names them by.
const std::pair<const char*, const char*> kColumns[] = {
    {"kind", "権限区分"},         {"user_id", "ユーザID"},          {"name", "ユーザ名"},
    {"kana", "ユーザ名（カナ）"}, {"start_date", "利用開始年月日"}, {"end_date", "利用終了年月日"},
};
constexpr size_t kRequiredColumns = 5;  // the end date may be left out

oqs::Error structure(const std::string& what) {
    return oqs::badRequest("accounts.bulk.structure", "ファイル構造エラー：" + what);
}

std::string trim(std::string s) {
    auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!s.empty() && blank(s.back())) s.pop_back();
    size_t i = 0;
    while (i < s.size() && blank(s[i])) ++i;
    return s.substr(i);
}

// 権限区分 as the screen shows it, or the code an export from another system may carry.
std::string kindOf(const std::string& cell) {
    for (auto k : kAccountKinds)
        if (cell == kindLabelJa(k) || cell == k) return std::string(k);
    return cell.empty() ? "" : "?";
}

// Joins the failing fields' messages in column order: "ユーザID：…／ユーザ名：…".
std::string describe(const oqs::Error& e) {
    std::string out;
    for (const auto& [field, label] : kColumns) {
        auto it = e.fields.find(field);
        if (it == e.fields.end()) continue;
        const Json& text = it->is_object() ? it->value("ja", Json()) : *it;  // the result file is Japanese
        if (!text.is_string()) continue;
        if (!out.empty()) out += "／";
        out += std::string(label) + "：" + text.get<std::string>();
    }
    return out.empty() ? e.message : out;
}

}  // namespace

const std::vector<std::string>& header() {
    static const std::vector<std::string> h = [] {
        std::vector<std::string> v;
        for (const auto& [_, label] : kColumns) v.emplace_back(label);
        return v;
    }();
    return h;
}

std::string templateFile(const std::string& encoding) {
    return oqs::csv::Writer(encoding == "cp932" ? "cp932" : "utf-8-bom").row(header()).bytes();
}

oqs::Result<Checked> check(oqs::Ctx& ctx, std::string_view bytes, const Progress& progress) {
    constexpr size_t kProgressEvery = 500;
    if (bytes.empty()) return structure("ファイルが空です。");
    oqs::csv::Limits limits;
    limits.maxBytes = kMaxBytes;
    limits.maxRows = kMaxRows + 1;
    limits.maxColumns = 16;
    limits.maxFieldBytes = 1024;
    auto table = oqs::csv::read(bytes, limits);
    if (!table) return structure(table.error().message);
    auto& rows = table->rows;
    std::vector<std::string> first;
    for (const auto& c : rows[0]) first.push_back(trim(c));
    while (first.size() > kRequiredColumns && first.back().empty()) first.pop_back();
    if (first.size() < kRequiredColumns || !std::equal(first.begin(), first.end(), header().begin()))
        return structure("1行目が見出し行（" + header()[0] + "," + header()[1] +
                         ",…）ではありません。"
                         "テンプレートの見出し行を残してください。");
    if (rows.size() < 2) return structure("登録するアカウントの行がありません。");

    Checked out;
    out.encoding = table->encoding;
    std::string instKind = ctx.institutionKind();
    std::string actor = ctx.accountKind();
    auto rights = rightsOf(ctx);  // once for the file: the uploader's rights do not change while it is read
    if (!rights) return rights.error();
    // Every row is read and judged first; which of the IDs are taken is then asked once for the whole file.
    for (size_t i = 1; i < rows.size(); ++i) {
        auto& cells = rows[i];
        if (cells.size() < kRequiredColumns || cells.size() > std::size(kColumns))
            return structure(std::to_string(i + 1) + "行目：項目数が" + std::to_string(cells.size()) + "です（" +
                             std::to_string(kRequiredColumns) + "または" + std::to_string(std::size(kColumns)) +
                             "項目で入力してください）。");
        Row row;
        row.number = i + 1;
        row.cells = cells;
        Json body = Json::object();
        for (size_t c = 0; c < cells.size(); ++c) body[kColumns[c].first] = cells[c];  // as sent, as the form
        body["kind"] = kindOf(body["kind"]);
        auto account = readNewAccount(body, instKind);
        if (!account) {
            row.outcome = Outcome::Error;
            row.detail = describe(account.error());
        } else if (!rights->mayRegister(account->kind)) {
            row.outcome = Outcome::Error;
            row.detail = "権限区分：" + message(registerRefusal(actor), "ja");
        } else {
            row.account = *account;
        }
        out.rows.push_back(std::move(row));
        if (progress && (i % kProgressEvery == 0 || i + 1 == rows.size())) progress(i, rows.size() - 1);
    }
    Json ids = Json::array();
    for (const auto& row : out.rows)
        if (row.outcome == Outcome::Register) ids.push_back(row.account.userId);
    auto taken = ctx.call("account.exists_many", {{"user_ids", ids}});
    if (!taken) return taken.error();
    const Json& takenIds = (*taken)["taken"];
    std::set<std::string> seen;
    for (auto& row : out.rows) {
        if (row.outcome == Outcome::Register) {
            if (auto t = takenIds.find(row.account.userId); t != takenIds.end()) {
                row.outcome = Outcome::Duplicate;
                row.detail = (*t)["deleted"] == true ? "ユーザID：削除済みのユーザIDです。"
                                                     : "ユーザID：登録済みのユーザIDです。";
            } else if (!seen.insert(row.account.userId).second) {
                row.outcome = Outcome::Duplicate;
                row.detail = "ユーザID：ファイル内の前の行と重複しています。";
            }
        }
        if (row.outcome == Outcome::Error) ++out.errors;
        if (row.outcome == Outcome::Duplicate) ++out.duplicates;
    }
    return out;
}

std::string resultFile(const Checked& checked, const std::vector<std::string>& passwords, bool failed) {
    oqs::csv::Writer w(checked.encoding == "cp932" ? "cp932" : checked.encoding);
    auto h = header();
    for (const char* extra : {"行番号", "登録結果", "初期パスワード", "エラー詳細"}) h.emplace_back(extra);
    w.row(h);
    for (const auto& r : checked.rows) {
        std::vector<std::string> line = r.cells;
        line.resize(std::size(kColumns));
        line.push_back(std::to_string(r.number));
        std::string password = r.number < passwords.size() ? passwords[r.number] : "";
        switch (r.outcome) {
            case Outcome::Error:
                line.insert(line.end(), {"エラー", "", r.detail});
                break;
            case Outcome::Duplicate:
                line.insert(line.end(), {"ID重複", "", r.detail});
                break;
            case Outcome::Register:
                if (failed) line.insert(line.end(), {"未登録", "", "【入力チェックエラーなし:未登録】"});
                else line.insert(line.end(), {"登録", password, ""});
                break;
        }
        w.row(line);
    }
    return w.bytes();
}

}  // namespace oqs::accounts::bulk
