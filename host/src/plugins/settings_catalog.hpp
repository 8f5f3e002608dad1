// settings_catalog.hpp — the institution settings fields every loaded plugin contributes (oqs/manifest.hpp), and
// the rules that keep their values consistent. Pure logic: the host stores the values; this decides what they
// may be. The settings screen, the menu rules and other plugins all read values normalised here.
#pragma once

#include "oqs/result.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace oqs::host {

class SettingsCatalog {
  public:
    // Ok when the plugin's fields are valid and fit with those already registered, else an error (plugin.settings)
    // whose message is a one-line reason.
    oqs::Status check(const std::string& pluginId, const nlohmann::json& fields) const;
    // check() then register. Returns the same refusal on failure (and registers nothing).
    oqs::Status add(const std::string& pluginId, const nlohmann::json& fields);

    // The fields shown to an institution kind ("MED"/"PHA"), by section order then field order.
    nlohmann::json fieldsFor(std::string_view kind) const;
    // Stored values over defaults for the kind's fields; a field its rule disables takes its offValue.
    nlohmann::json withDefaults(const nlohmann::json& stored, std::string_view kind, const nlohmann::json& flags) const;
    // Validates a change: {"before","after","changed"} or an Error (settings.unknown_key, settings.choice,
    // settings.type, settings.length, settings.rule, settings.terms) with per-field messages.
    oqs::Result<nlohmann::json> apply(const nlohmann::json& stored, const nlohmann::json& requested,
                                      const nlohmann::json& acceptedTerms, std::string_view kind,
                                      const nlohmann::json& flags) const;

  private:
    const nlohmann::json* find(const std::string& key) const;
    nlohmann::json normalise(nlohmann::json values, const std::vector<const nlohmann::json*>& fields,
                             const nlohmann::json& flags) const;
    std::vector<const nlohmann::json*> applicable(std::string_view kind) const;
    std::vector<nlohmann::json> m_fields;  // each with "plugin" added
};

}  // namespace oqs::host
