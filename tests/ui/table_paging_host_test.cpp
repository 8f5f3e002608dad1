// The table pager against a real host: the client's own panel code and native HTTP client, a host on loopback with
// the accounts plugin (a source that answers a cursor, "next") and the notes fixture (a source that does not), a
// real SQLite file. Next must ask the keyed source with after=<cursor> and show exactly the rows offset paging
// shows; Previous goes back through the cursors; other conditions start at page 1; the offset source keeps offset.
#include "http_native.hpp"
#include "test_host.hpp"
#include "ui_harness.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_accounts(void);
extern "C" const oqs_plugin_descriptor* oqs_plugin_entry_notes(void);

namespace oqs::ui::test {
namespace {

constexpr const char* kCode = "1312345678";
constexpr int kStaff = 230;  // the search table's page is 100: three pages, the last one partial

// The native client, with every request and its answer noted: what the pager asked for and what it was given.
class TappedHttp : public HttpClient {
  public:
    explicit TappedHttp(int port) : m_native("http://127.0.0.1:" + std::to_string(port)) {}
    void send(const HttpRequest& req, HttpCallback done) override {
        const size_t i = sent.size();
        sent.push_back({req.path, {}});
        m_native.setCsrfToken(m_csrf);
        m_native.send(req, [this, i, done = std::move(done)](HttpResponse res) {
            sent[i].answer = res.body;
            done(std::move(res));
        });
    }
    // Waits for every call in flight, then hands the answers over, as a frame's poll does.
    void poll() override {
        m_native.drain();
        m_native.poll();
    }
    HttpResponse call(const HttpRequest& req) {
        HttpResponse out;
        send(req, [&](HttpResponse res) { out = std::move(res); });
        poll();
        return out;
    }
    // The last request whose path starts with `prefix`.
    std::pair<std::string, Json> last(const std::string& prefix) const {
        for (auto it = sent.rbegin(); it != sent.rend(); ++it)
            if (it->path.rfind(prefix, 0) == 0) return {it->path, parse(it->answer)};
        return {};
    }
    struct Sent {
        std::string path, answer;
    };
    std::vector<Sent> sent;

  private:
    NativeHttpClient m_native;
};

std::vector<std::string> userIds(const Json& answer) {
    std::vector<std::string> out;
    for (const auto& r : answer["rows"]) out.push_back(r.value("user_id", ""));
    return out;
}

class TablePagingOnHost : public Headless {
  protected:
    void SetUp() override {
        Headless::SetUp();
        host.addInstitution(kCode, "テスト医院", "medical");
        host.addAccount(kCode, "admin", "adm01");
        // Registered out of order, and every name the same: the list's order (user ID) is not the insertion's.
        std::vector<int> order(kStaff);
        for (int i = 0; i < kStaff; ++i) order[size_t(i)] = i;
        std::shuffle(order.begin(), order.end(), std::mt19937(18));
        for (int i : order) {
            char id[16];
            std::snprintf(id, sizeof id, "u%05d", i * 7);
            host.addAccount(kCode, "general", id, "Passw0rd!x", "山田　太郎", "ヤマダ　タロウ");
        }
        tap = std::make_unique<TappedHttp>(host.port());
        HttpRequest login{
            "POST", "/api/session",
            R"({"institution":")" + std::string(kCode) + R"(","user_id":"adm01","password":"Passw0rd!x"})",
            "application/json"};
        HttpResponse res = tap->call(login);
        ASSERT_EQ(res.status, 200) << res.body;
        tap->setCsrfToken(parse(res.body).value("csrf_token", ""));
        reference = host.loginAs(kCode, "adm01");
    }

    void openPanel(const std::string& path) {
        HttpResponse res = tap->call({"GET", "/api/panels/" + path, "", ""});
        ASSERT_EQ(res.status, 200) << res.body;
        m_view =
            std::make_unique<PanelView>(parse(res.body), Json::object(), PanelServices{*tap, platform, nav, m_lang});
        liveFrames(3);
    }
    void drawLive() {
        tap->poll();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration);
        m_view->render();
        ImGui::End();
    }
    void liveFrames(int n) {
        frames(n, [this] { drawLive(); });
    }
    bool clickLive(const std::string& label) {
        return click(label, [this] { drawLive(); });
    }
    // The rows offset paging gives, asked of the route directly.
    std::vector<std::string> offsetPage(const std::string& query, int offset, int limit) {
        auto r = reference->get("/api/accounts/accounts?" + query + "offset=" + std::to_string(offset) +
                                "&limit=" + std::to_string(limit));
        EXPECT_EQ(r.status, 200) << r.body;
        return userIds(r.json);
    }
    // The table's top-left cell as drawn: the shown page's first user ID.
    std::string firstCell() const {
        const AutomationText* best = nullptr;
        for (const auto& t : Automation::instance().texts())
            if (t.kind == "cell" && (!best || t.y < best->y || (t.y == best->y && t.x < best->x))) best = &t;
        return best ? best->text : "";
    }
    void typeLive(const std::string& key, const std::string& text) {
        ASSERT_TRUE(clickLive(key)) << key;
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        liveFrames(2);
    }

