#include "cli/cli.hpp"

#include "audit/audit.hpp"
#include "cli/cli_args.hpp"
#include "host.hpp"
#include "plugins/jobs.hpp"
#include "cli/provision.hpp"
#include "http/server.hpp"
#include "viewing/viewing_generate.hpp"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace oqs::host {

namespace {

const char* const kUsage = R"(oqs-host — the host of the OQS admin console (オンライン資格確認等システム 管理者画面)

Usage:
  oqs-host serve [options]             run the console
  oqs-host institution add [options]   create an institution with its master and master-reset accounts
  oqs-host account add [options]       create one account of any kind (operator)
  oqs-host audit verify --db FILE      check the audit log's keyed chain and anchored head; exit 1 when broken
  oqs-host audit anchor --db FILE      accept the log as it is now as the anchored head (after a backup restore)
  oqs-host viewing generate [options]  add synthetic medical-information viewing events (demos, benchmarks)
  oqs-host viewing verify --db FILE    check the viewing-event log's keyed hash chain
  oqs-host --help | COMMAND --help

serve:
  --db FILE               SQLite database, created if absent (default oqs.db; its server key: FILE.key)
  --bind ADDR             address to listen on (default 127.0.0.1)
  --port N                port (default 8080; 0 picks a free port)
  --plugins DIR           load every *.so in DIR (refusals are logged and listed at GET /api/plugins)
  --web-root DIR          serve the web client from DIR
  --environment ENV       production (default) or verification (connection-test environment)
  --demo                  seed the demo institution 1312345678 if absent and print its logins
  --cert FILE --key FILE  serve HTTPS with this certificate and private key (PEM)
  --lock-threshold N      consecutive wrong passwords that lock an account (default 5)
  --idle-timeout MIN      minutes without a request that end a session (default 30)
  --absolute-timeout MIN  minutes after login that end a session in any case (default 720)
  --workers N             job worker threads (default 2)
  --max-body-mb N         largest request body in MiB (default 64)
  --public-url URL        the address patients and devices use (QR codes, links); default: the address served
  --public-rate N         requests a minute one client address may make to public pages (default 120)
  --max-body-mb N         largest request body in MiB (default 64; JSON bodies: 1 MiB, uploads: the route's own)
  --http-threads N        connections served at once (default 128)
  --plugin-config FILE    operator options per plugin, a JSON object {"<plugin id>": {"<option>": value, …}};
                          a plugin reads its own object as ctx.options() (docs/plugins.md)
  --quiet                 no access log

institution add:
  --db FILE --code CODE --name NAME --kind medical|dental|nursing|pharmacy --usage-start YYYY-MM-DD
  [--ehr-start YYYY-MM-DD] [--pmh-pilot] [--master-id ID (default master)] [--reset-id ID (default mreset)] [--json]
  Prints the two accounts' initial passwords once; with --json as
  {"institution": "…", "accounts": [{"kind": "master", "user_id": "…", "initial_password": "…"}, …]}.

viewing generate:
  --db FILE --institution CODE|all [--rows N (default 1000)] [--days D (default 30)] [--seed S]
  Fictional patients, insurer numbers with valid check digits, viewings mostly in clinic hours (Japan time),
  the institution's viewing accounts as viewers; with "all", the rows are shared evenly by every institution.

account add:
  --db FILE --institution CODE --kind KIND --user-id ID --name NAME [--kana KANA] [--start-date YYYY-MM-DD]
  [--end-date YYYY-MM-DD] [--json]

audit verify | audit anchor:
  --db FILE [--server-key FILE (default FILE.key; the head is anchored in FILE.key.audit-head)] [--json]
  verify finds an edited, inserted or removed row, a row written without the server key, and rows removed from
  the end; --json prints {"ok","rows","broken_id","problem","reason","anchored_id"}.
)";

int usageError(const std::string& why) {
    std::fprintf(stderr, "oqs-host: %s\n", why.c_str());
    return 2;
}
int failure(const std::string& why) {
    std::fprintf(stderr, "oqs-host: %s\n", why.c_str());
    return 1;
}
std::string describe(const oqs::Error& bilingual) {
    const oqs::Error e = bilingual.localized("en");  // the operator's tool answers in English
    std::string s = e.code + ": " + e.message;
    for (const auto& [k, v] : e.fields.items())
        s += "; " + k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
    return s;
}
void auditCli(Connection& c, const Clock& clock, const std::string& inst, const std::string& action, Json detail) {
    appendAudit(c, clock.nowMs(), {inst, "", "operator", "cli", "host", action, std::move(detail)});
}

int institutionAdd(const std::vector<std::string>& argv) {
    Args a(argv, {"--db", "--code", "--name", "--kind", "--usage-start", "--ehr-start", "--master-id", "--reset-id"},
           {"--json", "--pmh-pilot", "--help"});
    if (a.has("--help")) return std::fputs(kUsage, stdout), 0;
    if (!a.ok()) return usageError(a.error());
    for (const char* f : {"--code", "--name", "--kind", "--usage-start"})
        if (!a.get(f)) return usageError(std::string(f) + " is required (see --help)");
    SystemClock clock;
    HostConfig cfg;
    cfg.dbPath = a.get("--db", "oqs.db");
    Host host(cfg, clock);
    std::string masterId = a.get("--master-id", "master"), resetId = a.get("--reset-id", "mreset");
    auto n = provisionInstitution(host, *a.get("--code"), *a.get("--name"), *a.get("--kind"), *a.get("--usage-start"),
                                  a.get("--ehr-start"), a.has("--pmh-pilot"), masterId, resetId);
    if (!n) return failure(describe(n.error()));
    if (a.has("--json")) {
        std::cout << n->toJson().dump() << "\n";
    } else {
        std::cout << "institution " << n->institution.code << " (" << n->institution.name << ") created\n"
                  << "  master account:       user ID " << masterId << "  initial password " << n->masterPassword
                  << "\n"
                  << "  master-reset account: user ID " << resetId << "  initial password " << n->resetPassword << "\n"
                  << "The initial passwords are shown only now; they are valid for 30 days and must be changed at "
                     "first login.\n";
    }
    return 0;
}

int accountAdd(const std::vector<std::string>& argv) {
    Args a(argv, {"--db", "--institution", "--kind", "--user-id", "--name", "--kana", "--start-date", "--end-date"},
           {"--json", "--help"});
    if (a.has("--help")) return std::fputs(kUsage, stdout), 0;
    if (!a.ok()) return usageError(a.error());
    for (const char* f : {"--institution", "--kind", "--user-id", "--name"})
        if (!a.get(f)) return usageError(std::string(f) + " is required (see --help)");
    SystemClock clock;
    HostConfig cfg;
    cfg.dbPath = a.get("--db", "oqs.db");
    Host host(cfg, clock);
    auto lease = host.pool().lease();
    auto inst = host.identity().institutionByCode(*lease, *a.get("--institution"));
    if (!inst) return failure("no institution " + *a.get("--institution"));
    Transaction tx(*lease);
    auto r = host.identity().createAccount(*lease, *inst, *a.get("--kind"), *a.get("--user-id"), *a.get("--name"),
                                           a.get("--kana", ""), a.get("--start-date", jstDate(clock.nowMs())),
                                           a.get("--end-date"));
    if (!r) return failure(describe(r.error()));
    auditCli(*lease, clock, inst->code, "account.add", {{"user_id", r->first.userId}, {"kind", r->first.kind}});
    tx.commit();
    if (a.has("--json"))
        std::cout << Json{{"institution", inst->code},
                          {"kind", r->first.kind},
                          {"user_id", r->first.userId},
                          {"initial_password", r->second}}
                         .dump()
                  << "\n";
    else
        std::cout << "account " << r->first.userId << " (" << r->first.kind << ") created; initial password "
                  << r->second << "\n";
    return 0;
}

// audit verify, or with reanchor audit anchor: both read the same flags.
int auditCommand(const std::vector<std::string>& argv, bool reanchor) {
    Args a(argv, {"--db", "--server-key"}, {"--json", "--help"});
    if (a.has("--help")) return std::fputs(kUsage, stdout), 0;
    if (!a.ok()) return usageError(a.error());
    if (!a.get("--db")) return usageError("--db is required");
    std::string db = *a.get("--db");
    if (!std::filesystem::exists(db)) return failure("no database " + db);
    auto chain = auditChainFor(a.get("--server-key", db + ".key"));
    Connection c(db);
    if (reanchor) {
        if (chain.key.empty()) return failure("no server key beside " + db + " (--server-key)");
        auto id = reanchorAudit(c, chain);
        std::cout << "audit: the head is now anchored at row " << id << "\n";
        return 0;
    }
    auto v = verifyAudit(c, chain);
    auto opt = [](const std::optional<int64_t>& x) { return x ? Json(*x) : Json(); };
    if (a.has("--json")) {
        std::cout << Json{{"ok", v.ok},           {"rows", v.rows},     {"broken_id", opt(v.brokenId)},
                          {"problem", v.problem}, {"reason", v.reason}, {"anchored_id", opt(v.anchoredId)}}
                         .dump()
                  << "\n";
    } else if (v.ok) {
        std::cout << "audit: " << v.rows << " rows, keyed chain intact, head anchored at row "
                  << (v.anchoredId ? std::to_string(*v.anchoredId) : std::string("(none)")) << "\n";
    } else {
        std::cout << "audit: " << v.problem << (v.brokenId ? " at row " + std::to_string(*v.brokenId) : std::string())
                  << ": " << v.reason << "\n";
    }
    return v.ok ? 0 : 1;
}

}  // namespace

