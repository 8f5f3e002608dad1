// pdf.hpp — the account settings sheet (アカウント設定情報, SPEC.md ACC-REG-03 / OQ-18): A4 portrait, drawn with
// cairo, the Japanese font embedded (a subset of Noto Sans CJK JP from Debian's fonts-noto-cjk) so the sheet
// opens the same in every viewer.
#pragma once

#include <oqs/result.hpp>
#include <string>

namespace oqs::accounts {

struct SheetData {
    std::string institutionCode, institutionName, kindLabel, userId, name, kana;
    std::string initialPassword, initialExpires;  // expiry as shown: yyyy/mm/dd hh:mm (JST)
    std::string startDate, endDate, issuedAt;     // yyyy/mm/dd; end may be ""
};

// The PDF bytes, or accounts.pdf.font (no Japanese font installed) / accounts.pdf.render (500).
oqs::Result<std::string> renderAccountSheet(const SheetData& data);
// The file name the download offers (OQ-18): アカウント設定情報_<ユーザID>.pdf
std::string sheetFileName(const std::string& userId);

}  // namespace oqs::accounts
