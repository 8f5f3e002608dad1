// oqs/result.hpp — expected failures as values (validation, not found, not allowed), never as exceptions.
//
// An Error carries a stable dotted code (asserted by tests and scripts: "accounts.user_id.prefix"), an HTTP
// status, a message for people and optional per-field messages, each in Japanese and English, and optional
// parameters (what was refused, on which kind …) that a caller may branch on. The host turns it into the error
// envelope {"error":{"code","message","fields"[,"params"]}} in one place, in the caller's language (Accept-Language:
// "en…" → English, anything else → Japanese): a plugin writes both texts and never looks at the language.
//
//   return oqs::badRequest("readers.serial", "シリアル番号は10桁です。").english("The serial number has 10 digits.")
//              .field("serial", "10桁で入力してください。", "Enter 10 digits.");
//
// A text may name parameters as {name}; they are filled from params (a string, or {"ja","en"}) when the envelope
// is written: conflict("readers.taken", "「{serial}」は登録済みです。").english("{serial} is taken.")
// .param("serial", s). An Error without an English text shows its Japanese one in both languages.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace oqs {

struct Error {
    int status = 400;
    std::string code;
    std::string message;                               // Japanese (the product's language)
    nlohmann::json fields = nlohmann::json::object();  // {"user_id": "…"} or {"user_id": {"ja": "…", "en": "…"}}
    std::string messageEn;                             // English; empty: the Japanese text serves both
    nlohmann::json params = nlohmann::json::object();  // {"action": "update", "kind": "general"}

    // Not an aggregate, so {status, code, message, fields} written before the English text existed still compiles
    // without missing-initializer warnings in plugins built with -Wextra -Werror.
    Error() = default;
    Error(int status_, std::string code_, std::string message_, nlohmann::json fields_ = nlohmann::json::object(),
          std::string messageEn_ = {}, nlohmann::json params_ = nlohmann::json::object())
        : status(status_),
          code(std::move(code_)),
          message(std::move(message_)),
          fields(std::move(fields_)),
          messageEn(std::move(messageEn_)),
          params(std::move(params_)) {}

    Error& english(std::string text) {
        messageEn = std::move(text);
        return *this;
    }
    Error& field(const std::string& id, std::string ja, std::string en) {
        fields[id] = {{"ja", std::move(ja)}, {"en", std::move(en)}};
        return *this;
    }
    Error& param(const std::string& name, nlohmann::json value) {
        params[name] = std::move(value);
        return *this;
    }

    // The message in "ja" or "en", its {name} parameters filled.
    std::string text(const std::string& lang) const {
        return fill(lang == "en" && !messageEn.empty() ? messageEn : message, lang);
    }
    // This error as one language sees it: message and field texts in `lang`, no English copy left.
    Error localized(const std::string& lang) const {
        Error e{status, code, text(lang), nlohmann::json::object(), {}, params};
        if (fields.is_object())
            for (const auto& [id, v] : fields.items()) e.fields[id] = pick(v, lang);
        else e.fields = fields;
        return e;
    }
    // Whether the host must localise this error before a person sees it (both languages or parameters in it).
    bool bilingual() const {
        if (!messageEn.empty() || !params.empty()) return true;
        if (fields.is_object())
            for (const auto& [id, v] : fields.items())
                if (v.is_object() && v.contains("ja")) return true;
        return false;
    }

    // The transport form between host and plugin (ctx.call, storage failures); message_en and params only when set.
    nlohmann::json toJson() const {
        nlohmann::json j{{"status", status}, {"code", code}, {"message", message}};
        if (!fields.empty()) j["fields"] = fields;
        if (!messageEn.empty()) j["message_en"] = messageEn;
        if (!params.empty()) j["params"] = params;
        return j;
    }
    // Reads {"status","code","message","fields","message_en","params"} as produced by toJson() or by the host's
    // error_json.
    static Error fromJson(const nlohmann::json& j) {
        Error e;
        if (!j.is_object())
            return {500, "host.error", "不明なエラーが発生しました。", {}, "An unknown error occurred.", {}};
        e.status = j.value("status", 500);
        e.code = j.value("code", "host.error");
        e.message = j.value("message", "");
        if (auto f = j.find("fields"); f != j.end() && f->is_object()) e.fields = *f;
        if (auto m = j.find("message_en"); m != j.end() && m->is_string()) e.messageEn = m->get<std::string>();
        if (auto p = j.find("params"); p != j.end() && p->is_object()) e.params = *p;
        return e;
    }
    // The envelope's inner object {"code","message","fields"[,"params"]} in one language.
    nlohmann::json envelope(const std::string& lang) const {
        Error e = localized(lang);
        nlohmann::json err{{"code", e.code}, {"message", e.message}};
        if (!e.fields.empty()) err["fields"] = e.fields;
        if (!e.params.empty()) err["params"] = plainParams();
        return err;
    }

  private:
    static nlohmann::json pick(const nlohmann::json& v, const std::string& lang) {
        if (!v.is_object() || !v.contains("ja") || !v["ja"].is_string()) return v;
        auto en = v.find("en");
        return lang == "en" && en != v.end() && en->is_string() ? *en : v["ja"];
    }
    // Parameters as a client may read them: a bilingual parameter's "code" when it has one, else as given.
    nlohmann::json plainParams() const {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : params.items()) out[k] = v.is_object() && v.contains("code") ? v["code"] : v;
        return out;
    }
    std::string fill(std::string s, const std::string& lang) const {
        if (params.empty()) return s;
        for (const auto& [k, v] : params.items()) {
            const nlohmann::json word = pick(v, lang);
            if (!word.is_string()) continue;
            const std::string key = "{" + k + "}";
            for (size_t at = s.find(key); at != std::string::npos;
                 at = s.find(key, at + word.get_ref<const std::string&>().size()))
                s.replace(at, key.size(), word.get<std::string>());
        }
        return s;
    }
};

inline Error badRequest(std::string code, std::string message, nlohmann::json fields = nlohmann::json::object()) {
    return {400, std::move(code), std::move(message), std::move(fields)};
}
inline Error forbidden(std::string code, std::string message) { return {403, std::move(code), std::move(message), {}}; }
inline Error notFound(std::string code, std::string message) { return {404, std::move(code), std::move(message), {}}; }
inline Error conflict(std::string code, std::string message, nlohmann::json fields = nlohmann::json::object()) {
    return {409, std::move(code), std::move(message), std::move(fields)};
}

// A value or an Error. Deliberately tiny: ok(), value(), error(), and -> / *. [[nodiscard]]: a failure that is
// not looked at is a failure lost, so ignoring a Result is a compile error (-Werror); `(void)` says it on purpose.
template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : m_v(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {}  // NOLINT(google-explicit-constructor)
    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    const Error& error() const { return std::get<1>(m_v); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

  private:
    std::variant<T, Error> m_v;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace oqs
