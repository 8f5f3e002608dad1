// HTTPS when the host is given a certificate: the session cookie is then marked Secure, HSTS is sent, and the
// body limits hold as over plain HTTP.
#include "common.hpp"
#include "host.hpp"
#include "http/server.hpp"

#include <httplib.h>

#include <cstdlib>

using namespace oqs::test;

TEST(Tls, ServesHttpsWithSecureCookies) {
    TestHost host;
    host.addInstitution(kCode, "テスト医院", "medical");
    host.addAccount(kCode, "admin", "adm1");
    auto cert = (host.dir() / "cert.pem").string(), key = (host.dir() / "key.pem").string();
    std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout " + key +
                      " -out " + cert + " > /dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl is not installed";

    oqs::host::ServerConfig sc;
    sc.bind = "127.0.0.1";
    sc.port = 0;
    sc.certFile = cert;
    sc.keyFile = key;
    sc.accessLog = false;
    oqs::host::Server tls(host.core(), sc);
    ASSERT_TRUE(tls.start());
    httplib::SSLClient client("127.0.0.1", tls.port());
    client.enable_server_certificate_verification(false);
    auto r = client.Post("/api/session", R"({"institution":"1312345678","user_id":"adm1","password":"Passw0rd!x"})",
                         "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
    // Issue 10 item 16: under TLS the browser is told to use HTTPS only from now on.
    EXPECT_EQ(r->get_header_value("Strict-Transport-Security"), "max-age=31536000");
    // The TLS connections go through the same body limits: a chunked body over the login's few KiB is refused
    // while it is read (the client then fails writing the rest: the host closed the connection).
    size_t sent = 0;
    auto big = client.Post(
        "/api/session",
        [&](size_t, httplib::DataSink& sink) {
            static const std::string mib(1024 * 1024, 'x');
            if (sent >= 100 * mib.size()) {
                sink.done();
                return true;
            }
            if (!sink.write(mib.data(), mib.size())) return false;
            sent += mib.size();
            return true;
        },
        "application/json");
    EXPECT_TRUE(!big || big->status == 413);
    EXPECT_LT(sent, 64u * 1024 * 1024);
    auto health = client.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    // Plain HTTP to the TLS port gets no answer.
    httplib::Client plain("127.0.0.1", tls.port());
    plain.set_read_timeout(2, 0);
    auto p = plain.Get("/healthz");
    EXPECT_TRUE(!p || p->status != 200);
    tls.stop();
}
