#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "server_test_support.h"
#include "test_client.h"

namespace mensajero::http {
namespace {

using namespace std::chrono_literals;
using testing::answer;
using testing::expectError;
using testing::TestClient;
using testing::testOptions;
using Clock = std::chrono::steady_clock;

TEST(ServerTest, RouteBodyLimitGives413WhileDefaultRouteAcceptsMore) {
  Router router;
  router.add("POST", "/small", answer("{}"), RouteOptions{.body_limit = 16});
  router.add("POST", "/big", [](Request req, Respond respond) {
    respond(Response::json(200, std::to_string(req.body.size())));
  });
  ServerOptions options = testOptions();
  options.body_limit = 64 << 10;
  Server server(options, std::move(router));
  const auto port = server.start();
  const std::string body(4096, 'x');

  TestClient big(port);
  const auto accepted = big.roundTrip("POST", "/big", body);
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 200u);
  EXPECT_EQ(accepted->body, "4096");

  TestClient small(port);
  const auto refused = small.roundTrip("POST", "/small", body);
  expectError(refused, 413, "payload_too_large");
  EXPECT_EQ(refused->header("Connection"), "close");
  EXPECT_TRUE(small.waitClosed(5s));
}

TEST(ServerTest, ChunkedBodyOverRouteLimitGives413) {
  Router router;
  router.add("POST", "/small", answer("{}"), RouteOptions{.body_limit = 16});
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(
      client.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"));
  expectError(client.read(), 413, "payload_too_large");
}

TEST(ServerTest, ChunkedBodyWithinLimitIsAssembled) {
  Router router;
  router.add("POST", "/echo", [](Request req, Respond respond) {
    respond(Response::text(200, std::move(req.body)));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(
      client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  const auto r = client.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abcde");
}

TEST(ServerTest, ExpectContinueGetsInterimResponse) {
  Router router;
  router.add("POST", "/echo", [](Request req, Respond respond) {
    respond(Response::text(200, std::move(req.body)));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  const auto interim = client.read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100u);
  ASSERT_TRUE(client.send("hello"));
  const auto r = client.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello");
}

TEST(ServerTest, OversizedHeaderGives431) {
  Router router;
  router.add("GET", "/", answer("{}"));
  ServerOptions options = testOptions();
  options.header_limit = 1024;
  Server server(options, std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("GET", "/", {}, "X-Big: " + std::string(4096, 'a') + "\r\n");
  expectError(r, 431, "header_too_large");
}

TEST(ServerTest, MalformedRequestGives400) {
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  for (const char* bad :
       {"GET / HTTP/1.1\r\nBad Header\r\n\r\n", "GET / HTTQ/1.1\r\n\r\n",
        "GET relative HTTP/1.1\r\nHost: t\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: t\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"}) {
    TestClient client(port);
    ASSERT_TRUE(client.send(bad));
    expectError(client.read(), 400, "bad_request");
  }
}

TEST(ServerTest, TrickledHeaderIsCutOffAtHeaderTimeout) {
  Router router;
  router.add("GET", "/", answer("{}"));
  ServerOptions options = testOptions();
  options.header_timeout = 300ms;
  Server server(options, std::move(router));
  TestClient client(server.start());
  const std::string header = "GET / HTTP/1.1\r\nX-Slow: " + std::string(200, 'a');
  const auto closed_after = client.trickle(header, 20ms);
  ASSERT_TRUE(closed_after.has_value()) << "server never closed the connection";
  EXPECT_GE(*closed_after, 250ms);
  EXPECT_LE(*closed_after, 1500ms);
}

TEST(ServerTest, TrickledBodyIsCutOffAtBodyTimeout) {
  Router router;
  router.add("POST", "/", answer("{}"));
  ServerOptions options = testOptions();
  options.header_timeout = 5s;
  options.body_timeout = 300ms;
  Server server(options, std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n"));
  const auto closed_after = client.trickle(std::string(1000, 'b'), 20ms);
  ASSERT_TRUE(closed_after.has_value()) << "server never closed the connection";
  EXPECT_GE(*closed_after, 250ms);
  EXPECT_LE(*closed_after, 1500ms);
}

TEST(ServerTest, IdleKeepAliveConnectionIsClosed) {
  Router router;
  router.add("GET", "/", answer("{}"));
  ServerOptions options = testOptions();
  options.idle_timeout = 300ms;
  Server server(options, std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.roundTrip("GET", "/"));
  const auto start = Clock::now();
  EXPECT_TRUE(client.waitClosed(5s));
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, 250ms);
  EXPECT_LE(waited, 1500ms);
}

}  // namespace
}  // namespace mensajero::http
