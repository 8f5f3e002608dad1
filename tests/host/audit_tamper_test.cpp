// Audit tamper (issue 19 item 6): thousands of random single-row mutations of a real audit log, each on a fresh
// copy of the file, each of which `audit verify` must report. The attacker holds the database file, knows the row
// format and the hash scheme (audit.cpp is public) but not the server key file, and cannot reach the head anchor
// beside it (docs/architecture.md, "The audit log").
//
// The log is built once by a real host; each mutation then costs a file copy and one verification.
// OQS_TAMPER_SEED replays a run; OQS_TAMPER_COUNT runs more (or fewer) mutations.
#include "audit/audit.hpp"
#include "common.hpp"
#include "identity/crypto.hpp"
#include "storage/sql.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>

using namespace oqs::test;
using oqs::host::Connection;
namespace fs = std::filesystem;

namespace {

const char* const kColumns[] = {"id",     "at_ms",  "institution", "user_id",   "account_kind", "remote",
                                "source", "action", "detail",      "prev_hash", "hash"};
constexpr const char* kSelect =
    "SELECT id, at_ms, institution, user_id, account_kind, remote, source, action, detail, prev_hash, hash "
    "FROM audit WHERE id = ?";

struct Row {
    int64_t id = 0, atMs = 0;
    std::string text[9];  // institution … hash, in kColumns order from index 2
};

Row readRow(Connection& db, int64_t id) {
    auto s = db.prepare(kSelect);
    s.bind(1, id);
    if (!s.step()) throw std::runtime_error("no audit row " + std::to_string(id));
    Row r{s.i64(0), s.i64(1), {}};
    for (int c = 0; c < 9; ++c) r.text[c] = s.text(c + 2);
    return r;
}
void writeRow(Connection& db, const Row& r) {
    db.exec(
        "INSERT INTO audit(id, at_ms, institution, user_id, account_kind, remote, source, action, detail, "
        "prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
        r.id, r.atMs, r.text[0], r.text[1], r.text[2], r.text[3], r.text[4], r.text[5], r.text[6], r.text[7],
        r.text[8]);
}

// The row format of audit.cpp, as a forger would rebuild it from the source.
std::string canonical(const Row& r) {
    std::string out;
    auto put = [&](const std::string& s) { out += std::to_string(s.size()) + ":" + s + ";"; };
    put(std::to_string(r.id));
    put(std::to_string(r.atMs));
    for (const auto& s : r.text) {
        if (&s == &r.text[8]) break;  // the row's own hash is not part of what it hashes
        put(s);
    }
    return out;
}

// The forger's best hash for a row: the unkeyed SHA-256 format of old logs, or an HMAC with a key guessed (any
// key derived without the server key file is a guess).
std::string forgedHash(const Row& r, std::mt19937_64& rng) {
    if (rng() % 2) return oqs::host::Crypto::sha256Hex(canonical(r));
    std::string guess(32, '\0');
    for (auto& ch : guess) ch = char(rng());
    if (rng() % 2) guess = oqs::host::Crypto::deriveKey(std::string(32, '\0'), "oqsaudit");
    return "hmac-sha256:" + oqs::host::Crypto::hmacSha256Hex(guess, canonical(r));
}

class Tamper {
  public:
    Tamper(Connection& db, std::mt19937_64& rng, int64_t rows) : m_db(db), m_rng(rng), m_rows(rows) {}

    // Applies one random mutation; answers its kind.
    std::string apply() {
        switch (m_rng() % 5) {
            case 0:
                return editByte();
            case 1:
                return deleteRow();
            case 2:
                return swapRows();
            case 3:
                return forgeRow();
            default:
                return truncateTail();
        }
    }

  private:
    int64_t anyRow() { return 1 + int64_t(m_rng() % uint64_t(m_rows)); }

