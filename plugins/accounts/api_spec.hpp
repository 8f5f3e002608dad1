// api_spec.hpp — what the accounts routes take and answer, for GET /api/openapi.json (oqs/api_schema.hpp).
// The request specs are form specs (oqs/form.hpp), the same rules the screens of panels.cpp show, without the
// per-caller parts (values, the roles a caller may choose); the answers mirror routes_common.cpp.
#pragma once

#include <oqs/plugin.hpp>

namespace oqs::accounts::api {

Json registerForm();      // POST /accounts
Json searchForm();        // GET /accounts and GET /search (query)
Json updateForm();        // PATCH /accounts/{user_id}
Json accountSchema();     // accountRow()
Json credentialSchema();  // credentialAnswer(): register and password reset
Json searchSchema();      // GET /accounts
Json updateSchema();      // PATCH /accounts/{user_id}
Json messageSchema();     // {"message", …} completion answers (delete)
Json gotoSchema();        // {"goto"} answers (GET /search)

}  // namespace oqs::accounts::api
