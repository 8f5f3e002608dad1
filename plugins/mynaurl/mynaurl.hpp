// mynaurl.hpp — the pieces the mynaurl plugin's entry file (plugin.cpp) lists, and what they share. Nothing here is
// visible to other plugins.
#pragma once

#include <oqs/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mynaurl {

void registerMigrations(oqs::Plugin& p);  // url_state.cpp: the mynaurl_urls table
void registerRoutes(oqs::Plugin& p);      // routes.cpp: the console's routes (state, QR PNG/PDF, the three operations)
void registerPublicPage(oqs::Plugin& p);  // public_page.cpp: GET /p/mynaurl/<token>, the patients' page
void registerPanel(oqs::Plugin& p);       // panel.cpp: the screen and its menu entry

// [services.cpp] The two services of the screen (areas ② and ③). Each has its own URL state (URL-R1) and is
// offered only while its settings field is 「利用する」 (OQ-49).
struct Service {
    std::string id;  // in paths: "home_visit", "online"
    std::string nameJa, nameEn;
    std::string settingKey;  // the settings plugin's field: "settings.home_visit", "settings.online"
    std::string fileTag;     // OQ-48 file names: "houmon", "online"
};
const std::vector<Service>& services();
const Service* findService(const std::string& id);
inline constexpr const char* kSettingOn = "use";  // the value of 「利用する」
// Whether the service's setting is 「利用する」 in these settings values.
bool serviceOn(const Service& s, const oqs::Json& values);
// The institution's current settings values (settings.get: the stored values, not the session's snapshot).
oqs::Result<oqs::Json> currentSettings(oqs::Ctx& ctx);

// [url_state.cpp] A service's URL state (OQ-45–47): the first token for ever, the current one, and one "previous"
// slot. Only the current token opens the patients' page (URL-R2).
struct UrlState {
    std::string first, current;
    std::optional<std::string> previous;
    bool canRevertPrevious() const { return previous.has_value() && *previous != current; }
    bool canRevertFirst() const { return current != first; }
};
enum class Operation { Change, RevertPrevious, RevertFirst };
// The state after an operation (pure: the table the tests check). Change needs a fresh token. nullopt when the
// operation would do nothing (no previous URL; the first URL already current), which the screen disables.
std::optional<UrlState> apply(const UrlState& s, Operation op, const std::string& freshToken);

// A new token: 24 bytes from libsodium's CSPRNG, base64url without padding (32 characters, 192 bits).
oqs::Result<std::string> newToken();
// A token's shape: exactly what newToken() makes. Anything else is never looked up.
bool wellFormedToken(const std::string& t);
// What the audit log records instead of a token: the first 16 hex digits of its BLAKE2b hash.
std::string fingerprint(const std::string& token);

// The ctx institution's state of a service; made (with its first token, audited) the first time it is needed.
oqs::Result<UrlState> ensureState(oqs::Ctx& ctx, const Service& s);
// Applies an operation in one transaction with its audit row (before/after fingerprints). mynaurl.nothing_to_do
// (409) when it would do nothing.
oqs::Result<UrlState> runOperation(oqs::Ctx& ctx, const Service& s, Operation op);
// <public URL>/p/mynaurl/<token>
std::string urlFor(const oqs::Ctx& ctx, const std::string& token);

// [qr_code.cpp] The QR code of a text (error correction M) as a PNG of at least 300×300 pixels.
struct QrMatrix {
    int width = 0;                    // modules per side
    std::vector<unsigned char> dark;  // width × width, 1 = dark
};
oqs::Result<QrMatrix> encodeQr(const std::string& text);
oqs::Result<std::string> qrPng(const std::string& text);
// [qr_pdf.cpp] An A4 sheet: the display name, the service name, the QR code and the URL, Japanese font embedded.
oqs::Result<std::string> qrPdf(const std::string& displayName, const std::string& serviceName, const std::string& url);
// OQ-48: <機関コード>_<houmon|online>_QR.png|pdf
std::string qrFileName(const std::string& institutionCode, const Service& s, const std::string& ext);

// The manual's messages (SPEC.md §9, MSG-U…) and the screen's fixed texts.
inline constexpr const char* kNoticeJa = "現在のURLは使用できなくなります。";
inline constexpr const char* kOffJa = "利用しない設定のため、URLは表示されません。";                     // OQ-49
inline constexpr const char* kDownloadAskJa = "二次元バーコードをダウンロードします。よろしいですか？";  // MSG-U01
inline constexpr const char* kDownloadDoneJa = "ダウンロードが完了しました。";                           // MSG-U02
inline constexpr const char* kChangeWarnJa =                                                             // MSG-U03
    "URLを変更すると、現在のURL及び二次元バーコードは使用できなくなります。患者は変更後のURLで閲覧同意情報を登録する"
    "必要があります。";
inline constexpr const char* kChangeAskJa = "URLを変更します。よろしいですか？";  // MSG-U04
inline constexpr const char* kChangeDoneJa = "URLを変更しました。";               // MSG-U05
inline constexpr const char* kPreviousWarnJa =
    "URLを変更前に戻すと、現在のURL及び二次元バーコードは使用できなくなります。";         // MSG-U06
inline constexpr const char* kPreviousAskJa = "URLを変更前に戻します。よろしいですか？";  // MSG-U07
inline constexpr const char* kPreviousDoneJa = "URLを変更前に戻しました。";               // MSG-U08
inline constexpr const char* kFirstWarnJa =
    "最初のURLに戻すと、現在のURL及び二次元バーコードは使用できなくなります。";      // MSG-U09
inline constexpr const char* kFirstAskJa = "最初のURLに戻します。よろしいですか？";  // MSG-U10
inline constexpr const char* kFirstDoneJa = "最初のURLに戻しました。";               // MSG-U11

// [services.cpp] What patients see of an institution (institution.public_profile): the display name (SET-R10:
// settings.display_name, or 医療機関名 when it is empty) and its public settings (the two service switches).
struct PublicFace {
    std::string displayName;
    oqs::Json settings = oqs::Json::object();
};
oqs::Result<PublicFace> publicFace(oqs::Ctx& ctx, const std::string& institutionCode);

// The shared error of a service whose setting is not 「利用する」 (OQ-49).
oqs::Error serviceOff(const Service& s);

}  // namespace mynaurl
