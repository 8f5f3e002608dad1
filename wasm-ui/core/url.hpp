// url.hpp — building call paths and reading download names.
#pragma once

#include "json_util.hpp"

#include <string>

namespace oqs::ui {

std::string percentEncode(const std::string& s);
std::string percentDecode(const std::string& s);
// Replaces each {name} in a path by values[name] (percent-encoded); missing names become "".
std::string substitutePath(const std::string& path, const Json& values);
// "a=1&b=x" from a JSON object's scalar members (empty strings and nulls are left out).
std::string queryString(const Json& values);
// Appends a query to a path that may already have one.
std::string withQuery(const std::string& path, const std::string& query);
// The file name of a Content-Disposition header: RFC 5987 filename*=UTF-8''… wins over filename="…".
std::string fileNameFromDisposition(const std::string& header);

}  // namespace oqs::ui
