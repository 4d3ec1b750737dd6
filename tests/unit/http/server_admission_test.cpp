// Issue 8 item 4: an unauthenticated client must not make the server hold its body. Route
// admission runs on the header before the body is read, unauthenticated bodies share a
// budget, and idle connections give way past max_connections.
#include <atomic>
#include <future>
#include <string>
#include <thread>

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

constexpr std::size_t kFourMiB = 4 << 20;

std::string postHeader(std::string_view target, std::size_t length,
                       std::string_view extra_headers = {}) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(length) + "\r\n" +
         std::string(extra_headers) + "\r\n";
}

// Admits requests carrying "X-Key: good"; counts the bodies the handler received.
struct KeyedRoute {
  std::atomic<int> handled{0};

  RouteOptions options(bool blocks) {
    RouteOptions options;
    options.body_limit = 8 << 20;
    options.admit = [](const Request& request) -> std::optional<Response> {
      if (request.header("X-Key") == "good") return std::nullopt;
      return Response::error(401, "unauthorized", "bad key");
    };
    options.admit_blocks = blocks;
    options.admit_authenticates = true;
    return options;
  }
  Handler handler() {
    return [this](Request request, Respond respond) {
      ++handled;
      respond(Response::json(200, std::to_string(request.body.size())));
    };
  }
};

void expectRefusalBeforeBody(std::uint16_t port, std::string_view target, unsigned status,
                             std::string_view code) {
  TestClient client(port);
  ASSERT_TRUE(client.send(postHeader(target, kFourMiB, "X-Key: bad\r\n")));
  // Nothing of the body was sent: an answer proves the server did not wait for it.
  const auto refused = client.read(5s);
  expectError(refused, status, code);
  EXPECT_EQ(refused->header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed(5s));
}

TEST(ServerAdmissionTest, Issue8RefusedRequestIsAnsweredBeforeItsBodyIsSent) {
  for (const bool blocks : {false, true}) {
    SCOPED_TRACE(blocks ? "blocking hook" : "inline hook");
    KeyedRoute route;
    Router router;
    router.add("POST", "/keyed", route.handler(), route.options(blocks));
    Server server(testOptions(), std::move(router));
    expectRefusalBeforeBody(server.start(), "/keyed", 401, "unauthorized");
    EXPECT_EQ(route.handled, 0);
  }
}

TEST(ServerAdmissionTest, Issue8UnknownPathIsAnsweredBeforeItsBodyIsSent) {
  Router router;
  router.add("GET", "/known", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  expectRefusalBeforeBody(port, "/unknown", 404, "not_found");
  expectRefusalBeforeBody(port, "/known", 405, "method_not_allowed");
}

TEST(ServerAdmissionTest, AdmittedRequestGetsItsBodyRead) {
  for (const bool blocks : {false, true}) {
    SCOPED_TRACE(blocks ? "blocking hook" : "inline hook");
    KeyedRoute route;
    Router router;
    router.add("POST", "/keyed", route.handler(), route.options(blocks));
    Server server(testOptions(), std::move(router));
    TestClient client(server.start());
    const auto r = client.roundTrip("POST", "/keyed", std::string(1000, 'b'), "X-Key: good\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200u);
    EXPECT_EQ(r->body, "1000");
  }
}

TEST(ServerAdmissionTest, HookSeesPathParameters) {
  RouteOptions options;
  options.admit = [](const Request& request) -> std::optional<Response> {
    if (request.path_params.at("org") == "known") return std::nullopt;
    return Response::error(404, "not_found", "no such organization");
  };
  Router router;
  router.add("POST", "/hooks/{org}", answer("{}"), options);
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  expectRefusalBeforeBody(port, "/hooks/unknown", 404, "not_found");
  TestClient client(port);
  const auto r = client.roundTrip("POST", "/hooks/known", "{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
}

TEST(ServerAdmissionTest, RefusalOfBodylessRequestKeepsTheConnection) {
  KeyedRoute route;
  Router router;
  router.add("GET", "/keyed", route.handler(), route.options(true));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto refused = client.roundTrip("GET", "/keyed", {}, "X-Key: bad\r\n");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401u);
  EXPECT_NE(refused->header("Connection"), "close");
  const auto admitted = client.roundTrip("GET", "/keyed", {}, "X-Key: good\r\n");
  ASSERT_TRUE(admitted);
  EXPECT_EQ(admitted->status, 200u);
}

TEST(ServerAdmissionTest, ThrowingHookGives500) {
  RouteOptions options;
  options.admit = [](const Request&) -> std::optional<Response> { throw std::runtime_error("x"); };
  Router router;
  router.add("POST", "/throws", answer("{}"), options);
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("POST", "/throws", "{}");
  expectError(r, 500, "internal_error");
}

void expectServerBusy(const std::optional<testing::ClientResponse>& r) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503u);
  EXPECT_EQ(r->header("Retry-After"), "1");
  EXPECT_EQ(r->header("Connection"), "close");
  const auto doc = nlohmann::json::parse(r->body);
  EXPECT_EQ(doc["error"]["code"], "server_busy");
  EXPECT_EQ(doc["error"]["retryable"], true);
}

Router echoSizeRouter(RouteOptions options = {}) {
  Router router;
  router.add(
      "POST", "/open",
      [](Request request, Respond respond) {
        respond(Response::json(200, std::to_string(request.body.size())));
      },
      std::move(options));
  return router;
}

