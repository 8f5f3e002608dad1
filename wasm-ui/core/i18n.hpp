// i18n.hpp — the client's own words. Japanese is the default (the users are Japanese institutions); English is a
// switch in the header. Panel labels come from the host; only the client's frame (login, menu, dialogs) is here.
#pragma once

#include "json_util.hpp"

#include <string>

namespace oqs::ui {

inline const char* tr(Lang lang, const char* ja, const char* en) { return lang == Lang::En ? en : ja; }

// A sentence in both languages, for what stays on screen while the user may switch language (a notice).
struct Words {
    std::string ja, en;
    const std::string& in(Lang lang) const { return lang == Lang::En ? en : ja; }
    bool empty() const { return ja.empty() && en.empty(); }
    void clear() { ja.clear(), en.clear(); }
};

// The pattern with its "{}" replaced by value: fill("ダウンロードしました（{}）。", name).
inline std::string fill(const char* pattern, const std::string& value) {
    std::string s = pattern;
    if (auto at = s.find("{}"); at != std::string::npos) s.replace(at, 2, value);
    return s;
}

// An error answer without a message of its own: said in words, the status only as a reference number
// (「エラーが発生しました（状態コード 502）。…」, never a bare 「（502)」).
inline std::string statusMessage(int status, Lang lang) {
    if (status == 0)
        return tr(lang, "サーバーに接続できません。時間をおいて再度お試しください。",
                  "Cannot reach the server. Please try again later.");
    return std::string(tr(lang, "エラーが発生しました（状態コード ", "An error occurred (status ")) +
           std::to_string(status) + tr(lang, "）。時間をおいて再度お試しください。", "). Please try again later.");
}

}  // namespace oqs::ui
