#include "messages.hpp"

#include <map>
#include <utility>

namespace oqs::host {

namespace {
const std::map<std::string, std::pair<const char*, const char*>>& table() {
    static const std::map<std::string, std::pair<const char*, const char*>> t = {
        {"session.invalid_credentials", {"機関コード、ユーザIDまたはパスワードが正しくありません。",
                                         "The institution code, user ID or password is wrong."}},
        {"session.locked", {"アカウントがロックされています。管理者に連絡してください。",
                            "The account is locked. Ask your administrator."}},
        {"session.expired_initial_password",
         {"初期パスワードの有効期限が切れています。パスワードの初期化を依頼してください。",
          "The initial password has expired. Ask for a password reset."}},
        {"session.account_unusable", {"このアカウントは利用できません。", "This account cannot be used."}},
        {"session.system_account", {"システム用アカウントでは管理画面にログインできません。",
                                    "System accounts cannot log in to the console."}},
        {"session.throttled", {"ログインの失敗が続いたため、しばらく（1分程度）お待ちください。",
                               "Too many failed logins. Wait a minute."}},
        {"session.required", {"ログインしてください。", "Please log in."}},
        {"session.expired", {"一定時間操作がなかったため、ログアウトしました。再度ログインしてください。",
                             "Your session has ended. Please log in again."}},
        {"session.csrf", {"不正なリクエストです。画面を再読み込みしてください。",
                          "The request was refused (CSRF). Reload the page."}},
        {"session.password_change_required", {"初期パスワードでログインしました。パスワードを変更してください。",
                                              "You logged in with an initial password. Change it first."}},
        {"session.credentials_required",
         {"認証情報（機関コード/ユーザID とパスワード）をBasic認証で送ってください。",
          "Send the credentials (institution/user ID and password) with HTTP Basic authentication."}},
        {"request.rate_limited", {"アクセスが集中しています。しばらくしてから再度お試しください。",
                                  "Too many requests. Please try again shortly."}},
        {"auth.forbidden", {"この操作を行う権限がありません。", "You are not allowed to do this."}},
        {"request.invalid", {"入力内容に誤りがあります。", "The input is not valid."}},
        {"request.json", {"リクエストの形式が正しくありません（JSONオブジェクトが必要です）。",
                          "The request body must be a JSON object."}},
        {"request.too_large", {"送信されたデータが大きすぎます。", "The request is too large."}},
        {"request.not_found", {"指定されたページは存在しません。", "Not found."}},
        {"request.method", {"このメソッドは使用できません。", "Method not allowed."}},
        {"request.encoding", {"送信された文字が正しくありません（UTF-8で送信してください）。",
                              "The request contains text that is not valid UTF-8."}},
        {"request.json_depth", {"送信されたデータの入れ子が深すぎます。", "The JSON is nested too deeply."}},
        {"request.media_type", {"この形式のデータは受け付けられません。", "This content type is not accepted."}},
        {"request.field_text", {"文字列で指定してください。", "Must be a string."}},
        {"host.internal", {"内部エラーが発生しました。時間をおいて再度お試しください。",
                           "An internal error occurred. Please try again later."}},
        {"host.busy", {"ただいま処理が混み合っています。しばらく時間をおいてから再度お試しください。",
                       "The system is busy. Nothing was changed; please try again in a moment."}},
        {"password.current_wrong", {"現在のパスワードが正しくありません。", "The current password is wrong."}},
        {"password.policy",
         {"パスワードは半角英数字記号8文字以上16文字以下で、英字と数字をそれぞれ1文字以上含めてください。",
          "Use 8 to 16 half-width characters with at least one letter and one digit."}},
        {"password.same_as_user_id", {"ユーザIDと同じパスワードは使用できません。",
                                      "The password must differ from the user ID."}},
        {"password.same_as_current", {"現在のパスワードと同じパスワードは使用できません。",
                                      "The new password must differ from the current one."}},
        {"password.changed", {"パスワードを変更しました。", "The password has been changed."}},
        {"identity.forbidden", {"この操作を行う権限がありません。", "You are not allowed to do this."}},
        {"identity.not_found", {"該当するアカウント情報が存在しません。", "No such account."}},
        {"identity.user_id.taken", {"指定されたユーザIDは既に登録済み、または削除済みのため使用できません。",
                                    "That user ID is registered or was deleted, and cannot be used."}},
        {"identity.invalid", {"入力内容に誤りがあります。", "The input is not valid."}},
        {"institution.not_found", {"指定された医療機関は存在しません。", "No such institution."}},
        {"job.busy", {"他の利用者が処理を実行中です。しばらく（1分程度）時間をおいてから、再度実行してください。",
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

oqs::Error hostError(int status, const std::string& code, nlohmann::json fields) {
    auto text = messageText(code, "ja");
    return {status, code, text.empty() ? code : text, std::move(fields)};
}

void localize(oqs::Error& e, const std::string& lang) {
    if (lang != "en") return;
    if (auto text = messageText(e.code, "en"); !text.empty()) e.message = text;
}

}  // namespace oqs::host
