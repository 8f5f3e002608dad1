// oqs/result.hpp — expected failures as values (validation, not found, not allowed), never as exceptions.
//
// An Error carries a stable dotted code (asserted by tests and scripts: "accounts.user_id.prefix"), an HTTP
// status, a message for people (Japanese by default) and optional per-field messages. The host turns it into
// the error envelope {"error":{"code","message","fields"}} in one place.
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
    std::string message;
    nlohmann::json fields = nlohmann::json::object();  // {"user_id": "…"}

    nlohmann::json toJson() const {
        nlohmann::json j{{"status", status}, {"code", code}, {"message", message}};
        if (!fields.empty()) j["fields"] = fields;
        return j;
    }
    // Reads {"status","code","message","fields"} as produced by toJson() or by the host's error_json.
    static Error fromJson(const nlohmann::json& j) {
        Error e;
        if (!j.is_object()) return {500, "host.error", "不明なエラーが発生しました。", {}};
        e.status = j.value("status", 500);
        e.code = j.value("code", "host.error");
        e.message = j.value("message", "");
        if (auto f = j.find("fields"); f != j.end() && f->is_object()) e.fields = *f;
        return e;
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
    Result(T value) : m_v(std::move(value)) {}        // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {}    // NOLINT(google-explicit-constructor)
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
