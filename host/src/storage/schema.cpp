#include "storage/schema.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace oqs::host {

namespace {
// Append only: a released step is never edited, a change is a new step.
const std::vector<std::pair<int, const char*>> kSteps = {
    {1, R"sql(
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK(kind IN ('MED','PHA')),
  subkind TEXT NOT NULL,
  usage_start TEXT NOT NULL,
  ehr_start TEXT,
  pmh_pilot INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL);
CREATE TABLE related_institutions(
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  code TEXT NOT NULL, name TEXT NOT NULL, established TEXT, closed TEXT);
-- UNIQUE over every row, deleted ones included: a deleted user ID is never usable again (ACC-UID-06).
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  kana TEXT NOT NULL DEFAULT '',
  valid INTEGER NOT NULL DEFAULT 1,
  locked INTEGER NOT NULL DEFAULT 0,
  failed_count INTEGER NOT NULL DEFAULT 0,
  start_date TEXT NOT NULL,
  end_date TEXT,
  password_hash TEXT NOT NULL,
  password_initial INTEGER NOT NULL DEFAULT 1,
  password_set_ms INTEGER NOT NULL,
  deleted_ms INTEGER,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  UNIQUE(institution_id, user_id));
CREATE INDEX accounts_search ON accounts(institution_id, kind, user_id);
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  csrf TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  remote TEXT NOT NULL DEFAULT '',
  password_change_required INTEGER NOT NULL DEFAULT 0);
CREATE INDEX sessions_institution ON sessions(institution_id);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  institution TEXT NOT NULL,
  user_id TEXT NOT NULL,
  account_kind TEXT NOT NULL,
  remote TEXT NOT NULL,
  source TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
-- Append-only from inside the product; editing the file by other means breaks the hash chain (audit verify).
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TABLE jobs(
  id INTEGER PRIMARY KEY,
  plugin TEXT NOT NULL,
  kind TEXT NOT NULL,
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  status TEXT NOT NULL CHECK(status IN ('queued','running','done','failed')),
  payload TEXT NOT NULL,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  progress_done INTEGER NOT NULL DEFAULT 0,
  progress_total INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  started_ms INTEGER,
  finished_ms INTEGER);
CREATE INDEX jobs_status ON jobs(status, id);
CREATE INDEX jobs_owner ON jobs(institution_id, plugin, kind, id);
CREATE TABLE plugin_migrations(
  plugin TEXT NOT NULL, version INTEGER NOT NULL, applied_ms INTEGER NOT NULL, PRIMARY KEY(plugin, version));
CREATE TABLE settings_values(
  institution_id INTEGER NOT NULL REFERENCES institutions(id),
  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(institution_id, key));
