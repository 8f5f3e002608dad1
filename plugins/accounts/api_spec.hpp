// api_spec.hpp — what the accounts routes answer, for GET /api/openapi.json (oqs/api_schema.hpp). What they take
// is described from the forms the screens show and the routes check (forms.hpp); the answers mirror
// routes_common.cpp and bulk_routes.cpp.
#pragma once

#include <oqs/plugin.hpp>

namespace oqs::accounts::api {

Json accountSchema();     // accountRow()
Json credentialSchema();  // credentialAnswer(): register and password reset
Json searchSchema();      // GET /accounts
Json updateSchema();      // PATCH /accounts/{user_id}
Json messageSchema();     // {"message", …} completion answers (delete)
Json gotoSchema();        // {"goto"} answers (GET /search)
// Bulk registration (bulk_routes.cpp)
std::string bulkFileDescription();  // what the raw CSV body of POST /bulk and /bulk/check holds
Json bulkReceiptSchema();           // POST /bulk: 202
Json bulkCheckSchema();             // POST /bulk/check
Json bulkJobsSchema();              // GET /bulk
Json templateQuery();               // GET /bulk/template.csv

}  // namespace oqs::accounts::api
