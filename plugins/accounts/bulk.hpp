// bulk.hpp — bulk registration (アカウント一括登録, SPEC.md §2.13–2.15) on the host's job queue: upload and
// check (bulk_routes.cpp), the job (bulk_job.cpp), the two screens (bulk_panels.cpp), the file (bulk_file.hpp).
//
// An upload is stored in accounts_bulk_uploads and a job "bulk" is queued in the same transaction; the job
// replaces the file with the result file. Result files hold initial passwords: they are stored sealed under the
// host's key (oqs/secrets.hpp), so the database alone reveals none; only the uploader may download them, each
// download is audited, and they are deleted after kKeepMs (the initial passwords have expired by then).
#pragma once

#include "accounts.hpp"

namespace oqs::accounts::bulk {

inline constexpr int64_t kKeepMs = int64_t(30) * 24 * 60 * 60 * 1000;

void registerRoutes(Plugin& p);
void registerPanels(Plugin& p);
void registerMenu(Plugin& p);
oqs::Result<Json> run(oqs::Ctx& ctx, const Json& payload);  // the job

}  // namespace oqs::accounts::bulk
