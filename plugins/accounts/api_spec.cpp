#include "api_spec.hpp"

#include "forms.hpp"

#include <oqs/api_schema.hpp>
#include <oqs/kinds.hpp>

namespace oqs::accounts::api {

namespace {
namespace S = oqs::schema;
}  // namespace

Json accountSchema() {
    return S::object({{"user_id", S::string()},
                      {"kind", S::oneOf(forms::allKinds())},
                      {"kind_label", S::string("権限区分 as the screens show it")},
                      {"name", S::string()},
                      {"kana", S::string()},
                      {"valid", S::boolean()},
                      {"valid_label", S::string()},
                      {"locked", S::boolean()},
                      {"lock_label", S::string()},
                      {"start_date", S::string("yyyy/mm/dd")},
                      {"end_date", S::string("yyyy/mm/dd, or empty")},
                      {"initial_password", S::boolean("the initial password has not been changed yet")}});
}

Json credentialSchema() {
    return S::object(
        {{"message", S::message()},
         {"user_id", S::string()},
         {"initial_password", S::string("shown once; also inside the sheet")},
         {"initial_expires_at", S::string("ISO 8601, UTC")},
         {"show",
          S::array(S::object({{"label", S::label()}, {"value", S::string()}, {"secret", S::boolean()}}, {"secret"}))},
         {"actions", S::array(S::anyObject("a follow-up action (docs/panels.md)"))},
         {"sheet", S::string("GET it once for the account settings sheet (PDF)")}},
        {"show", "actions"});
}

Json searchSchema() {
    Json s = S::cursorPage(accountSchema());
    s["properties"]["message"] = S::message();  // 該当するアカウントはありません when nothing matches
    return s;
}

Json updateSchema() {
    return S::object({{"message", S::message()}, {"account", accountSchema()}, {"reload", S::boolean()}}, {"reload"});
}

Json messageSchema() { return S::object({{"message", S::message()}}); }

Json gotoSchema() { return S::object({{"goto", S::object({{"panel", S::string()}, {"params", S::anyObject()}})}}); }

std::string bulkFileDescription() {
    return "CSV (RFC 4180), UTF-8 with or without BOM or Shift_JIS (CP932), CRLF or LF; the first row is the header "
           "権限区分,ユーザID,ユーザ名,ユーザ名（カナ）,利用開始年月日,利用終了年月日, then one account per row; at "
           "most "
           "10,000 rows and 5 MB (docs/accounts.md, Bulk registration)";
}

namespace {
Json showSchema() { return S::array(S::object({{"label", S::label()}, {"value", S::string()}})); }
}  // namespace

Json bulkReceiptSchema() {
    return S::object({{"id", S::integer("the job")},
                      {"receipt", S::string("受付番号: the job id, 8 digits")},
                      {"received_at", S::string("受付日時, yyyy/mm/dd hh:mm:ss Japan time")},
                      {"message", S::message()},
                      {"show", showSchema()}});
}

Json bulkCheckSchema() {
    Json problem = S::object({{"row", S::integer("line of the file, the header is 1")},
                              {"kind", S::oneOf({"error", "duplicate"})},
                              {"detail", S::string()}});
    return S::object({{"rows", S::integer("data rows read")},
                      {"errors", S::integer("rows with input errors")},
                      {"duplicates", S::integer("rows whose user ID is taken (not registered)")},
                      {"encoding", S::oneOf({"utf-8", "utf-8-bom", "cp932"})},
                      {"problems", S::array(problem)},
                      {"message", S::message()},
                      {"show", showSchema()}});
}

Json bulkJobsSchema() {
    return S::page(S::object({{"id", S::integer()},
                              {"receipt", S::string("受付番号")},
                              {"status", S::string("登録状況 in the caller's language")},
                              {"received_at", S::string("yyyy/mm/dd hh:mm:ss")},
                              {"finished_at", S::string("yyyy/mm/dd hh:mm:ss, or empty")},
                              {"processed", S::string("rows processed (\"done / total\" while running), or empty")},
                              {"downloadable", S::boolean("a result file can be downloaded")},
                              {"detail", S::string()}}));
}

Json templateQuery() {
    return Json::array({oqs::panel::Field("encoding", "select", oqs::panel::L("文字コード", "Encoding"))
                            .option("utf-8", oqs::panel::L("UTF-8"))
                            .option("cp932", oqs::panel::L("Shift_JIS"))
                            .hint(oqs::panel::L("", "utf-8 (with BOM, the default) or cp932"))});
}

}  // namespace oqs::accounts::api
