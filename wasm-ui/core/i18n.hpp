// i18n.hpp — the client's own words. Japanese is the default (the users are Japanese institutions); English is a
// switch in the header. Panel labels come from the host; only the client's frame (login, menu, dialogs) is here.
#pragma once

#include "json_util.hpp"

namespace oqs::ui {

inline const char* tr(Lang lang, const char* ja, const char* en) { return lang == Lang::En ? en : ja; }

}  // namespace oqs::ui
