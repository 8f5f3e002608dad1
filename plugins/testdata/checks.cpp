// Input rules of the setup screen (OQ-38). The field specs here are what the panel sends to the client and what
// the routes check the request against (oqs::checkedBody): one spec, the same code on both sides.
#include "testdata.hpp"

namespace testdata {

using oqs::panel::L;

Json serialField(const std::string& id) {
    // MSG-T11 for anything that is not half-width decimal digits, full-width digits included: the serial is read
    // off a test card, and a full-width one would never match what the reader sends.
    return oqs::panel::Field(id, "text", L("シリアル番号", "Serial number"))
        .required()
        .max(40)
        .pattern("^[0-9]+$")
        .message(L("シリアル番号は10進数（半角数字）で入力してください。",
                   "Enter the serial number in decimal (half-width digits)."));
}

std::string checkSerial(const std::string& serial, const std::string& lang) {
    auto m = oqs::form::checkField(serialField("serial"), Json(serial));
    return lang == "en" ? m.en : m.ja;
}

std::optional<int> typeOf(const Json& v) {
    int id = 0;
    if (v.is_number_integer()) {
        auto n = v.get<int64_t>();
        if (n < 1 || n > 14) return std::nullopt;
        id = int(n);
    } else if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (s.empty() || s.size() > 2) return std::nullopt;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            id = id * 10 + (c - '0');
        }
    } else {
        return std::nullopt;
    }
    return qualType(id) ? std::optional<int>(id) : std::nullopt;
}

Json typeField(const std::string& id, Json label, const std::vector<int>& allowed) {
    oqs::panel::Field f(id, "select", std::move(label));
    f.required().message(L("テスト用資格情報を選択してください。", "Choose a test qualification."));
    for (const auto& t : qualTypes())
        if (allowed.empty() || std::find(allowed.begin(), allowed.end(), t.id) != allowed.end())
            f.option(std::to_string(t.id), L(t.ja, t.en));
    return f;
}

}  // namespace testdata
