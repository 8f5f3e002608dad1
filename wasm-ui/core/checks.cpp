// The client's side of "one form spec, two checkers": the rules are oqs/form.hpp's, shared with the plugins that
// check the same fields on the server; this file only picks the language.
#include "checks.hpp"

#include <oqs/form.hpp>

namespace oqs::ui {

std::size_t utf8Length(const std::string& s) { return oqs::form::chars(s); }
std::string normaliseDate(const std::string& s) { return oqs::form::normaliseDate(s); }
std::string normaliseDateTime(const std::string& s) { return oqs::form::normaliseDateTime(s); }
bool isEmptyValue(const Json& field, const Json& value) { return oqs::form::isEmptyValue(field, value); }

std::string checkField(const Json& field, const Json& value, Lang lang, long long fileBytes) {
    oqs::form::Message m = oqs::form::checkField(field, value, fileBytes);
    return lang == Lang::En ? m.en : m.ja;
}

}  // namespace oqs::ui