    std::string editByte() {
        int64_t id = anyRow();
        size_t col = m_rng() % std::size(kColumns);
        std::string what = std::string("edit.") + kColumns[col];
        uint8_t flip = uint8_t(1 + m_rng() % 255);  // never 0: the byte always changes
        if (col < 2) {                              // an integer column: change one of its eight bytes
            int64_t old = readRow(m_db, id).*(col == 0 ? &Row::id : &Row::atMs);
            for (;;) {
                int64_t changed = int64_t(uint64_t(old) ^ (uint64_t(flip) << (8 * (m_rng() % 8))));
                // The id is the primary key: an edit onto another row's id is not a single-row edit.
                if (col == 0 && m_db.prepare("SELECT 1 FROM audit WHERE id = " + std::to_string(changed)).step()) {
                    flip = uint8_t(1 + m_rng() % 255);
                    continue;
                }
                m_db.exec(std::string("UPDATE audit SET ") + kColumns[col] + " = ? WHERE id = ?", changed, id);
                return what;
            }
        }
        std::string value = readRow(m_db, id).text[col - 2];
        if (value.empty()) {
            value.push_back(char(flip));  // an empty field (operator actions have no user) gains a byte
        } else {
            value[m_rng() % value.size()] ^= char(flip);
        }
        m_db.exec(std::string("UPDATE audit SET ") + kColumns[col] + " = ? WHERE id = ?", value, id);
        return what;
    }

    std::string deleteRow() {
        int64_t id = anyRow();
        m_db.exec("DELETE FROM audit WHERE id = ?", id);
        return id == m_rows ? "delete.last" : id == 1 ? "delete.first" : "delete.middle";
    }

    // Two rows trade places, each keeping its hashes (moving a row's whole content to another id).
    std::string swapRows() {
        int64_t a = anyRow(), b = anyRow();
        while (b == a) b = anyRow();
        Row ra = readRow(m_db, a), rb = readRow(m_db, b);
        std::swap(ra.id, rb.id);
        m_db.exec("DELETE FROM audit WHERE id IN (?, ?)", a, b);
        writeRow(m_db, ra);
        writeRow(m_db, rb);
        return "swap";
    }

    // A row the forger wants in the log (someone else's action, at a chosen place), then every later row re-linked
    // and re-hashed so that each prev_hash matches: all a forger without the key can do.
    std::string forgeRow() {
        int64_t at = 1 + int64_t(m_rng() % uint64_t(m_rows + 1));  // m_rows + 1: appended after the head
        Row forged = readRow(m_db, anyRow());
        forged.text[1] = "forged";
        forged.text[5] = "accounts.delete";
        forged.atMs += 1;
        std::vector<Row> later;
        for (int64_t id = at; id <= m_rows; ++id) later.push_back(readRow(m_db, id));
        m_db.exec("DELETE FROM audit WHERE id >= ?", at);
        later.insert(later.begin(), forged);
        std::string prev = at == 1 ? std::string(64, '0') : readRow(m_db, at - 1).text[8];
        for (size_t i = 0; i < later.size(); ++i) {
            later[i].id = at + int64_t(i);
            later[i].text[7] = prev;
            later[i].text[8] = forgedHash(later[i], m_rng);
            writeRow(m_db, later[i]);
            prev = later[i].text[8];
        }
        return at == m_rows + 1 ? "forge.append" : "forge.insert";
    }

    std::string truncateTail() {
        int64_t keep = int64_t(m_rng() % uint64_t(m_rows));  // 0: every row gone
        m_db.exec("DELETE FROM audit WHERE id > ?", keep);
        return keep == 0 ? "truncate.all" : "truncate.tail";
    }