CREATE TABLE notices(
  id INTEGER PRIMARY KEY, published TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL);
)sql"},
    // Account search counts the live accounts of the caller's scope on every page: this index answers the count
    // without reading the table (100,000 accounts: 15 ms → 4 ms, bench/accounts).
    {2, R"sql(
CREATE INDEX accounts_live ON accounts(institution_id, deleted_ms, kind, user_id);
)sql"},
    // A bulk job writes its accounts in short transactions, so other requests never wait long for the write lock
    // (services.hpp account.stage_many). Until the job commits to registering them they are pending: marked with
    // the job, and with deleted_ms set so every query that skips deleted accounts skips them too; their IDs are
    // reserved. A job's checkpoint lets it resume after a crash instead of starting over.
    {3, R"sql(
ALTER TABLE accounts ADD COLUMN pending_job INTEGER;
CREATE INDEX accounts_pending ON accounts(pending_job) WHERE pending_job IS NOT NULL;
ALTER TABLE jobs ADD COLUMN checkpoint TEXT;
)sql"},
    // The viewing-event log (SPEC.md §1.12, viewing.hpp): append-only and chained with a keyed hash like the audit
    // log; read per institution by period, with or without a category, in time order.
    {4, R"sql(
CREATE TABLE viewing_events(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  institution TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  category TEXT NOT NULL,
  patient_name TEXT NOT NULL,
  patient_kana TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  insurer_number TEXT NOT NULL,
  card_symbol TEXT NOT NULL,
  card_number TEXT NOT NULL,
  card_branch TEXT NOT NULL,
  recorded_ms INTEGER NOT NULL,
  source TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE INDEX viewing_by_time ON viewing_events(institution, at_ms, id);
CREATE INDEX viewing_by_category ON viewing_events(institution, category, at_ms, id);
CREATE TRIGGER viewing_no_update BEFORE UPDATE ON viewing_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER viewing_no_delete BEFORE DELETE ON viewing_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
)sql"},
    // Account search answers the exact number of live accounts of the caller's scope on every page. Counting them
    // read 100,000 index entries per page (about 7 ms of CPU); these counters, one per institution and kind, are
    // kept by triggers inside the very statement that changes an account (register, update of kind or deletion,
    // a bulk job's pending rows becoming live or being dropped), so they can never disagree with the table
    // (tests/accounts/search_total_test.cpp). PostgreSQL: the same table, the same upserts in a PL/pgSQL trigger
    // function (AFTER INSERT OR DELETE OR UPDATE OF institution_id, kind, deleted_ms ON accounts FOR EACH ROW).
    {5, R"sql(
CREATE TABLE accounts_live_counts(
  institution_id INTEGER NOT NULL, kind TEXT NOT NULL, live INTEGER NOT NULL, PRIMARY KEY(institution_id, kind));
INSERT INTO accounts_live_counts(institution_id, kind, live)
  SELECT institution_id, kind, count(*) FROM accounts WHERE deleted_ms IS NULL GROUP BY institution_id, kind;
CREATE TRIGGER accounts_live_insert AFTER INSERT ON accounts WHEN NEW.deleted_ms IS NULL BEGIN
  INSERT INTO accounts_live_counts(institution_id, kind, live) VALUES(NEW.institution_id, NEW.kind, 1)
    ON CONFLICT(institution_id, kind) DO UPDATE SET live = live + 1;
END;
CREATE TRIGGER accounts_live_delete AFTER DELETE ON accounts WHEN OLD.deleted_ms IS NULL BEGIN
  UPDATE accounts_live_counts SET live = live - 1 WHERE institution_id = OLD.institution_id AND kind = OLD.kind;
END;
CREATE TRIGGER accounts_live_update AFTER UPDATE OF institution_id, kind, deleted_ms ON accounts BEGIN
  UPDATE accounts_live_counts SET live = live - 1
    WHERE OLD.deleted_ms IS NULL AND institution_id = OLD.institution_id AND kind = OLD.kind;
  INSERT INTO accounts_live_counts(institution_id, kind, live)
    SELECT NEW.institution_id, NEW.kind, 1 WHERE NEW.deleted_ms IS NULL
    ON CONFLICT(institution_id, kind) DO UPDATE SET live = live + 1;
END;
)sql"},
    // Partial-name search (issue 18): `LIKE '%…%'` read every account of the institution (100,000: 75 ms). This
    // table holds, for every live account, each 2-character piece of its name and of its kana and the last
    // character alone ("山田 太郎" → 山田, 田␣, ␣太, 太郎, 郎), ASCII letters lower-cased as SQLite's LIKE compares
    // them, prefixed n (name) or k (kana). A needle of 2 characters is then one index range in user-ID order; of 1
    // character, the range of pieces that start with it; of 3 or more, the accounts holding its rarest piece, checked
    // with the same LIKE as before (services.cpp accountSearch). FTS5's trigram index would not serve the 1- and
    // 2-character needles Japanese names mostly are. The account's kind and flags ride along so a search with those
    // filters counts from the index alone. Kept in step by triggers inside the statement that changes the account
    // (plain SQL over a table of positions: triggers cannot use WITH), so no writer can forget it; names are at
    // most 512 characters (the host refuses longer ones, identity.cpp). PostgreSQL: the same tables and index, the
    // trigger bodies in a PL/pgSQL function over generate_series(1, 512), the index with COLLATE "C" (the 1-character
    // range compares bytes).
    {6, R"sql(
CREATE TABLE accounts_gram_positions(i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 512)
INSERT INTO accounts_gram_positions(i) SELECT i FROM n;
CREATE TABLE accounts_name_grams(
  institution_id INTEGER NOT NULL, gram TEXT NOT NULL, user_id TEXT NOT NULL, account_id INTEGER NOT NULL,
  kind TEXT NOT NULL, valid INTEGER NOT NULL, locked INTEGER NOT NULL);
CREATE INDEX accounts_name_grams_search
  ON accounts_name_grams(institution_id, gram, user_id, kind, valid, locked, account_id);
INSERT INTO accounts_name_grams(institution_id, gram, user_id, account_id, kind, valid, locked)
  SELECT a.institution_id, 'n' || substr(lower(a.name), p.i, 2), a.user_id, a.id, a.kind, a.valid, a.locked
    FROM accounts a JOIN accounts_gram_positions p ON p.i <= length(a.name) WHERE a.deleted_ms IS NULL
  UNION
  SELECT a.institution_id, 'k' || substr(lower(a.kana), p.i, 2), a.user_id, a.id, a.kind, a.valid, a.locked
    FROM accounts a JOIN accounts_gram_positions p ON p.i <= length(a.kana) WHERE a.deleted_ms IS NULL;
CREATE TRIGGER accounts_grams_insert AFTER INSERT ON accounts WHEN NEW.deleted_ms IS NULL BEGIN
  INSERT INTO accounts_name_grams(institution_id, gram, user_id, account_id, kind, valid, locked)
    SELECT NEW.institution_id, g, NEW.user_id, NEW.id, NEW.kind, NEW.valid, NEW.locked FROM (
      SELECT 'n' || substr(lower(NEW.name), i, 2) AS g FROM accounts_gram_positions WHERE i <= length(NEW.name)
      UNION SELECT 'k' || substr(lower(NEW.kana), i, 2) FROM accounts_gram_positions WHERE i <= length(NEW.kana));
END;
CREATE TRIGGER accounts_grams_update AFTER UPDATE OF institution_id, user_id, kind, name, kana, valid, locked,
    deleted_ms ON accounts BEGIN
  DELETE FROM accounts_name_grams WHERE OLD.deleted_ms IS NULL AND institution_id = OLD.institution_id
    AND user_id = OLD.user_id AND account_id = OLD.id AND gram IN (
      SELECT 'n' || substr(lower(OLD.name), i, 2) FROM accounts_gram_positions WHERE i <= length(OLD.name)
      UNION SELECT 'k' || substr(lower(OLD.kana), i, 2) FROM accounts_gram_positions WHERE i <= length(OLD.kana));
  INSERT INTO accounts_name_grams(institution_id, gram, user_id, account_id, kind, valid, locked)
    SELECT NEW.institution_id, g, NEW.user_id, NEW.id, NEW.kind, NEW.valid, NEW.locked FROM (
      SELECT 'n' || substr(lower(NEW.name), i, 2) AS g FROM accounts_gram_positions WHERE i <= length(NEW.name)
      UNION SELECT 'k' || substr(lower(NEW.kana), i, 2) FROM accounts_gram_positions WHERE i <= length(NEW.kana))
    WHERE NEW.deleted_ms IS NULL;
END;
CREATE TRIGGER accounts_grams_delete AFTER DELETE ON accounts WHEN OLD.deleted_ms IS NULL BEGIN
  DELETE FROM accounts_name_grams WHERE institution_id = OLD.institution_id AND user_id = OLD.user_id
    AND account_id = OLD.id AND gram IN (
      SELECT 'n' || substr(lower(OLD.name), i, 2) FROM accounts_gram_positions WHERE i <= length(OLD.name)
      UNION SELECT 'k' || substr(lower(OLD.kana), i, 2) FROM accounts_gram_positions WHERE i <= length(OLD.kana));
END;
)sql"},
};
}  // namespace

const std::set<std::string>& hostObjectNames() {
    // Read from the steps themselves (run once on an empty in-memory database), so a new step can never be
    // forgotten here.
    static const std::set<std::string> names = [] {
        Connection scratch(":memory:");
        migrateHost(scratch);
        std::set<std::string> out;
        auto s = scratch.prepare("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
        while (s.step()) out.insert(s.text(0));
        return out;
    }();
    return names;
}

void migrateHost(Connection& c) {
    c.execScript("CREATE TABLE IF NOT EXISTS host_migrations(version INTEGER PRIMARY KEY)");
    for (const auto& [version, sql] : kSteps) {
        Transaction tx(c);
        auto s = c.prepare("SELECT 1 FROM host_migrations WHERE version = ?");
        s.bind(1, version);
        if (s.step()) continue;
        c.execScript(sql);
        c.exec("INSERT INTO host_migrations(version) VALUES(?)", version);
        tx.commit();
    }
}

}  // namespace oqs::host
