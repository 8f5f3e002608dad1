// activation.hpp — the parts of the activation plugin the entry file assembles, and what they share.
#pragma once

#include <oqs/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace activation {

using oqs::Json;

// Table of contents (plugin.cpp calls these; each lives in its own file).
void registerMigrations(oqs::Plugin& p);     // plugin.cpp
void registerConsoleRoutes(oqs::Plugin& p);  // console_routes.cpp: issue, search, invalidate (administrators)
void registerDeviceRoutes(oqs::Plugin& p);   // device_routes.cpp: the app registers a device, asks its status
void registerPanel(oqs::Plugin& p);          // panel.cpp: ［アクティベーションコード管理］ and menu ⑫
// The screen's forms as field lists (panel.cpp), also the console routes' OpenAPI descriptions.
std::vector<Json> conditionFields(const std::string& status = "all", bool validOnly = true);
std::vector<Json> issueFields();

// [SECTION] Codes and tokens (codes.cpp)
inline constexpr int kCodeDigits = 12;
inline constexpr size_t kMaxMemoChars = 50;        // OQ-51
inline constexpr size_t kMaxDeviceNameChars = 50;  // the app's own label for the device
// 12 decimal digits, each drawn uniformly from the OS CSPRNG (no modulo bias); leading zeros kept.
std::string newCode();
bool isCode(std::string_view s);
// A device credential: 32 random bytes as 64 hex characters. Only its SHA-256 (hex) is stored.
std::string newDeviceToken();
std::string tokenHash(std::string_view token);
// A stored time (UTC milliseconds) as the screens show it: Japan time, "yyyy/mm/dd hh:mm:ss".
std::string japanTime(int64_t ms);
// Free text a person typed (a memo, a device name): valid UTF-8, no control characters, at most max characters.
bool acceptableText(std::string_view s, size_t maxChars);
// "****…1234": what an audit row keeps of a code a device sent (enough to tell attempts apart, not to reuse one).
std::string maskedCode(std::string_view code);

// [SECTION] Messages (messages.cpp): SPEC.md §9 MSG-V01…V06 and the plugin's own errors, in ja and en.
Json label(const std::string& key);                                              // {"ja","en"} for a panel
std::string text(const std::string& key, const std::string& lang);               // one language, for an error
oqs::Error error(int status, const std::string& code, const std::string& lang);  // code "activation.<key>"

// [SECTION] Settings and options
// ACT-01: the institution uses 訪問診療等機能 (the settings plugin's field settings.home_visit is "use").
bool homeVisitOn(oqs::Ctx& ctx);
// OQ-50: minutes after issue before a code registers a device (operator option activationDelayMinutes, default 0).
int64_t activationDelayMs(oqs::Ctx& ctx);

}  // namespace activation
