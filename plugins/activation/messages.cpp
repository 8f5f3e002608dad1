// The plugin's texts: SPEC.md §9 MSG-V01…V06 (suggested wording; the manual shows them only as screenshots) and
// the errors of its routes, each in Japanese and English.
#include "activation.hpp"

#include <map>

namespace activation {

namespace {

struct Text {
    const char* ja;
    const char* en;
};

const std::map<std::string, Text>& texts() {
    static const std::map<std::string, Text> t{
        // MSG-V01 … MSG-V06
        {"confirm.issue", {"アクティベーションコードを発行します。よろしいですか？", "Issue an activation code?"}},
        {"issued",
         {"アクティベーションコードを発行しました。発行したアクティベーションコードは10分程度経過後に使用してください"
          "。",
          "The activation code was issued. Use it after about 10 minutes."}},
        {"confirm.invalidate",
         {"アクティベーションコードを無効化します。無効化したアクティベーションコードは再度有効にすることはできません。"
          "マイナ資格確認アプリに登録済みの端末は、アプリを利用できなくなります。よろしいですか？",
          "Invalidate the activation code? It can never be made valid again, and a device registered with it can no "
          "longer use the app."}},
        {"invalidated", {"アクティベーションコードを無効化しました。", "The activation code was invalidated."}},
        {"home_visit_off",
         {"訪問診療等機能を利用する設定になっていないため、アクティベーションコードを発行できません。",
          "Activation codes can be issued only while the home-visit care functions are in use (environment "
          "settings)."}},
        {"none", {"該当するアクティベーションコードが存在しません。", "No activation code matches."}},
        // The guidance shown next to the results as well (OQ-50: always shown).
        {"guidance",
         {"発行したアクティベーションコードは10分程度経過後に使用してください。",
          "Use an issued code after about 10 minutes."}},
        // Errors of the routes.
        {"memo",
         {"端末識別メモ情報は50文字以内で入力してください（改行などの制御文字は使用できません）。",
          "The device memo may hold up to 50 characters (no line breaks or control characters)."}},
        {"status", {"登録状況の指定が正しくありません。", "The registration status is not one of the choices."}},
        {"valid_only",
         {"「有効なコードのみ表示する」の指定が正しくありません。",
          "\"Show valid codes only\" must be true or false."}},
        {"not_found", {"指定されたアクティベーションコードは存在しません。", "No such activation code."}},
        {"already_invalidated",
         {"指定されたアクティベーションコードは既に無効化されています。",
          "The activation code is already invalidated."}},
        {"issue_failed",
         {"アクティベーションコードを発行できませんでした。もう一度お試しください。",
          "The activation code could not be issued. Please try again."}},
        // Device registration: one answer for every code that cannot register (no oracle for guessing).
        {"code_rejected",
         {"アクティベーションコードが正しくないか、使用できません。",
          "The activation code is wrong or cannot be used."}},
        {"throttled",
         {"アクティベーションコードの誤りが続いたため、しばらく登録できません。時間をおいて再度お試しください。",
          "Too many wrong activation codes: try again later."}},
        {"device_name",
         {"端末名は50文字以内で入力してください（制御文字は使用できません）。",
          "The device name may hold up to 50 characters (no control characters)."}},
        {"device_revoked",
         {"この端末は利用できません。アプリを再インストールし、新しいアクティベーションコードで登録してください。",
          "This device can no longer be used: reinstall the app and register it with a new code."}},
    };
    return t;
}

}  // namespace

Json label(const std::string& key) {
    auto it = texts().find(key);
    return it == texts().end() ? oqs::panel::L(key) : oqs::panel::L(it->second.ja, it->second.en);
}

std::string text(const std::string& key, const std::string& lang) {
    auto it = texts().find(key);
    if (it == texts().end()) return key;
    return lang == "en" ? it->second.en : it->second.ja;
}

oqs::Error error(int status, const std::string& key, const std::string& lang) {
    return oqs::Error{status, "activation." + key, text(key, lang), {}};
}

}  // namespace activation
