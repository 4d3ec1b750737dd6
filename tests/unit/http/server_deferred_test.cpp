// Deferred routes (issue 8 item 5): a handler that waits for something answers later without
// holding a blocking thread meanwhile.
#include <utility>

#include <future>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "http/server.h"
#include "server_test_support.h"
#include "test_client.h"

namespace mensajero::http {
namespace {

using namespace std::chrono_literals;
using testing::await;
using testing::TestClient;
using testing::testOptions;

// Hands a deferred request's Respond and RunBlocking to the test, which answers when it likes.
struct Parked {
  std::promise<std::pair<Respond, RunBlocking>> parked;
  std::future<std::pair<Respond, RunBlocking>> future = parked.get_future();
};

TEST(ServerDeferredTest, AWaitingDeferredRequestHoldsNoBlockingThread) {
  Parked parked;
  Router router;
  router.addDeferred("POST", "/send",
                     [&parked](const Request&, Respond respond, RunBlocking resume) {
                       parked.parked.set_value({std::move(respond), std::move(resume)});
                     });
  router.addBlocking("GET", "/read", [](const Request&) { return Response::json(200, "{}"); });
  ServerOptions options = testOptions();
  options.blocking_threads = 1;
  Server server(options, std::move(router));
  const std::uint16_t port = server.start();

  TestClient waiting(port);
  ASSERT_TRUE(waiting.send(testing::makeRequest("POST", "/send", "{}")));
  auto [respond, resume] = await(parked.future);

  // The only blocking thread is free while the send waits.
  TestClient reader(port);
  const auto read = reader.roundTrip("GET", "/read");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200u);

  // The later work runs on the blocking pool and answers the waiting request.
  std::promise<std::thread::id> ran_on;
  resume([&ran_on, respond = respond] {
    ran_on.set_value(std::this_thread::get_id());
    respond(Response::json(201, R"({"late":true})"));
  });
  const auto answered = waiting.read();
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 201u);
  EXPECT_EQ(answered->body, R"({"late":true})");
  auto ran_future = ran_on.get_future();
  EXPECT_NE(await(ran_future), std::this_thread::get_id());
}

TEST(ServerDeferredTest, AnsweringBeforeReturningWorksLikeABlockingRoute) {
  Router router;
  router.addDeferred("GET", "/now", [](const Request& request, Respond respond, RunBlocking) {
    respond(Response::json(200, "\"" + request.path + "\""));
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  const auto r = client.roundTrip("GET", "/now");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "\"/now\"");
}

TEST(ServerDeferredTest, AHandlerThatNeverAnswersGets500WhenItDropsItsRespond) {
  Router router;
  router.addDeferred("GET", "/drop", [](const Request&, Respond, RunBlocking) {});
  router.addDeferred("GET", "/throw", [](const Request&, Respond, RunBlocking) {
    throw std::runtime_error("boom");
  });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  testing::expectError(client.roundTrip("GET", "/drop"), 500, "internal_error");
  testing::expectError(client.roundTrip("GET", "/throw"), 500, "internal_error");
}

}  // namespace
}  // namespace mensajero::http