TEST(ServerAdmissionTest, Issue8UnauthenticatedBodiesBeyondTheBudgetGet503) {
  ServerOptions options = testOptions();
  options.unauthenticated_body_budget = 1000;
  Server server(options, echoSizeRouter());
  const auto port = server.start();

  // The server takes a body's share before it answers "100 Continue", so once the holder
  // has its interim answer, 800 of the 1000 bytes are spoken for.
  TestClient holder(port);
  ASSERT_TRUE(holder.send(postHeader("/open", 800, "Expect: 100-continue\r\n")));
  const auto interim = holder.read();
  ASSERT_TRUE(interim);
  ASSERT_EQ(interim->status, 100u);

  TestClient refused(port);
  ASSERT_TRUE(refused.send(postHeader("/open", 800)));
  expectServerBusy(refused.read());
  EXPECT_TRUE(refused.waitClosed(5s));

  ASSERT_TRUE(holder.send(std::string(800, 'a')));
  const auto done = holder.read();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->body, "800");
  TestClient after(port);  // the holder's share is back
  const auto r = after.roundTrip("POST", "/open", std::string(800, 'c'));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, "800");
}

TEST(ServerAdmissionTest, Issue8ChunkedBodyBeyondTheBudgetGets503) {
  ServerOptions options = testOptions();
  options.unauthenticated_body_budget = 1000;
  Server server(options, echoSizeRouter());
  TestClient client(server.start());
  ASSERT_TRUE(
      client.send("POST /open HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "200\r\n" +
                  std::string(512, 'a') + "\r\n200\r\n" + std::string(512, 'b') + "\r\n0\r\n\r\n"));
  expectServerBusy(client.read());
}

TEST(ServerAdmissionTest, AuthenticatedBodiesAreNotBudgeted) {
  ServerOptions options = testOptions();
  options.unauthenticated_body_budget = 100;
  KeyedRoute route;
  Router router;
  router.add("POST", "/keyed", route.handler(), route.options(false));
  Server server(options, std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("POST", "/keyed", std::string(1000, 'b'), "X-Key: good\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
}

TEST(ServerAdmissionTest, WebhookStyleAdmissionStillBudgetsTheBody) {
  ServerOptions options = testOptions();
  options.unauthenticated_body_budget = 100;
  RouteOptions route;
  route.admit = [](const Request&) -> std::optional<Response> { return std::nullopt; };
  Server server(options, echoSizeRouter(route));
  TestClient client(server.start());
  expectServerBusy(client.roundTrip("POST", "/open", std::string(1000, 'b')));
}

// `count` clients that each answered one request, one after another, so that their idle times
// are in that order; fewer when a request failed.
std::vector<std::unique_ptr<TestClient>> idleClientsInOrder(std::uint16_t port, int count) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < count; ++i) {
    auto client = std::make_unique<TestClient>(port);
    if (!client->roundTrip("POST", "/open", "x")) break;
    clients.push_back(std::move(client));
  }
  return clients;
}

TEST(ServerAdmissionTest, Issue8ConnectionBeyondTheCapEvictsTheLongestIdle) {
  ServerOptions options = testOptions();
  options.max_connections = 3;
  Server server(options, echoSizeRouter());
  const auto port = server.start();
  // Each answers one request first, so their idle times are ordered: a, then b, then c.
  std::vector<std::unique_ptr<TestClient>> clients = idleClientsInOrder(port, 3);
  ASSERT_EQ(clients.size(), 3u);
  TestClient newcomer(port);
  const auto r = newcomer.roundTrip("POST", "/open", "xy");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "2");
  EXPECT_TRUE(clients[0]->waitClosed(5s));
  const auto kept = clients[1]->roundTrip("POST", "/open", "xyz");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body, "3");
}

TEST(ServerAdmissionTest, AConnectionThatServedAgainIsEvictedAfterTheOthersIdleLonger) {
  ServerOptions options = testOptions();
  options.max_connections = 3;
  Server server(options, echoSizeRouter());
  const auto port = server.start();
  std::vector<std::unique_ptr<TestClient>> clients = idleClientsInOrder(port, 3);
  ASSERT_EQ(clients.size(), 3u);
  // a serves again, so b is now the one idle longest, then c, then a.
  ASSERT_TRUE(clients[0]->roundTrip("POST", "/open", "x"));
  TestClient first_newcomer(port);
  ASSERT_TRUE(first_newcomer.roundTrip("POST", "/open", "xy"));
  EXPECT_TRUE(clients[1]->waitClosed(5s));
  TestClient second_newcomer(port);
  ASSERT_TRUE(second_newcomer.roundTrip("POST", "/open", "xy"));
  EXPECT_TRUE(clients[2]->waitClosed(5s));
  const auto kept = clients[0]->roundTrip("POST", "/open", "xyz");
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->body, "3");
}

TEST(ServerAdmissionTest, ConnectionBeyondTheCapIsClosedWhenNoneIsIdle) {
  std::promise<void> entered;
  std::future<void> in_flight = entered.get_future();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Router router;
  router.addBlocking("POST", "/slow", [&entered, released](const Request&) {
    entered.set_value();
    released.wait();
    return Response::json(200, "{}");
  });
  ServerOptions options = testOptions();
  options.max_connections = 1;
  Server server(options, std::move(router));
  const auto port = server.start();
  TestClient busy(port);
  ASSERT_TRUE(busy.send(postHeader("/slow", 2) + "{}"));
  testing::await(in_flight);

  TestClient newcomer(port);
  EXPECT_TRUE(newcomer.waitClosed(5s));
  release.set_value();
  const auto r = busy.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
}

}  // namespace
}  // namespace mensajero::http
