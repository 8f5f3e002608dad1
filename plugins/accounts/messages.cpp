#include "messages.hpp"

#include <map>

namespace oqs::accounts {

namespace {

struct Text {
    const char* ja;
    const char* en;
};

// Suggested texts of SPEC.md §9.2 (MSG-A01…A11) where the manual gives none (OQ-57).
const std::map<std::string_view, Text>& table() {
    static const std::map<std::string_view, Text> kTexts = {
        // Field rules (MSG-A11)
        {"accounts.required", {"＊の項目は必須入力です。", "This field is required."}},
        {"accounts.invalid", {"入力内容に誤りがあります。", "Some fields are not valid."}},
        {"accounts.kind.invalid", {"権限区分の値が正しくありません。", "Unknown role."}},
        {"accounts.user_id.charset",
         {"ユーザIDは半角英数字で入力してください。", "The user ID must be half-width letters and digits."}},
        {"accounts.user_id.length",
         {"ユーザIDは半角英数字{p}桁以上8桁以下で入力してください。",
          "The user ID must be {p} to 8 half-width letters and digits."}},
        {"accounts.user_id.prefix",
         {"ユーザIDは「{p}」で始まる値を入力してください。", "The user ID must start with \"{p}\"."}},
        {"accounts.user_id.forbidden_prefix",
         {"ユーザIDの先頭に「R0」～「R9」、「A0」～「A9」、「F0」～「F9」は使用できません。",
          "A user ID may not start with R0-R9, A0-A9 or F0-F9."}},
        {"accounts.user_id.taken",
         {"指定されたユーザIDは既に登録済み、または削除済みのため使用できません。",
          "This user ID is registered or was deleted, and cannot be used."}},
        {"accounts.name.charset",
         {"ユーザ名は全角文字（かな、カタカナ、英数字、漢字）で入力してください。",
          "The user name must be full-width characters."}},
        {"accounts.name.length",
         {"ユーザ名は全角20文字以内で入力してください。", "The user name may have at most 20 characters."}},
        {"accounts.kana.charset",
         {"ユーザ名（カナ）は全角カタカナ・英数字40文字以内で入力してください。",
          "The kana name must be full-width katakana, letters and digits."}},
        {"accounts.kana.length",
         {"ユーザ名（カナ）は全角カタカナ・英数字40文字以内で入力してください。",
          "The kana name may have at most 40 characters."}},
        {"accounts.dates.format",
         {"{p}はyyyy/mm/dd形式の正しい日付で入力してください。", "{p} must be a valid date written yyyy/mm/dd."}},
        {"accounts.dates.order",
         {"利用終了年月日は利用開始年月日以降の日付を入力してください。",
          "The end date must be on or after the start date."}},
        {"accounts.lock.manual",
         {"アカウントロックを「ロック中」に変更することはできません。", "An account cannot be locked by hand."}},
        {"accounts.type", {"値の形式が正しくありません（{p}で指定してください）。", "Wrong type: send {p}."}},
        {"accounts.type.string", {"文字列", "a string"}},
        {"accounts.type.string_or_null", {"文字列または null", "a string or null"}},
        {"accounts.type.boolean", {"true または false", "true or false"}},
        {"accounts.type.lock", {"\"none\"、\"locked\"、true または false", "\"none\", \"locked\", true or false"}},
        {"accounts.query.invalid", {"検索条件の値が正しくありません。", "A search condition is not valid."}},
        // Not found / not allowed (SPEC.md §2.2)
        {"accounts.not_found", {"指定されたアカウントは存在しません。", "No such account."}},
        {"forbidden.register_by_master",
         {"マスタアカウントは、管理アカウントのみ登録できます。",
          "The master account registers administrator accounts only."}},
        {"forbidden.register_by_admin",
         {"管理アカウントは、一般アカウント等のみ登録できます。管理アカウントは"
          "マスタアカウントで登録してください。",
          "Administrators register the other kinds; the master account "
          "registers administrators."}},
        {"forbidden.register", {"アカウントを登録する権限がありません。", "You may not register accounts."}},
        {"forbidden.update_master", {"マスタアカウントは更新できません。", "The master account cannot be updated."}},
        {"forbidden.reset_master_reset",
         {"マスタアカウントリセット用アカウントのパスワードは実施機関で初期化します。"
          "実施機関までご連絡ください。",
          "The operator resets the master-reset account; please contact it."}},
        {"accounts.sheet.expired",
         {"アカウント設定情報のダウンロード期限が切れているか、既にダウンロード済みです。"
          "必要な場合はパスワードを初期化してください。",
          "The download has expired or was already used; reset the password if needed."}},
        {"accounts.pdf.font",
         {"PDFの作成に必要な日本語フォントが見つかりません。", "The Japanese font needed for the PDF is missing."}},
        {"accounts.pdf.render", {"PDFの作成に失敗しました。", "The PDF could not be created."}},
        // Dialogs (MSG-A01…A10)
        {"confirm.register", {"アカウント情報を登録します。よろしいですか？", "Register this account?"}},
        {"done.register", {"アカウント情報を登録しました。", "The account was registered."}},
        {"confirm.update", {"アカウント情報を更新します。よろしいですか？", "Update this account?"}},
        {"done.update", {"アカウント情報を更新しました。", "The account was updated."}},
        {"confirm.delete", {"アカウント情報を削除します。よろしいですか？", "Delete this account?"}},
        {"confirm.delete_final",
         {"削除したアカウントは元に戻せません。また、削除したユーザIDは再度使用できません。"
          "本当に削除しますか？",
          "A deleted account cannot be restored and its user ID can never be used "
          "again. Really delete?"}},
        {"done.delete", {"アカウント情報を削除しました。", "The account was deleted."}},
        {"confirm.reset", {"パスワードを初期化します。よろしいですか？", "Reset the password?"}},
        {"done.reset", {"パスワードを初期化しました。", "The password was reset."}},
        {"search.none", {"該当するアカウント情報が存在しません。", "No account matches."}},
        // Bulk registration (MSG-A12…A15)
        {"bulk.busy",
         {"他の利用者がアカウント一括登録を実行中です。しばらく（1分程度）時間をおいてから、再度登録してください。",
          "Another upload of your institution is being processed. Please try again in about a minute."}},
        {"bulk.confirm", {"アカウント一括登録用ファイルを登録します。よろしいですか？", "Register this file?"}},
        {"bulk.accepted", {"アカウント一括登録を受け付けました。", "The file was accepted."}},
        {"bulk.no_file", {"アカウント一括登録用ファイルを選択してください。", "Please choose a file."}},
        {"bulk.not_found", {"指定された一括登録結果は存在しません。", "No such bulk registration."}},
        {"bulk.not_ready",
         {"この登録状況の結果ファイルはダウンロードできません。", "There is no result file for this status."}},
        {"bulk.expired",
         {"結果ファイルの保存期間（30日）を過ぎたため削除されました。", "The result file was deleted after 30 days."}},
    };
    return kTexts;
}

std::string fill(std::string text, std::string_view param) {
    if (auto at = text.find("{p}"); at != std::string::npos) text.replace(at, 3, param);
    return text;
}

}  // namespace

std::string message(std::string_view code, std::string_view lang, std::string_view param) {
    auto it = table().find(code);
    if (it == table().end()) return std::string(code);
    return fill(lang == "en" ? it->second.en : it->second.ja, param);
}

nlohmann::json label(std::string_view code, std::string_view param) {
    return {{"ja", message(code, "ja", param)}, {"en", message(code, "en", param)}};
}

oqs::Error error(int status, std::string_view code, std::string_view param) {
    return {status, std::string(code), message(code, "ja", param), nlohmann::json::object(),
            message(code, "en", param)};
}

}  // namespace oqs::accounts
