// oqs/kinds.hpp — account kinds and institution kinds as they appear in JSON (SPEC.md §0.2, §0.4).
#pragma once

#include <array>
#include <string_view>

namespace oqs {

// Account kinds, lower case as on the wire.
inline constexpr std::string_view kMaster = "master";
inline constexpr std::string_view kMasterReset = "master_reset";
inline constexpr std::string_view kAdmin = "admin";
inline constexpr std::string_view kGeneral = "general";
inline constexpr std::string_view kMedinfo = "medinfo";
inline constexpr std::string_view kWebapi = "webapi";
inline constexpr std::string_view kLinkapp = "linkapp";
inline constexpr std::string_view kFace = "face";

inline constexpr std::array<std::string_view, 8> kAccountKinds{kMaster,  kMasterReset, kAdmin,   kGeneral,
                                                               kMedinfo, kWebapi,      kLinkapp, kFace};

inline bool isAccountKind(std::string_view k) {
    for (auto x : kAccountKinds)
        if (x == k) return true;
    return false;
}
// System accounts authenticate API calls only and never get a console session.
inline bool isSystemKind(std::string_view k) { return k == kWebapi || k == kLinkapp || k == kFace; }

// The 権限区分 label of each kind (SPEC.md §0.4, OQ-17 for the two master kinds).
inline std::string_view kindLabelJa(std::string_view k) {
    if (k == kMaster) return "マスタ";
    if (k == kMasterReset) return "マスタリセット";
    if (k == kAdmin) return "管理者";
    if (k == kGeneral) return "一般利用者";
    if (k == kMedinfo) return "医療情報閲覧";
    if (k == kWebapi) return "WebAPI用";
    if (k == kLinkapp) return "連携アプリケーション用";
    if (k == kFace) return "顔認証付きカードリーダー用";
    return "";
}

// Institution kinds: MED = 医科・歯科・訪看, PHA = 薬局.
inline constexpr std::string_view kMed = "MED";
inline constexpr std::string_view kPha = "PHA";

}  // namespace oqs
