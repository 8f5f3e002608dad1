// The two services of ［医療機関別URL取得・変更］ and whether the institution uses them (SPEC.md §6.2, OQ-49).
#include "mynaurl.hpp"

namespace mynaurl {

const std::vector<Service>& services() {
    static const std::vector<Service> kServices = {
        {"home_visit", "訪問診療等", "Home-visit care", "settings.home_visit", "houmon"},
        {"online", "オンライン診療等・外来診療等（通常とは異なる動線）",
         "Online consultation / non-standard outpatient care", "settings.online", "online"},
    };
    return kServices;
}

const Service* findService(const std::string& id) {
    for (const auto& s : services())
        if (s.id == id) return &s;
    return nullptr;
}

bool serviceOn(const Service& s, const oqs::Json& values) {
    return values.is_object() && values.value(s.settingKey, oqs::Json()) == kSettingOn;
}

oqs::Result<oqs::Json> currentSettings(oqs::Ctx& ctx) {
    // Not ctx.settings() (the snapshot taken at login): a setting turned off must close the URL at once, and the
    // stored value is what the patients' page reads too.
    auto got = ctx.call("settings.get");
    if (!got) return got.error();
    return got->value("values", oqs::Json::object());
}

oqs::Result<PublicFace> publicFace(oqs::Ctx& ctx, const std::string& institutionCode) {
    auto profile = ctx.call("institution.public_profile", {{"code", institutionCode}});
    if (!profile) return profile.error();
    PublicFace face;
    face.settings = profile->value("public_settings", oqs::Json::object());
    if (auto n = face.settings.find("settings.display_name"); n != face.settings.end() && n->is_string())
        face.displayName = n->get<std::string>();
    if (face.displayName.empty()) face.displayName = profile->value("name", "");
    return face;
}

oqs::Error serviceOff(const Service& s) {
    return oqs::conflict("mynaurl.service_off",
                         "「" + s.nameJa +
                             "」は利用しない設定のため、URLを表示・変更できません。環境設定情報更新で「利用する」"
                             "を選択してください。");
}

}  // namespace mynaurl
