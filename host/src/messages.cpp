#include "messages.hpp"

#include <map>
#include <utility>

namespace oqs::host {

namespace {
const std::map<std::string, std::pair<const char*, const char*>>& table() {
    static const std::map<std::string, std::pair<const char*, const char*>> t = {
        {"session.invalid_credentials",
         {"機関コード、ユーザIDまたはパスワードが正しくありません。",
          "The institution code, user ID or password is wrong."}},
        {"session.locked",
         {"アカウントがロックされています。管理者に連絡してください。",
          "The account is locked. Ask your administrator."}},
        {"session.expired_initial_password",
         {"初期パスワードの有効期限が切れています。パスワードの初期化を依頼してください。",
          "The initial password has expired. Ask for a password reset."}},
        {"session.account_unusable", {"このアカウントは利用できません。", "This account cannot be used."}},
        {"session.system_account",
         {"システム用アカウントでは管理画面にログインできません。", "System accounts cannot log in to the console."}},
        {"session.throttled",
         {"ログインの失敗が続いたため、しばらく（1分程度）お待ちください。", "Too many failed logins. Wait a minute."}},
        {"session.required", {"ログインしてください。", "Please log in."}},
        {"session.expired",
         {"一定時間操作がなかったため、ログアウトしました。再度ログインしてください。",
          "Your session has ended. Please log in again."}},
        {"session.csrf",
         {"不正なリクエストです。画面を再読み込みしてください。", "The request was refused (CSRF). Reload the page."}},
        {"session.password_change_required",
         {"初期パスワードでログインしました。パスワードを変更してください。",
          "You logged in with an initial password. Change it first."}},
        {"session.credentials_required",
         {"認証情報（機関コード/ユーザID とパスワード）をBasic認証で送ってください。",
          "Send the credentials (institution/user ID and password) with HTTP Basic authentication."}},
        {"request.rate_limited",
         {"アクセスが集中しています。しばらくしてから再度お試しください。",
          "Too many requests. Please try again shortly."}},
        {"auth.forbidden", {"この操作を行う権限がありません。", "You are not allowed to do this."}},
        {"request.invalid", {"入力内容に誤りがあります。", "The input is not valid."}},
        {"request.json",
         {"リクエストの形式が正しくありません（JSONオブジェクトが必要です）。",
          "The request body must be a JSON object."}},
        {"request.too_large", {"送信されたデータが大きすぎます。", "The request is too large."}},
        {"request.not_found", {"指定されたページは存在しません。", "Not found."}},
        {"request.method", {"このメソッドは使用できません。", "Method not allowed."}},
        {"request.encoding",
         {"送信された文字が正しくありません（UTF-8で送信してください）。",
          "The request contains text that is not valid UTF-8."}},
        {"request.json_depth", {"送信されたデータの入れ子が深すぎます。", "The JSON is nested too deeply."}},
        {"request.media_type", {"この形式のデータは受け付けられません。", "This content type is not accepted."}},
        {"request.field_text", {"文字列で指定してください。", "Must be a string."}},
        {"host.internal",
         {"内部エラーが発生しました。時間をおいて再度お試しください。",
          "An internal error occurred. Please try again later."}},
        {"host.busy",
         {"ただいま処理が混み合っています。しばらく時間をおいてから再度お試しください。",
          "The system is busy. Nothing was changed; please try again in a moment."}},
        {"password.current_wrong", {"現在のパスワードが正しくありません。", "The current password is wrong."}},
        {"password.policy",
         {"パスワードは半角英数字記号8文字以上16文字以下で、英字と数字をそれぞれ1文字以上含めてください。",
          "Use 8 to 16 half-width characters with at least one letter and one digit."}},
        {"password.same_as_user_id",
         {"ユーザIDと同じパスワードは使用できません。", "The password must differ from the user ID."}},
        {"password.same_as_current",
         {"現在のパスワードと同じパスワードは使用できません。", "The new password must differ from the current one."}},
        {"password.changed", {"パスワードを変更しました。", "The password has been changed."}},
        {"identity.forbidden", {"この操作を行う権限がありません。", "You are not allowed to do this."}},
        {"identity.not_found", {"該当するアカウント情報が存在しません。", "No such account."}},
        {"identity.user_id.taken",
         {"指定されたユーザIDは既に登録済み、または削除済みのため使用できません。",
          "That user ID is registered or was deleted, and cannot be used."}},
        {"identity.invalid", {"入力内容に誤りがあります。", "The input is not valid."}},
        // Per-field texts of identity.invalid (the host's own rules for an account, SPEC.md §2.3).
        {"identity.kind", {"権限区分の値が正しくありません。", "Unknown account kind."}},
        {"identity.user_id",
         {"ユーザIDは半角英数字8文字以内で入力してください。",
          "The user ID must be 1 to 8 half-width letters and digits."}},
        {"identity.start_date", {"利用開始年月日は正しい日付で入力してください。", "Enter a valid start date."}},
        {"identity.end_date", {"利用終了年月日は正しい日付で入力してください。", "Enter a valid end date."}},
        {"identity.dates.order",
         {"利用終了年月日は利用開始年月日以降の日付を入力してください。",
          "The end date must be on or after the start date."}},
        {"identity.name.length",
         {"ユーザ名は512文字以内で入力してください。", "The name must be at most 512 characters."}},
        {"identity.kana.length",
         {"ユーザ名（カナ）は512文字以内で入力してください。", "The kana name must be at most 512 characters."}},
        {"identity.lock",
         {"アカウントロックを「ロック中」に変更することはできません。", "An account cannot be locked by hand."}},
        {"identity.type.string", {"文字列で指定してください。", "Must be a string."}},
        {"identity.type.string_or_null", {"文字列または null で指定してください。", "Must be a string or null."}},
        {"identity.type.boolean", {"true または false で指定してください。", "Must be true or false."}},
        {"identity.type.boolean_or_null",
         {"true、false または null で指定してください。", "Must be true, false or null."}},
        {"identity.type.integer", {"整数で指定してください。", "Must be an integer."}},
        {"identity.type.strings", {"文字列の配列で指定してください。", "Must be an array of strings."}},
        // Per-field texts of the login form (request.invalid on POST /api/session).
        {"login.institution", {"機関コードは半角数字10桁で入力してください。", "Enter the 10-digit institution code."}},
        {"login.user_id", {"ユーザIDを入力してください。", "Enter your user ID."}},
        {"login.password", {"パスワードを入力してください。", "Enter your password."}},
        {"institution.not_found", {"指定された医療機関は存在しません。", "No such institution."}},
        {"job.busy",
         {"他の利用者が処理を実行中です。しばらく（1分程度）時間をおいてから、再度実行してください。",
          "Another job of this institution is running. Try again in about a minute."}},
        {"job.not_found", {"指定された処理は存在しません。", "No such job."}},
        {"job.interrupted", {"処理が中断されました。", "The job was interrupted."}},
    };
    return t;
}
}  // namespace

std::string messageText(const std::string& code, const std::string& lang) {
    auto it = table().find(code);
    if (it == table().end()) return "";
    return lang == "en" ? it->second.second : it->second.first;
}

nlohmann::json bilingual(const std::string& code) {
    return {{"ja", messageText(code, "ja")}, {"en", messageText(code, "en")}};
}

oqs::Error hostError(int status, const std::string& code, nlohmann::json fields) {
    auto text = messageText(code, "ja");
    return {status, code, text.empty() ? code : text, std::move(fields), messageText(code, "en")};
}

void localize(oqs::Error& e, const std::string& lang) {
    // An error made without hostError (a storage failure, an ABI-1.0 plugin's) gets the host's English for its
    // code when it still has the host's Japanese text.
    if (e.messageEn.empty() && e.message == messageText(e.code, "ja")) e.messageEn = messageText(e.code, "en");
    e = e.localized(lang);
}

// [SECTION] Refusals by the hierarchy
namespace {
struct KindWords {
    const char* ja;        // 「管理アカウント」
    const char* enActor;   // "An administrator account"
    const char* enTarget;  // "administrator accounts"
};
KindWords kindWords(const std::string& kind) {
    static const std::map<std::string, KindWords> kWords = {
        {"master", {"マスタアカウント", "The master account", "the master account"}},
        {"master_reset",
         {"マスタアカウントリセット用アカウント", "The master-reset account", "the master-reset account"}},
        {"admin", {"管理アカウント", "An administrator account", "administrator accounts"}},
        {"general", {"一般利用者アカウント", "A general-user account", "general-user accounts"}},
        {"medinfo",
         {"医療情報閲覧アカウント", "A medical-information viewer account", "medical-information viewer accounts"}},
        {"webapi", {"WebAPI用アカウント", "A Web API account", "Web API accounts"}},
        {"linkapp",
         {"連携アプリケーション用アカウント", "A linked-application account", "linked-application accounts"}},
        {"face",
         {"顔認証付きカードリーダー用アカウント", "A face-authentication card reader account",
          "face-authentication card reader accounts"}},
    };
    auto it = kWords.find(kind);
    return it == kWords.end() ? KindWords{"このアカウント", "This account", "such accounts"} : it->second;
}
}  // namespace

oqs::Error hierarchyRefusal(const std::string& action, const std::string& actorKind, const std::string& targetKind) {
    const KindWords actor = kindWords(actorKind), target = kindWords(targetKind);
    // 「…を登録できません。」 / "… cannot register …"; a password reset names the password.
    std::string ja = std::string(actor.ja) + "は、" + target.ja;
    std::string en = std::string(actor.enActor) + " cannot ";
    if (action == "register" || action == "update" || action == "delete") {
        ja += action == "register" ? "を登録できません。"
              : action == "update" ? "を更新できません。"
                                   : "を削除できません。";
        en += action + " " + target.enTarget + ".";
    } else {
        ja += "のパスワードを初期化できません。";
        en += std::string("reset the password of ") + target.enTarget + ".";
    }
    return oqs::Error{403, "identity.forbidden",
                      ja,  nlohmann::json::object(),
                      en,  {{"action", action}, {"actor", actorKind}, {"kind", targetKind}}};
}

}  // namespace oqs::host