int serve(const std::vector<std::string>& argv);            // cli_serve.cpp
int viewingGenerate(const std::vector<std::string>& argv);  // cli_viewing.cpp
int viewingVerify(const std::vector<std::string>& argv);
oqs::Result<std::pair<bool, Json>> seedDemo(Host& host);

int runCli(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    try {
        std::string cmd = args[0];
        if (cmd == "serve") return serve({args.begin() + 1, args.end()});
        if (args.size() >= 2) {
            std::vector<std::string> rest(args.begin() + 2, args.end());
            if (cmd == "institution" && args[1] == "add") return institutionAdd(rest);
            if (cmd == "account" && args[1] == "add") return accountAdd(rest);
            if (cmd == "audit" && args[1] == "verify") return auditCommand(rest, false);
            if (cmd == "audit" && args[1] == "anchor") return auditCommand(rest, true);
            if (cmd == "viewing" && args[1] == "generate") return viewingGenerate(rest);
            if (cmd == "viewing" && args[1] == "verify") return viewingVerify(rest);
        }
        return usageError("unknown command '" + cmd + (args.size() > 1 ? " " + args[1] : "") + "' (see --help)");
    } catch (const std::exception& e) {
        return failure(e.what());
    }
}

// Exposed for the demo seeding in cli_serve.cpp.
oqs::Result<std::pair<bool, Json>> seedDemo(Host& host) {
    const std::string code = "1312345678";
    auto lease = host.pool().lease();
    auto inst = host.identity().institutionByCode(*lease, code);
    if (!inst) {
        std::string start = jstDate(host.clock().nowMs() - 30LL * 86400000);
        auto n = provisionInstitution(host, code, "デモクリニック", "medical", start, start);
        if (!n) return n.error();
        lease->exec("INSERT INTO notices(published, title, body) VALUES(?,?,?)", jstDate(host.clock().nowMs()),
                    "デモ環境のご案内", "このデモ環境のデータは練習用です。自由に操作してください。");
        // A few thousand viewings over the last 90 days, so the viewing history has something to show.
        if (auto v = generateViewing(host, code, 3000, 90, 20261128); !v) return v.error();
        return std::make_pair(true, n->toJson());
    }
    // Re-issue the demo master's password only while nobody has chosen one, so a rerun still prints a login.
    Json accounts = Json::array();
    for (const char* id : {"master", "mreset"}) {
        auto a = host.identity().findAccount(*lease, inst->id, id);
        if (!a) continue;
        if (a->initial)
            accounts.push_back(
                {{"kind", a->kind}, {"user_id", id}, {"initial_password", host.identity().resetPassword(*lease, *a)}});
        else accounts.push_back({{"kind", a->kind}, {"user_id", id}, {"initial_password", nullptr}});
    }
    return std::make_pair(false, Json{{"institution", code}, {"name", inst->name}, {"accounts", accounts}});
}

}  // namespace oqs::host
