// provision.hpp — what the operating organisation does outside the console: create an institution with its master
// and master-reset accounts (CLI `institution add`, the demo, and the test harness all use this one path).
#pragma once

#include "host.hpp"

#include <optional>
#include <string>

namespace oqs::host {

struct NewInstitution {
    Institution institution;
    std::string masterId, masterPassword, resetId, resetPassword;
    Json toJson() const;  // {"institution","accounts":[{"kind","user_id","initial_password"}…]}
};

oqs::Result<NewInstitution> provisionInstitution(Host& host, const std::string& code, const std::string& name,
                                                 const std::string& kind, const std::string& usageStart,
                                                 std::optional<std::string> ehrStart = std::nullopt,
                                                 bool pmhPilot = false, const std::string& masterId = "master",
                                                 const std::string& resetId = "mreset");

}  // namespace oqs::host