    oqs::test::TestHost host{{oqs_plugin_entry_accounts(), oqs_plugin_entry_notes()}};
    std::unique_ptr<TappedHttp> tap;
    std::unique_ptr<oqs::test::Client> reference;
    RecordingNavigator nav;
};

TEST_F(TablePagingOnHost, NextAsksTheKeyedSourceByCursorAndShowsTheOffsetPagesRows) {
    const int total = reference->get("/api/accounts/accounts?limit=1").json.value("total", 0);
    ASSERT_GT(total, 200);
    const auto page1 = offsetPage("", 0, 100), page2 = offsetPage("", 100, 100), page3 = offsetPage("", 200, 100);
    ASSERT_EQ(page1.size(), 100u);
    ASSERT_EQ(page3.size(), size_t(total - 200));
    openPanel("accounts/search?searched=1");
    const std::string list = "/api/accounts/accounts?";
    EXPECT_NE(tap->last(list).first.find("offset=0&limit=100"), std::string::npos) << tap->last(list).first;
    EXPECT_EQ(firstCell(), page1.front());
    const std::string of = std::to_string(total) + "件中 ";
    EXPECT_NE(text(of + "1〜100件"), nullptr);

    ASSERT_TRUE(clickLive("次へ"));
    auto [path, answer] = tap->last(list);
    EXPECT_NE(path.find("after=" + page1.back() + "&limit=100"), std::string::npos) << path;
    EXPECT_EQ(path.find("offset="), std::string::npos) << path;
    EXPECT_EQ(userIds(answer), page2);
    EXPECT_EQ(firstCell(), page2.front());
    EXPECT_NE(text(of + "101〜200件"), nullptr);

    ASSERT_TRUE(clickLive("次へ"));
    std::tie(path, answer) = tap->last(list);
    EXPECT_NE(path.find("after=" + page2.back() + "&limit=100"), std::string::npos) << path;
    EXPECT_EQ(userIds(answer), page3);
    EXPECT_NE(text(of + "201〜" + std::to_string(total) + "件"), nullptr);
    EXPECT_FALSE(item("次へ")->enabled) << "the last page";

    // Back through the cursors already held: page 2 by its own cursor, then page 1 from the start.
    ASSERT_TRUE(clickLive("前へ"));
    std::tie(path, answer) = tap->last(list);
    EXPECT_NE(path.find("after=" + page1.back() + "&limit=100"), std::string::npos) << path;
    EXPECT_EQ(userIds(answer), page2);
    EXPECT_EQ(firstCell(), page2.front());
    EXPECT_NE(text(of + "101〜200件"), nullptr);
    ASSERT_TRUE(clickLive("前へ"));
    std::tie(path, answer) = tap->last(list);
    EXPECT_NE(path.find("offset=0&limit=100"), std::string::npos) << path;
    EXPECT_EQ(userIds(answer), page1);
    EXPECT_NE(text(of + "1〜100件"), nullptr);
    EXPECT_FALSE(item("前へ")->enabled);
}

TEST_F(TablePagingOnHost, ARefreshKeepsThePageAndOtherConditionsStartAtPageOne) {
    openPanel("accounts/search?searched=1");
    const std::string list = "/api/accounts/accounts?";
    ASSERT_TRUE(clickLive("次へ"));
    const std::string page2Path = tap->last(list).first;
    ASSERT_NE(page2Path.find("after="), std::string::npos);
    ASSERT_TRUE(clickLive("再表示"));
    EXPECT_EQ(tap->last(list).first, page2Path) << "the same conditions: the page shown, by its cursor";
    EXPECT_NE(text("101〜200件"), nullptr);

    typeLive("q.user_id", "u00007");  // typed into the search form the table reads its conditions from
    ASSERT_TRUE(clickLive("再表示"));
    auto [path, answer] = tap->last(list);
    EXPECT_NE(path.find("user_id=u00007"), std::string::npos) << path;
    EXPECT_NE(path.find("offset=0&limit=100"), std::string::npos) << path;
    EXPECT_EQ(path.find("after="), std::string::npos) << path;
    EXPECT_EQ(userIds(answer), std::vector<std::string>{"u00007"});
    EXPECT_NE(text("1件中 1〜1件"), nullptr);
}

TEST_F(TablePagingOnHost, ASourceWithoutACursorStillPagesByOffset) {
    for (int i = 0; i < 120; ++i) {
        auto r = reference->post("/api/notes/notes", {{"title", "メモ" + std::to_string(i)}});
        ASSERT_EQ(r.status, 201) << r.body;
    }
    openPanel("notes/main");
    const std::string list = "/api/notes/notes?";
    auto [path, answer] = tap->last(list);
    EXPECT_EQ(path, list + "offset=0&limit=50");
    EXPECT_FALSE(answer.contains("next"));
    const Json first = answer["rows"];
    ASSERT_TRUE(clickLive("次へ"));
    EXPECT_EQ(tap->last(list).first, list + "offset=50&limit=50");
    ASSERT_TRUE(clickLive("次へ"));
    EXPECT_EQ(tap->last(list).first, list + "offset=100&limit=50");
    EXPECT_NE(text("120件中 101〜120件"), nullptr);
    ASSERT_TRUE(clickLive("前へ"));
    EXPECT_EQ(tap->last(list).first, list + "offset=50&limit=50");
    ASSERT_TRUE(clickLive("前へ"));
    std::tie(path, answer) = tap->last(list);
    EXPECT_EQ(path, list + "offset=0&limit=50");
    EXPECT_EQ(answer["rows"], first);
}

}  // namespace
}  // namespace oqs::ui::test
