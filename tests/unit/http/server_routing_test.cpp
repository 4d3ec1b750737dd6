#include <utility>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

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
using testing::isHex32;
using testing::makeRequest;
using testing::TestClient;
using testing::testOptions;

TEST(ServerTest, UnknownPathIs404InErrorShape) {
  Router router;
  router.add("GET", "/known", answer("{}"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  expectError(client.roundTrip("GET", "/unknown"), 404, "not_found");
}

TEST(ServerTest, WrongMethodIs405WithAllow) {
  Router router;
  router.add("GET", "/items/{id}", answer("{}"));
  router.add("DELETE", "/items/{id}", answer("{}"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("POST", "/items/3", "{}");
  expectError(r, 405, "method_not_allowed");
  EXPECT_EQ(r->header("Allow"), "GET, DELETE");
}

TEST(ServerTest, ReplyToHeadHasNoBodyAndKeepsConnectionInSync) {
  Router router;
  router.add("GET", "/", answer(R"({"get":true})"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.send(makeRequest("HEAD", "/")));
  const auto head = client.read(5s, true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 405u);
  EXPECT_EQ(head->header("Allow"), "GET");
  const auto get = client.roundTrip("GET", "/");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, R"({"get":true})");
}

TEST(ServerTest, HandlerSeesParamsQueryHeadersAndPeer) {
  Router router;
  router.add("POST", "/conversations/{id}", [](Request req, Respond respond) {
    nlohmann::json doc = {{"id", req.path_params["id"]},
                          {"q", req.queryParam("q").value_or("-")},
                          {"path", req.path},
                          {"target", req.target},
                          {"agent", std::string(req.header("user-agent").value_or(""))},
                          {"body", req.body},
                          {"peer", req.remote_address},
                          {"rid", req.request_id}};
    respond(Response::json(200, doc.dump()).withHeader("X-Extra", "yes"));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("POST", "/conversations/a%20b?q=x+y", "payload",
                                  "User-Agent: tests\r\nX-Request-Id: rid-1\r\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200u);
  const auto doc = nlohmann::json::parse(r->body);
  EXPECT_EQ(doc["id"], "a b");
  EXPECT_EQ(doc["q"], "x y");
  EXPECT_EQ(doc["path"], "/conversations/a b");
  EXPECT_EQ(doc["target"], "/conversations/a%20b?q=x+y");
  EXPECT_EQ(doc["agent"], "tests");
  EXPECT_EQ(doc["body"], "payload");
  EXPECT_EQ(doc["peer"], "127.0.0.1");
  EXPECT_EQ(doc["rid"], "rid-1");
  EXPECT_EQ(r->header("X-Extra"), "yes");
}

TEST(ServerTest, RequestIdIsGeneratedEchoedOrReplaced) {
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());

  const auto generated = client.roundTrip("GET", "/");
  ASSERT_TRUE(generated);
  EXPECT_TRUE(isHex32(generated->header("X-Request-Id")));
  const auto again = client.roundTrip("GET", "/");
  ASSERT_TRUE(again);
  EXPECT_NE(again->header("X-Request-Id"), generated->header("X-Request-Id"));

  const auto echoed = client.roundTrip("GET", "/", {}, "X-Request-Id: Ab9._-z\r\n");
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->header("X-Request-Id"), "Ab9._-z");

  for (const std::string& bad :
       std::vector<std::string>{"has space", "semi;colon", std::string(65, 'a')}) {
    const auto replaced = client.roundTrip("GET", "/", {}, "X-Request-Id: " + bad + "\r\n");
    ASSERT_TRUE(replaced);
    EXPECT_TRUE(isHex32(replaced->header("X-Request-Id"))) << bad;
  }
  // Error replies carry it too.
  const auto missing = client.roundTrip("GET", "/nowhere", {}, "X-Request-Id: err-1\r\n");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->header("X-Request-Id"), "err-1");
}

TEST(ServerTest, KeepAliveServesRequestsOnOneConnection) {
  Router router;
  router.add("POST", "/echo", [](Request req, Respond respond) {
    respond(Response::text(200, std::move(req.body)));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto first = client.roundTrip("POST", "/echo", "one");
  const auto second = client.roundTrip("POST", "/echo", "two");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "one");
  EXPECT_EQ(second->body, "two");
  EXPECT_EQ(second->header("Connection"), "");
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Router router;
  router.add("POST", "/echo", [](Request req, Respond respond) {
    respond(Response::text(200, std::move(req.body)));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.send(makeRequest("POST", "/echo", "a") + makeRequest("POST", "/echo", "b")));
  const auto a = client.read();
  const auto b = client.read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "a");
  EXPECT_EQ(b->body, "b");
}

TEST(ServerTest, ConnectionCloseIsHonoured) {
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("GET", "/", {}, "Connection: close\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_TRUE(client.waitClosed(5s));
}

TEST(ServerTest, InvalidHandlerStatusBecomes500) {
  Router router;
  router.add("GET", "/", [](Request, Respond respond) { respond(Response::json(42, "{}")); });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  expectError(client.roundTrip("GET", "/"), 500, "internal_error");
}

TEST(ServerTest, OnCompleteSeesEveryResponseOnce) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<unsigned, std::string>> seen;  // status, request id
  bool saw_body = false;
  ServerOptions options = testOptions();
  options.on_complete = [&](const Request& req, const Response& res, std::chrono::microseconds e) {
    std::lock_guard lock(mu);
    seen.emplace_back(res.status, req.request_id);
    saw_body = saw_body || !req.body.empty() || e.count() < 0;
    cv.notify_all();
  };
  Router router;
  router.add("POST", "/", answer("{}"));
  Server server(options, std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.roundTrip("POST", "/", "secret", "X-Request-Id: one\r\n"));
  ASSERT_TRUE(client.roundTrip("GET", "/missing", {}, "X-Request-Id: two\r\n"));
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return seen.size() >= 2; }));
  EXPECT_EQ(seen[0], std::make_pair(200u, std::string("one")));
  EXPECT_EQ(seen[1], std::make_pair(404u, std::string("two")));
  EXPECT_FALSE(saw_body);
}

// Metrics name a request by its route's pattern, never by its path.
TEST(ServerTest, OnCompleteSeesTheMatchedRoutePattern) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> routes;
  ServerOptions options = testOptions();
  options.on_complete = [&](const Request& req, const Response&, std::chrono::microseconds) {
    std::lock_guard lock(mu);
    routes.push_back(req.route);
    cv.notify_all();
  };
  Router router;
  router.add("GET", "/items/{id}", answer("{}"));
  Server server(options, std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.roundTrip("GET", "/items/12345"));
  ASSERT_TRUE(client.roundTrip("GET", "/nothing/here"));
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return routes.size() >= 2; }));
  EXPECT_EQ(routes[0], "/items/{id}");
  EXPECT_EQ(routes[1], "");
}

}  // namespace
}  // namespace mensajero::http
