// Streamed answers (ABI 1.2, docs/plugins.md "Streamed answers"): the host sends a plugin's pieces as HTTP chunks
// with the same caller in the stream's ctx, and cuts the connection when a piece fails, so a client never takes
// a truncated file for a whole one.
#include "history_fixture.hpp"

#include <httplib.h>

#include <chrono>
#include <thread>

namespace history_test {
namespace {

TEST_F(HistoryHost, PiecesArriveInOrderAsChunks) {
    auto code = institution();
    auto c = admin(code);
    auto r = c->get("/api/dental/stream?pieces=3");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, "piece 1 admin01\npiece 2 admin01\npiece 3 admin01\n");
    EXPECT_EQ(r.header("Transfer-Encoding"), "chunked");
    EXPECT_EQ(r.header("Content-Length"), "");
    EXPECT_NE(r.header("Content-Disposition").find("pieces.txt"), std::string::npos);
    // Many pieces, then the connection is still good for the next request (keep-alive).
    auto many = c->get("/api/dental/stream?pieces=2000");
    ASSERT_EQ(many.status, 200);
    EXPECT_EQ(std::count(many.body.begin(), many.body.end(), '\n'), 2000);
    EXPECT_EQ(c->get("/api/dental/stream?pieces=1").body, "piece 1 admin01\n");
    // The stream's connection goes back to the pool: nothing left leased. The server hands it back after the last
    // chunk is on the wire, so the client may read the answer a moment before that: wait a little for it.
    for (int i = 0; i < 200 && host.core().pool().idle() < 1; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(host.core().pool().idle(), 1u);
}

TEST_F(HistoryHost, AFailedPieceCutsTheConnection) {
    auto code = institution();
    auto c = admin(code);
    httplib::Client raw("127.0.0.1", host.port());
    httplib::Headers h{{"Cookie", c->cookie}};
    auto r = raw.Get("/api/dental/stream_fail", h);
    // Either no complete answer at all, or one whose body is short of what a finished stream would carry: the
    // chunked framing never ends with its terminating chunk, so the client reports an error.
    EXPECT_FALSE(r) << "status " << (r ? r->status : 0) << ", " << (r ? r->body.size() : 0) << " bytes";
    // The host goes on serving.
    EXPECT_EQ(c->get("/api/dental/stream?pieces=1").status, 200);
}

}  // namespace
}  // namespace history_test
