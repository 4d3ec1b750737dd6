#include <csignal>
#include <future>
#include <latch>
#include <stdexcept>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/server.h"
#include "server_test_support.h"
#include "test_client.h"

namespace mensajero::http {
namespace {

using namespace std::chrono_literals;
using testing::answer;
using testing::await;
using testing::expectError;
using testing::makeRequest;
using testing::TestClient;
using testing::testOptions;
using Clock = std::chrono::steady_clock;

TEST(ServerTest, ThrowingHandlersGive500AndServingGoesOn) {
  Router router;
  router.add("GET", "/throw", [](Request, Respond) -> void { throw std::runtime_error("boom"); });
  router.addBlocking("GET", "/throw-blocking",
                     [](const Request&) -> Response { throw std::logic_error("boom"); });
  router.add("GET", "/ok", answer("{}"));
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  expectError(client.roundTrip("GET", "/throw"), 500, "internal_error");
  expectError(client.roundTrip("GET", "/throw-blocking"), 500, "internal_error");
  const auto ok = client.roundTrip("GET", "/ok");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200u);
}

TEST(ServerTest, HandlerThatDropsRespondGives500) {
  Router router;
  router.add("GET", "/forgetful", [](Request, Respond) {});
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  expectError(client.roundTrip("GET", "/forgetful"), 500, "internal_error");
}

TEST(ServerTest, BlockingHandlerRunsOffTheIoThread) {
  std::promise<std::thread::id> io_thread;
  std::promise<std::thread::id> pool_thread;
  Router router;
  router.add("GET", "/async", [&](Request, Respond respond) {
    io_thread.set_value(std::this_thread::get_id());
    respond(Response::json(200, "{}"));
  });
  router.addBlocking("GET", "/blocking", [&](const Request&) {
    pool_thread.set_value(std::this_thread::get_id());
    return Response::json(200, "{}");
  });
  ServerOptions options = testOptions();
  options.io_threads = 1;
  Server server(options, std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.roundTrip("GET", "/async"));
  ASSERT_TRUE(client.roundTrip("GET", "/blocking"));
  auto io = io_thread.get_future();
  auto pool = pool_thread.get_future();
  const auto io_id = await(io);
  const auto pool_id = await(pool);
  EXPECT_NE(io_id, pool_id);
  EXPECT_NE(pool_id, std::this_thread::get_id());
}

TEST(ServerTest, AsyncHandlerMayRespondLaterFromAnotherThread) {
  std::promise<Respond> parked;
  Router router;
  router.add("GET", "/later", [&](Request, Respond respond) { parked.set_value(respond); });
  Server server(testOptions(), std::move(router));
  TestClient client(server.start());
  ASSERT_TRUE(client.send(makeRequest("GET", "/later")));
  auto future = parked.get_future();
  Respond respond = await(future);
  std::thread other([&] {
    respond(Response::json(202, R"({"late":true})"));
    respond(Response::json(200, "{}"));  // a second call is ignored
  });
  other.join();
  const auto r = client.read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202u);
  EXPECT_EQ(r->body, R"({"late":true})");
}

TEST(ServerTest, RespondAfterClientLeftIsHarmless) {
  std::promise<Respond> parked;
  Router router;
  router.add("GET", "/later", [&](Request, Respond respond) { parked.set_value(respond); });
  router.add("GET", "/ok", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  {
    TestClient client(port);
    ASSERT_TRUE(client.send(makeRequest("GET", "/later")));
    auto future = parked.get_future();
    Respond respond = await(future);
    client.close();
    respond(Response::json(200, "{}"));
  }
  TestClient next(port);
  const auto r = next.roundTrip("GET", "/ok");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
}

TEST(ServerTest, StartFailsWhenPortIsTaken) {
  Router first_router;
  first_router.add("GET", "/", answer("{}"));
  Server first(testOptions(), std::move(first_router));
  ServerOptions options = testOptions();
  options.port = first.start();
  Server second(options, Router{});
  // reuse_address does not allow two listeners on one port.
  EXPECT_THROW(second.start(), std::runtime_error);
}

TEST(ServerTest, GracefulStopFinishesInFlightAndRefusesNewConnections) {
  std::promise<void> entered;
  std::latch release(1);
  Router router;
  router.addBlocking("GET", "/slow", [&](const Request&) {
    entered.set_value();
    release.wait();
    return Response::json(200, R"({"done":true})");
  });
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  TestClient in_flight(port);
  TestClient idle(port);
  ASSERT_TRUE(in_flight.send(makeRequest("GET", "/slow")));
  auto future = entered.get_future();
  await(future);

  std::thread stopper([&] { server.stop(); });
  bool refused = false;
  for (const auto deadline = Clock::now() + 5s; !refused && Clock::now() < deadline;) {
    refused = !TestClient::canConnect(port);
  }
  EXPECT_TRUE(refused);
  EXPECT_TRUE(idle.waitClosed(5s));  // idle connections are closed at once
  release.count_down();
  const auto r = in_flight.read();
  stopper.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200u);
  EXPECT_EQ(r->body, R"({"done":true})");
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_FALSE(TestClient::canConnect(port));
}

TEST(ServerTest, StopIsIdempotentAndSafeBeforeStart) {
  {
    Server never_started(testOptions(), Router{});
    never_started.stop();
    never_started.stop();
  }
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  server.stop();
  server.stop();
  EXPECT_FALSE(TestClient::canConnect(port));
  EXPECT_THROW(server.start(), std::logic_error);
}

TEST(ServerTest, StopForceClosesAfterGraceAndLateRespondIsHarmless) {
  std::promise<Respond> parked;
  Router router;
  router.add("GET", "/never", [&](Request, Respond respond) { parked.set_value(respond); });
  ServerOptions options = testOptions();
  options.shutdown_grace = 200ms;
  Respond respond;
  {
    Server server(options, std::move(router));
    TestClient client(server.start());
    ASSERT_TRUE(client.send(makeRequest("GET", "/never")));
    auto future = parked.get_future();
    respond = await(future);
    const auto start = Clock::now();
    server.stop();
    EXPECT_GE(Clock::now() - start, 150ms);
    EXPECT_TRUE(client.waitClosed(5s));
  }
  respond(Response::json(200, "{}"));  // the server is gone: nothing happens
}

TEST(ServerTest, RunUntilSignalReturnsWhenStopped) {
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  std::thread runner([&] { server.runUntilSignal(); });
  TestClient client(port);
  ASSERT_TRUE(client.roundTrip("GET", "/"));
  server.stop();
  runner.join();
  EXPECT_FALSE(TestClient::canConnect(port));
}

TEST(ServerTest, RunUntilSignalStopsOnSigterm) {
  // While this set exists, SIGTERM goes to Asio's handler instead of killing the process, so
  // raising it before runUntilSignal has installed its own set is harmless.
  boost::asio::io_context guard_context;
  boost::asio::signal_set guard(guard_context, SIGTERM);
  Router router;
  router.add("GET", "/", answer("{}"));
  Server server(testOptions(), std::move(router));
  const auto port = server.start();
  std::promise<void> done;
  std::thread runner([&] {
    server.runUntilSignal();
    done.set_value();
  });
  auto future = done.get_future();
  bool finished = false;
  for (const auto deadline = Clock::now() + 5s; !finished && Clock::now() < deadline;) {
    std::raise(SIGTERM);
    finished = future.wait_for(20ms) == std::future_status::ready;
  }
  if (!finished) server.stop();
  runner.join();
  EXPECT_TRUE(finished);
  EXPECT_FALSE(TestClient::canConnect(port));
}

}  // namespace
}  // namespace mensajero::http
