// oqs/manifest.hpp — the plugin manifest, as the loader reads it from oqs_plugin_descriptor::manifest_json.
//
// oqs::Plugin (oqs/plugin.hpp) writes it for C++ plugins; a C plugin writes the JSON itself. The loader refuses a
// plugin whose manifest breaks any rule below, naming the rule; every member is type-checked (a string where an
// object belongs is a refusal, never a crash).
//
//   {"id": "[a-z][a-z0-9_]{1,31}" (equal to the descriptor's id),
//    "version": "…",
//    "name": {"ja","en"?},
//    "menu": [{"group":{"id","label":L,"order"},"id","label":L,"order","panel" (one of "panels") or
//              "builtin":"password" (a screen the client has built in),
//              "kinds":[account kind…],"verificationOnly":bool,"beforeUsageStart":bool,"visibleWhen"?:rule}],
//    "header"?: [{"id","label":L,"panel" (one of "panels"),"order"?}]  links above every console screen
//    "routes": [{"method":"GET|POST|PATCH|PUT|DELETE","path":"/api/<id>/…" ({name} segments allowed),
//                "kinds":[account kind…] (non-empty),"summary","body":"json|raw|none","maxBytes"?,
//                "request"?:JSON Schema,"query"?:[OpenAPI query parameter…],"answers"?:{"<status>":JSON Schema}
//                (optional, for GET /api/openapi.json: oqs/api_schema.hpp writes them)}],
//    "panels": [{"id","kinds":[…]}],
//    "settings": [field…],
//    "jobs": ["kind"…],
//    "jobModes"?: {"kind": "host"|"own"} (who opens the job's transactions; oqs/plugin.hpp JobMode),
//    "migrations": [{"version": 1, 2, … strictly increasing, "sql"}],   tables and indexes named "<id>_…"; a
//                  migration may create, alter, drop, read and write only those (no host table, PRAGMA, ATTACH,
//                  BEGIN/COMMIT): checked by SQLite while it runs
//    "contributes": {"point": [item…]}}
//
// A settings field:
//   {"key":"[a-z][a-z0-9_.]*" (unique across plugins),"section":{"id","label":L,"order"},"order",
//    "label":L,"type":"select|text|checkbox","choices"?:[{"value","label":L}],"default",
//    "institutionKinds"?:["MED","PHA"] (default both),"enabledWhen"?:rule (over values and the "$…" flags),
//    "offValue"? (the value saved while disabled; required with enabledWhen),"maxLength"? (text),
//    "terms"?:bool (turning it to "termsValue" needs the terms accepted),"termsValue"?,"caution"?:L,
//    "hint"?:L,"required"?:bool,
//    "confirmWhen"?:{"rule":rule (over values and the "$…" flags),"text":L} (the settings screen asks for
//    confirmation when a new value makes the rule true, and puts the old value back on cancel; not with "terms")}
#pragma once

#include "oqs/kinds.hpp"
#include "oqs/rules.hpp"
