// oqs/services.hpp — the host services a plugin reaches with ctx.call("<operation>", json).
//
// Every operation acts for the ctx's account on the ctx's institution only (a plugin cannot name another
// institution) and runs in the ctx's transaction, so a plugin's own writes, identity changes and audit rows commit
// or roll back together. Errors come back as oqs::Error with the codes below. Dates are "yyyy-mm-dd"; times are
// ISO-8601 UTC ("2026-11-25T01:02:03Z"); the client shows them in Japan time.
//
// Index
//   [SECTION] Institution
//   [SECTION] Identity (accounts): the hierarchy of SPEC.md §2.2 is enforced here, whoever calls
//   [SECTION] Sessions
//   [SECTION] Settings
//   [SECTION] Jobs
//   [SECTION] Contributions (extension points)
//
// Breaking-changes log (newest first)
//   1.3  2026-11-28  notices.list added (the host's own screens became the built-in plugin "console").
//   1.3  2026-11-28  account.search may be taken as rows too (ctx.rows: the list's columns, no JSON per account).
//   1.3  2026-11-28  operations that answer rows may be taken as a read-only statement (ctx.rows, ABI 1.3
//                    call_rows): "viewing.page" (docs/plugins.md "Rows without JSON").
//   1.1  2026-11-28  account.exists_many added; account.search takes "after" (keyset paging).
//   1.1  2026-11-28  account.prepare_many, account.stage_many, account.activate_pending, account.discard_pending,
//                    secret.seal, secret.open, job.active, job.checkpoint, job.resume, job.complete added; jobs may
//                    run in their own transactions ("jobModes"); a busy database answers 503 host.busy.
//   1.0  2026-11-25  account.rights added.
//   1.0  2026-11-25  first version.
//
// [SECTION] Institution
//   notices.list           {} → {"notices":[{"published":"yyyy-mm-dd","title","body"}]}, newest first, at most
//                           100: what the system's operator published to every institution (お知らせ).
//   institution.get        {} → {"code","name","kind":"MED|PHA","usage_start","ehr_start"|null,"pmh_pilot",
//                           "related":[{"code","name","established","closed"|null}]}
//
// [SECTION] Identity
//   An account object: {"user_id","kind","name","kana","valid":bool,"locked":bool,"start_date","end_date"|null,
//   "initial_password":bool (still the initial one),"initial_expires_at"|null,"created_at","updated_at"}.
//   Who may act on whom (SPEC.md §2.2): register — master→admin, admin→general/medinfo/webapi/linkapp/face;
//   update/delete — the same pairs (nobody updates master or master_reset); reset password — master_reset→master,
//   master→admin, admin→the five others; search/get — exactly the kinds the caller may update or reset.
//   account.create         {"kind","user_id","name","kana","start_date","end_date"?} → {"user_id","kind",
//                           "initial_password","initial_expires_at"}. The host checks the kind pair and that the
//                           ID was never used in the institution (deleted IDs included, case-sensitive):
//                           identity.forbidden (403), identity.user_id.taken (409), identity.invalid (400).
//                           Field rules (prefixes, lengths, character sets) are the calling plugin's to check.
//   account.exists         {"user_id"} → {"exists":bool,"deleted":bool}
//   account.exists_many    {"user_ids":[…] (≤ 20000)} → {"taken":{user_id:{"deleted":bool}}}: account.exists for many
//                           IDs in one call; an ID not listed is free.
//   account.get            {"user_id"} → account (identity.not_found 404 when outside the caller's scope)
//   account.search         {"kinds"?:[…],"user_id"?,"name"? (partial),"kana"? (partial),"valid"?:bool,
//                           "locked"?:bool,"start_date"?,"end_date"?,"after"?,"offset"?:0,"limit"?:100 (≤1000)}
//                           → {"total","rows":[account…]} sorted by user_id, never deleted accounts. "after": only
//                           user IDs greater than it (keyset paging: as fast at any depth; "total" still counts
//                           every match). Names and kana are matched as SQLite's LIKE '%…%' does (ASCII letters
//                           in either case).
//                           As rows (ctx.rows, the same input and checks): columns total, user_id, kind, name, kana,
//                           valid (0/1), locked (0/1), start_date, end_date (NULL when open), initial_password
//                           (0/1); one row per account of the page in user-ID order, each carrying the total. A
//                           page without accounts is one row whose user_id is NULL, so the total still arrives.
//   account.update         {"user_id","name"?,"kana"?,"valid"?,"unlock"?:true,"start_date"?,"end_date"?}
//                           → {"before":account,"after":account}
//   account.delete         {"user_id"} → {} (logical; the ID stays reserved)
//   account.reset_password {"user_id"} → {"initial_password","initial_expires_at"} (clears the lock too)
//   account.rights         {} → {"register":[kind…],"update":[kind…],"reset":[kind…]}: what the caller may do to
//                           each kind (update covers delete), in the order of oqs/kinds.hpp — the table above,
//                           so screens offer exactly what the host will allow.
//   Many accounts at once, for a job that must not hold the write lock for long (the bulk registration):
//   account.prepare_many   {"accounts":[{"kind","user_id","name","kana","start_date","end_date"?}…] (≤ 20000)}
//                           → {"batch":n,"accounts":[{"user_id","initial_password","initial_expires_at"}…]} in
//                           order. Checks the kind pair and the host's rules for every row, generates and hashes the
//                           initial passwords; writes nothing (no transaction needed). The batch lives in the ctx.
//   account.stage_many     {"batch","offset"?:0,"limit"?:500} → {"staged","next","done"}: only in a job; writes the
//                           next rows of the batch in one short transaction as pending — invisible to every query
//                           (login, search, get), their IDs reserved. A taken ID: identity.user_id.taken (409,
//                           fields.user_id), nothing of that call stays.
//   account.activate_pending {"limit"?:500} → {"activated","left"}: registers that many of the job's pending
//                           accounts, with one audit row "identity.account.create_many" naming them.
//   account.discard_pending {"limit"?:500} → {"discarded","left"}: removes the job's pending accounts (the IDs are
//                           free again). The host also removes them when the job fails.
//
// [SECTION] Secrets
//   secret.seal            {"data": base64} → {"sealed":"oqs-seal1.…"}: XSalsa20-Poly1305 under a key derived from
//                           the host's key file (outside the database) and the plugin's id.
//   secret.open            {"sealed"} → {"data": base64}; secret.invalid (400) when altered or another plugin's.
//                           oqs/secrets.hpp wraps both.
//
// [SECTION] Sessions
//   sessions.end_institution {"keep_current"?:bool} → {"ended":n}: ends every session of the institution.
//
// [SECTION] Settings
//   A settings field is contributed in a plugin's manifest (oqs/manifest.hpp); values are stored per institution.
//   settings.schema        {} → {"fields":[field… for this institution's kind],"values":{…},"flags":{…}}
//                           flags are the "$…" values rules may read: "$ehr_available", "$pmh_pilot",
//                           "$institution_kind".
//   settings.get           {} → {"values":{key: value}} (defaults filled in)
//   settings.update        {"values":{key: value},"accepted_terms"?:[key…]} → {"before","after","changed":[key…]}
//                           A disabled field must be sent as its offValue or left out (then it is normalised);
//                           otherwise settings.rule (400) names both fields. Unknown keys: settings.unknown_key;
//                           a value outside the choices: settings.choice; terms not accepted: settings.terms.
//
// [SECTION] Jobs
//   job.enqueue            {"kind","payload":{…},"exclusive"?:bool} → {"id","created_at"}. Exclusive: refused
//                           with job.busy (409) while the institution has a queued or running job of that kind.
//   job.get                {"id"} → job; job.list {"kind"?,"mine"?:bool,"limit"?:3} → {"rows":[job…]} newest
//                           first. A job: {"id","kind","status":"queued|running|done|failed","payload","result",
//                           "error","progress":{"done","total"},"created_at","started_at","finished_at","user_id"}
//   job.active             {"kind"} → {"active":bool}: a queued or running job of that kind in the institution, read
//                           without the write lock (to refuse at once what job.enqueue would refuse after waiting).
//   job.progress           {"done","total"} — only inside run_job; seen by job.get while the job runs.
//   job.complete           {"result":{…}} — only inside run_job: records "done" with that result in the caller's
//                           transaction (a job of mode "own" calls it in its last transaction).
//   job.checkpoint         {"state":{…}} — only inside run_job, in the caller's transaction: what the job has made
//                           certain. A job with a checkpoint is run again after any number of crashes;
//   job.resume             {} → {"state":{…}|null}: the checkpoint of an earlier, interrupted run.
//   Jobs run on worker threads (at a lower CPU priority than requests) as the account that queued them. By default
//   a job runs in one transaction the host opens and commits with its outcome when run_job returns OQS_OK (rolled
//   back otherwise). A kind listed as "own" in the manifest's "jobModes" (oqs::JobMode::OwnTransactions) runs
//   outside any transaction, writes in short transactions of its own and records its outcome with job.complete.
//   A job interrupted by a crash is run again once at the next start, then marked failed ("job.interrupted"),
//   unless it left a checkpoint. A job that fails with host.busy is queued again, not failed.
//
// [SECTION] Errors every operation may answer
//   host.busy (503): the database stayed locked by another writer past the host's wait; nothing was changed.
//
// [SECTION] Contributions
//   contributions.list     {"point"} → {"items":[{"plugin","item"}…]} from every loaded plugin's manifest
//                           "contributes" (e.g. "history.categories", "testdata.categories").
#pragma once