    Connection& m_db;
    std::mt19937_64& m_rng;
    int64_t m_rows;
};

uint64_t envNumber(const char* name, uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

}  // namespace

TEST(AuditTamper, EveryRandomSingleRowMutationIsDetected) {
    fs::path pristine;
    {
        // The log of a working day in miniature: institutions, accounts, logins, notes with Japanese text.
        TestHost host{{oqs_plugin_entry_notes()}};
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addInstitution(kOther, "別の医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kOther, "admin", "adm2");
        for (int i = 0; i < 8; ++i) {
            auto c = host.loginAs(i % 2 ? kOther : kCode, i % 2 ? "adm2" : "adm1");
            ASSERT_EQ(c->post("/api/notes/notes", {{"title", "記録" + std::to_string(i)}}).status, 201);
            ASSERT_EQ(c->post("/api/notes/notes", {{"title", "控え\"" + std::to_string(i)}}).status, 201);
        }
        host.client()->login(kCode, "adm1", "wrong-password");
        // One self-contained file (no -wal beside it), with the key and the anchor next to it under the same names
        // the CLI derives from --db.
        pristine = fs::temp_directory_path() / ("oqs-tamper-" + std::to_string(::getpid()));
        fs::create_directories(pristine);
        {
            Connection db(host.dbPath());
            db.exec("VACUUM INTO ?", (pristine / "log.db").string());
        }
        fs::copy_file(host.dbPath() + ".key", pristine / "log.db.key");
        fs::copy_file(host.dbPath() + ".key.audit-head", pristine / "log.db.key.audit-head");
    }
    const fs::path original = pristine / "log.db";
    const fs::path work = pristine / "work.db";
    const auto chain = oqs::host::auditChainFor((pristine / "log.db.key").string());
    int64_t rows = 0;
    {
        Connection db(original.string());
        auto v = oqs::host::verifyAudit(db, chain);
        ASSERT_TRUE(v.ok) << v.problem << ": " << v.reason;
        rows = v.rows;
    }
    ASSERT_GE(rows, 20);
    auto cli = runHost("audit verify --db " + original.string());
    ASSERT_EQ(cli.code, 0) << cli.out;  // the untouched copy verifies: a detection below is the mutation's

    const uint64_t seed = envNumber("OQS_TAMPER_SEED", std::random_device{}());
    const uint64_t count = envNumber("OQS_TAMPER_COUNT", 1200);
    std::mt19937_64 rng(seed);
    std::map<std::string, std::map<std::string, int>> found;  // mutation kind → problem reported → times
    std::map<std::string, bool> cliChecked;
    for (uint64_t i = 0; i < count; ++i) {
        fs::copy_file(original, work, fs::copy_options::overwrite_existing);
        std::string kind;
        oqs::host::AuditVerdict v;
        {
            Connection db(work.string());
            db.execScript("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
            kind = Tamper(db, rng, rows).apply();
            v = oqs::host::verifyAudit(db, chain);
        }
        ASSERT_FALSE(v.ok) << "undetected " << kind << " (mutation " << i << ", OQS_TAMPER_SEED=" << seed << ")";
        EXPECT_FALSE(v.problem.empty()) << kind;
        ++found[kind][v.problem];
        // Once per kind, the operator's real CLI on the same file agrees (exit 1, same problem).
        if (!cliChecked[kind]) {
            cliChecked[kind] = true;
            fs::copy_file(original.string() + ".key", work.string() + ".key", fs::copy_options::overwrite_existing);
            fs::copy_file(chain.anchorFile, work.string() + ".key.audit-head", fs::copy_options::overwrite_existing);
            auto r = runHost("audit verify --json --db " + work.string());
            EXPECT_EQ(r.code, 1) << kind << ": " << r.out;
            EXPECT_NE(r.out.find("\"problem\":\"" + v.problem + "\""), std::string::npos) << kind << ": " << r.out;
        }
    }
    // Every kind of mutation was tried, and what each was reported as (for the reader of the log).
    for (const char* k :
         {"edit.id", "edit.at_ms", "edit.institution", "edit.user_id", "edit.account_kind", "edit.remote",
          "edit.source", "edit.action", "edit.detail", "edit.prev_hash", "edit.hash", "delete.first", "delete.middle",
          "delete.last", "swap", "forge.insert", "forge.append", "truncate.tail", "truncate.all"})
        if (count >= 1000) {
            EXPECT_TRUE(found.count(k)) << k << " never drawn (seed " << seed << ")";
        }
    std::string summary;
    for (const auto& [kind, problems] : found) {
        summary += "  " + kind + ":";
        for (const auto& [p, n] : problems) summary += " " + p + "×" + std::to_string(n);
        summary += "\n";
    }
    std::printf("%llu mutations (OQS_TAMPER_SEED=%llu), %lld rows, all detected:\n%s", (unsigned long long)count,
                (unsigned long long)seed, (long long)rows, summary.c_str());
    fs::remove_all(pristine);
}
