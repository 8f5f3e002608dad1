// Issue 10 items 3, 4, 5a and 15b: what a request body may make the host read and keep, whatever its framing;
// how deep its JSON may nest; wrong JSON types; an action documented without a body.
#include "common.hpp"
#include "raw_http.hpp"

#include <oqs/json_limits.hpp>
#include <oqs/plugin.hpp>

#include <atomic>
#include <fstream>
#include <thread>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_settings(void);

using namespace oqs::test;

namespace {

constexpr size_t kMiB = 1024 * 1024;

size_t rssBytes() {
    std::ifstream in("/proc/self/statm");
    size_t pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// The host runs in this process: the growth of the process's resident memory while a request is served is what
// the request made the host keep (sampled every 2 ms, so a body held even briefly shows).
class RssWatch {
  public:
    RssWatch() : m_before(rssBytes()), m_peak(m_before) {
        m_thread = std::thread([this] {
            while (!m_stop) {
                size_t now = rssBytes();
                if (now > m_peak) m_peak = now;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        });
    }
    ~RssWatch() { stop(); }
    size_t growth() {
        stop();
        return m_peak > m_before ? m_peak - m_before : 0;
    }

  private:
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
    }
    size_t m_before;
    std::atomic<size_t> m_peak;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

struct Flood {
    raw::Answer answer;
    size_t bodySent = 0;  // body bytes the client got onto the wire before the host stopped taking them
    bool closed = false;  // the host closed the connection after answering
    size_t rssGrowth = 0;
};

// Sends `head` and then `total` bytes of `filler`, as 1 MiB chunks (or bare bytes), from one thread while this one
// waits for the answer, as a client that keeps sending no matter what would.
Flood flood(int port, const std::string& head, size_t total, char filler, bool chunked = true) {
    Flood f;
    RssWatch rss;
    raw::Conn conn(port);
    std::atomic<size_t> sent{0};
    std::thread sender([&] {
        if (!conn.send(head)) return;
        const std::string chunk =
            chunked ? "100000\r\n" + std::string(kMiB, filler) + "\r\n" : std::string(kMiB, filler);
        for (size_t done = 0; done < total; done += kMiB) {
            if (!conn.send(chunk)) return;
            sent += kMiB;
        }
        if (chunked) conn.send("0\r\n\r\n");
    });
    f.answer = conn.read();
    f.closed = f.answer.closes;
    conn.shutdown();
    sender.join();
    f.bodySent = sent;
    f.rssGrowth = rss.growth();
    return f;
}

std::string chunkedHead(const std::string& method, const std::string& path, const std::string& extra = "",
                        const std::string& type = "application/json") {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
           "\r\nTransfer-Encoding: chunked\r\n" + extra + "\r\n";
}

std::string nested(size_t depth, const std::string& open = "[", const std::string& close = "]",
                   const std::string& inner = "1") {
    std::string s;
    s.reserve(depth * (open.size() + close.size()) + inner.size());
    for (size_t i = 0; i < depth; ++i) s += open;
    s += inner;
    for (size_t i = 0; i < depth; ++i) s += close;
    return s;
}

class HttpBody : public ::testing::Test {
  protected:
    void SetUp() override {
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm1");
        host.addAccount(kCode, "general", "gen1");
        c = host.loginAs(kCode, "adm1");
    }
    std::string session() const { return "Cookie: " + c->cookie + "\r\nX-CSRF-Token: " + c->csrf + "\r\n"; }
    // A request of the logged-in client with a body given as text, on a connection of its own.
    raw::Answer send(const std::string& method, const std::string& path, const std::string& body) {
        raw::Conn conn(host.port());
        conn.send(method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + session() +
                  "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                  body);
        return conn.read();
    }
    TestHost host{
        {oqs_plugin_entry_accounts(), oqs_plugin_entry_settings(), oqs_plugin_entry_notes(), oqs_plugin_entry_probe()}};
    std::unique_ptr<Client> c;
};

}  // namespace

// Item 3. Old code: a chunked body skipped payload_max_length; 400 MiB grew the host by ~500 MB before a 400.
TEST_F(HttpBody, AChunked400MiBLoginBodyIsRefusedWhileReadingAndNeverKept) {
    auto f = flood(host.port(), chunkedHead("POST", "/api/session"), 400 * kMiB, 'x');
    EXPECT_EQ(f.answer.status, 413);
    EXPECT_EQ(f.answer.errorCode(), "request.too_large");
    EXPECT_TRUE(f.closed);
    EXPECT_LT(f.bodySent, 64 * kMiB) << "the host read the body to its end";
    EXPECT_LT(f.rssGrowth, 24 * kMiB);
    std::printf("chunked 400 MiB login body: host RSS +%.1f MiB, %zu MiB sent before the host stopped reading\n",
                double(f.rssGrowth) / kMiB, f.bodySent / kMiB);
    EXPECT_EQ(host.client()->get("/healthz").status, 200);
}

// Old code: 100 MiB chunked to the bulk route grew the host by 111 MB; the 5 MB limit was checked after reading.
TEST_F(HttpBody, AChunked100MiBBulkUploadStopsAtTheRoutesLimit) {
    auto f = flood(host.port(), chunkedHead("POST", "/api/accounts/bulk", session(), "text/csv"), 100 * kMiB, 'a');
    EXPECT_EQ(f.answer.status, 413);
    EXPECT_EQ(f.answer.errorCode(), "request.too_large");
    EXPECT_LT(f.bodySent, 40 * kMiB);
    EXPECT_LT(f.rssGrowth, 32 * kMiB);
    std::printf("chunked 100 MiB bulk upload: host RSS +%.1f MiB, %zu MiB sent before the host stopped reading\n",
                double(f.rssGrowth) / kMiB, f.bodySent / kMiB);
    EXPECT_EQ(c->get("/api/accounts/bulk").json["rows"].size(), 0u);
}

// An unauthenticated caller may not make the host read a body at all, beyond the login's few KiB.
TEST_F(HttpBody, AnUnauthenticatedBodyIsNotReadBeforeTheAnswer) {
    auto f = flood(host.port(), chunkedHead("POST", "/api/notes/notes"), 100 * kMiB, 'x');
    EXPECT_EQ(f.answer.status, 401);
    EXPECT_TRUE(f.closed);
    EXPECT_LT(f.bodySent, 40 * kMiB);
    EXPECT_LT(f.rssGrowth, 16 * kMiB);
}

// GET takes no body here; old code left it on the connection, where it was parsed as the next requests.
TEST_F(HttpBody, ABodyOnAGetIsRefusedAndTheConnectionClosed) {
    auto f = flood(host.port(), chunkedHead("GET", "/api/menu", session()), 100 * kMiB, 'x');
    EXPECT_EQ(f.answer.status, 400);
    EXPECT_EQ(f.answer.errorCode(), "request.invalid");
    EXPECT_TRUE(f.closed);
    EXPECT_LT(f.bodySent, 40 * kMiB);
}

// The request line and headers have a budget too (32 KiB): old code grew a line without end for as long as it came.
TEST_F(HttpBody, AnEndlessRequestLineOrHeaderIsCutOff) {
    auto line = flood(host.port(), "GET /", 200 * kMiB, 'a', false);
    EXPECT_NE(line.answer.status, 200);
    EXPECT_LT(line.bodySent, 40 * kMiB);
    EXPECT_LT(line.rssGrowth, 16 * kMiB);
    auto header = flood(host.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: ", 200 * kMiB, 'a', false);
    EXPECT_NE(header.answer.status, 200);
    EXPECT_LT(header.bodySent, 40 * kMiB);
    EXPECT_LT(header.rssGrowth, 16 * kMiB);
    std::string many = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 2000; ++i) many += "X-H" + std::to_string(i) + ": " + std::string(20, 'v') + "\r\n";
    raw::Conn conn(host.port());
    conn.send(many + "\r\n");
    EXPECT_NE(conn.read().status, 200);
    EXPECT_TRUE(conn.closedByPeer(3000));
    EXPECT_EQ(host.client()->get("/healthz").status, 200);
}

// A declared length over the limit is answered at once, without waiting for the body.
TEST_F(HttpBody, ADeclaredLengthOverTheLimitIsAnsweredBeforeTheBody) {
    raw::Conn conn(host.port(), 5000);
    conn.send("POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(400 * kMiB) + "\r\n\r\n");
    auto a = conn.read();
    EXPECT_EQ(a.status, 413);
    EXPECT_EQ(a.errorCode(), "request.too_large");
    EXPECT_TRUE(conn.closedByPeer(3000));
}

// A small body over the login's limit is read past (not kept), and the connection serves the next request.
TEST_F(HttpBody, ASmallBodyOverTheLimitKeepsTheConnectionUsable) {
    raw::Conn conn(host.port());
    std::string body(10 * 1024, 'x');
    conn.send("POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body);
    auto a = conn.read();
    EXPECT_EQ(a.status, 413);
    EXPECT_EQ(a.errorCode(), "request.too_large");
    ASSERT_FALSE(a.closes);
    conn.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(conn.read().status, 200);
}

// Chunked framing within the limits works like any other.
TEST_F(HttpBody, ASmallChunkedJsonBodyIsAccepted) {
    raw::Conn conn(host.port());
    std::string json = R"({"title":"チャンク"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", json.size());
    conn.send(chunkedHead("POST", "/api/notes/notes", session()) + size + "\r\n" + json + "\r\n0\r\n\r\n");
    auto a = conn.read();
    EXPECT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(c->get("/api/notes/notes").json["total"], 1);
}

// Item 4. Old code: SIGSEGV (the nested value was copied and dumped recursively). The bodies are built as text:
// nlohmann/json itself would overflow the stack dumping them.
TEST_F(HttpBody, ADeeplyNestedSettingsValueIs400NotACrash) {
    auto arrays = "{\"settings.display_name\": " + nested(450 * 1024) + "}";
    ASSERT_LT(arrays.size(), kMiB);
    auto a = send("PATCH", "/api/settings/values", arrays);
    EXPECT_EQ(a.status, 400);
    EXPECT_EQ(a.errorCode(), "request.json_depth");
    auto objects = "{\"settings.display_name\": " + nested(100000, "{\"a\":", "}") + "}";
    EXPECT_EQ(send("PATCH", "/api/settings/values", objects).errorCode(), "request.json_depth");
    // A plugin handing a nested value on to a host operation (the probe does) meets the same check.
    auto viaProbe = "{\"op\":\"settings.update\",\"in\":" + nested(100000) + "}";
    EXPECT_EQ(send("POST", "/api/probe/call", viaProbe).errorCode(), "request.json_depth");
    EXPECT_EQ(host.client()->get("/healthz").status, 200);
    EXPECT_EQ(c->get("/api/settings/values").status, 200);  // nothing saved, the session still valid
}

// The limit is 64 levels, counted from the body's own object; brackets inside strings do not count.
TEST_F(HttpBody, JsonNestingUpTo64LevelsIsAccepted) {
    auto ok = R"({"title":"[[[[{{{{","deep":)" + nested(63) + "}";
    EXPECT_EQ(c->postRaw("/api/notes/notes", ok, "application/json").status, 201);
    auto tooDeep = R"({"title":"x","deep":)" + nested(64) + "}";
    EXPECT_EQ(c->postRaw("/api/notes/notes", tooDeep, "application/json").errorCode(), "request.json_depth");
}

// The SDK's parse helpers carry the same guard, for JSON a plugin gets from elsewhere than the pipeline.
TEST(JsonLimits, TheSdkRefusesDeepJsonEverywhereItParses) {
    EXPECT_TRUE(oqs::jsonDepthWithin(nested(64)));
    EXPECT_FALSE(oqs::jsonDepthWithin(nested(65)));
    EXPECT_TRUE(
        oqs::jsonDepthWithin(R"(["\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["])"));
    EXPECT_TRUE(oqs::parseJson(nested(2000000)).is_discarded());
    EXPECT_EQ(oqs::parseJson(nested(3)), Json::parse("[[[1]]]"));
    std::string deep = "{\"a\":" + nested(100) + "}";
    oqs::Request req;
    req.body = deep;
    ASSERT_FALSE(req.json().ok());
    EXPECT_EQ(req.json().error().code, "request.json_depth");
}

// Item 5a. Old code: body.value("current_password", "") threw type_error.302 → 500.
TEST_F(HttpBody, WrongJsonTypesInThePasswordChangeAre400NamingTheField) {
    for (const char* field : {"current_password", "new_password"}) {
        for (const Json& bad :
             {Json(12345678), Json::array({"Passw0rd!x"}), Json(nullptr), Json::object(), Json(true)}) {
            Json body{{"current_password", "Passw0rd!x"}, {"new_password", "Newpassw0rd"}};
            body[field] = bad;
            auto r = c->post("/api/session/password", body);
            EXPECT_EQ(r.status, 400) << field << " = " << bad.dump();
            EXPECT_EQ(r.errorCode(), "request.invalid") << r.body;
            EXPECT_TRUE(r.json["error"]["fields"].contains(field)) << r.body;
        }
    }
    EXPECT_EQ(c->post("/api/session/password", {{"new_password", "Newpassw0rd"}}).errorCode(), "request.invalid");
    EXPECT_EQ(c->get("/api/menu").status, 200);  // nothing changed: the old password still logs in
    EXPECT_EQ(host.client()->login(kCode, "adm1", "Passw0rd!x").status, 200);
}

// Item 15b. Old code: an empty body on a JSON route was 400 request.json, though the reset takes no input.
TEST_F(HttpBody, AnActionWithoutABodyAcceptsAnEmptyBody) {
    auto r = c->postRaw("/api/accounts/accounts/gen1/reset", "", "application/json");
    EXPECT_EQ(r.status, 200) << r.body;
    auto noType = c->postRaw("/api/accounts/accounts/gen1/reset", "", "");
    EXPECT_EQ(noType.status, 200) << noType.body;
    EXPECT_EQ(c->postRaw("/api/notes/notes", "", "application/json").errorCode(), "notes.title.invalid");
    EXPECT_EQ(c->postRaw("/api/notes/notes", "  ", "application/json").errorCode(), "request.json");
}
