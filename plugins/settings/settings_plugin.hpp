// settings_plugin.hpp — the pieces the settings plugin's entry file (plugin.cpp) lists. Each registerX() lives
// in its own file; nothing here is visible to other plugins, which read the values through settings.get.
#pragma once

#include <oqs/plugin.hpp>

#include <string>

namespace settings_plugin {

void registerFields(oqs::Plugin& p);  // fields.cpp: every built-in field of SPEC.md §3.4, as a contribution
void registerTerms(oqs::Plugin& p);   // terms.cpp: the terms-of-use table and GET /terms
void registerRoutes(oqs::Plugin& p);  // routes.cpp: read and save the values, the related institutions
void registerPanel(oqs::Plugin& p);   // panel.cpp: the screen and its menu entry

// The newest terms of use (terms.cpp): version and text, or an Error when the table is empty.
struct Terms {
    std::string version, textJa, textEn;
};
oqs::Result<Terms> currentTerms(const oqs::Ctx& ctx);

// The manual's messages (SPEC.md §9.3), used by the panel and by the save route.
inline constexpr const char* kConfirmJa = "環境設定情報を更新します。よろしいですか？";  // MSG-S01
// MSG-S02, in the manual's own words (HOST-SET-02/03): the update is done, everyone logs in again, and a
// powered-on face-authentication card reader is restarted.
inline constexpr const char* kDoneJa =
    "環境設定情報を更新しました。設定した内容を反映するために、システムからログアウトし、ログインし直してください。"
    "全ての利用者に再度ログインしていただく必要があります。"
    "また、顔認証付きカードリーダーの電源が入っている場合は、電源をオフにし、再度電源を入れてください。";
inline constexpr const char* kTermsPromptJa = "利用規約に同意のうえ、OKを押してください。";  // MSG-S03

// The form sends the acceptance of a terms field's terms as the checkbox "accept_terms.<key>".
inline constexpr const char* kAcceptPrefix = "accept_terms.";

}  // namespace settings_plugin
