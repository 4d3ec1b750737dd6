#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "transport/http_client.h"
#include "unit/transport/loopback_server.h"

namespace mensajero::transport {
namespace {

using std::chrono::milliseconds;
using testing::LoopbackServer;

LoopbackServer::Responder reply(int status, const std::string& reason, const std::string& body,
                                const std::vector<std::string>& headers = {}) {
  return [=](const testing::ReceivedRequest&) {
    return LoopbackServer::response(status, reason, body, headers);
  };
}

TEST(CurlHttpClientTest, PostsBodyAndHeaders) {
  LoopbackServer server(reply(200, "OK", "{}"));
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/v23.0/123/messages");
  call.headers = {{"Authorization", "Bearer t0ken"}, {"Content-Type", "application/json"}};
  call.body = R"({"to":"+12015550123"})";

  ASSERT_TRUE(client.perform(call).ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].request_line, "POST /v23.0/123/messages HTTP/1.1");
  EXPECT_NE(requests[0].head.find("\r\nAuthorization: Bearer t0ken\r\n"), std::string::npos);
  EXPECT_NE(requests[0].head.find("\r\nContent-Type: application/json\r\n"), std::string::npos);
  EXPECT_EQ(requests[0].head.find("Expect:"), std::string::npos);
  EXPECT_EQ(requests[0].body, call.body);
}

TEST(CurlHttpClientTest, CapturesStatusBodyAndLowerCasedHeaders) {
  LoopbackServer server(reply(201, "Created", R"({"id":"x"})",
                              {"Content-Type: application/json", "X-App-Usage: 42"}));
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/");

  const Result<HttpReply> result = client.perform(call);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->status, 201);
  EXPECT_EQ(result->body, R"({"id":"x"})");
  EXPECT_EQ(result->header("x-app-usage"), "42");
  EXPECT_EQ(result->header("content-type"), "application/json");
  EXPECT_EQ(result->header("X-App-Usage"), std::nullopt);
}

TEST(CurlHttpClientTest, ErrorStatusIsAReplyNotAnError) {
  LoopbackServer server(reply(503, "Service Unavailable", "busy"));
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/");

  const Result<HttpReply> result = client.perform(call);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 503);
  EXPECT_EQ(result->body, "busy");
}

TEST(CurlHttpClientTest, AnswerLongerThanTheCallsBoundFails) {
  LoopbackServer server(reply(200, "OK", std::string(5000, 'x')));
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/");
  call.max_response_bytes = 1000;
  const Result<HttpReply> cut = client.perform(call);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, "transport_error");
  call.max_response_bytes = 5000;
  const Result<HttpReply> whole = client.perform(call);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->body.size(), 5000u);
}

TEST(CurlHttpClientTest, GetSendsNoBody) {
  LoopbackServer server(reply(200, "OK", "{}"));
  CurlHttpClient client;
  HttpCall call;
  call.method = "GET";
  call.url = server.url("/profile");

  ASSERT_TRUE(client.perform(call).ok());
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].request_line, "GET /profile HTTP/1.1");
  EXPECT_TRUE(requests[0].body.empty());
}

TEST(CurlHttpClientTest, ReusesTheConnectionOnTheSameThread) {
  LoopbackServer server(reply(200, "OK", "{}"));
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/");

  ASSERT_TRUE(client.perform(call).ok());
  ASSERT_TRUE(client.perform(call).ok());
  ASSERT_TRUE(client.perform(call).ok());
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.acceptedConnections(), 1);
}

TEST(CurlHttpClientTest, ServesConcurrentThreads) {
  LoopbackServer server(reply(200, "OK", "{}"));
  CurlHttpClient client;
  std::vector<std::thread> threads;
  std::atomic<int> successes{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      HttpCall call;
      call.url = server.url("/");
      for (int i = 0; i < 5; ++i) {
        const Result<HttpReply> result = client.perform(call);
        if (result.ok() && result->status == 200) {
          ++successes;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(successes.load(), 20);
}

TEST(CurlHttpClientTest, ServerThatNeverAnswersTimesOut) {
  LoopbackServer server(reply(200, "OK", "{}"), /*respond=*/false);
  CurlHttpClient client;
  HttpCall call;
  call.url = server.url("/");
  call.timeout = milliseconds(300);

  const auto started = std::chrono::steady_clock::now();
  const Result<HttpReply> result = client.perform(call);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "timeout");
  EXPECT_EQ(result.error().category, ErrorCategory::Retryable);
  EXPECT_GE(elapsed, milliseconds(250));
  EXPECT_LT(elapsed, milliseconds(2'000));
}

TEST(CurlHttpClientTest, ClosedPortIsConnectFailed) {
  CurlHttpClient client;
  HttpCall call;
  call.url = "http://127.0.0.1:" + std::to_string(testing::closedPort()) + "/";

  const Result<HttpReply> result = client.perform(call);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "connect_failed");
  EXPECT_EQ(result.error().category, ErrorCategory::Retryable);
}

TEST(CurlHttpClientTest, UnsupportedSchemeIsTransportError) {
  CurlHttpClient client;
  HttpCall call;
  call.url = "file:///etc/passwd";

  const Result<HttpReply> result = client.perform(call);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "transport_error");
  EXPECT_EQ(result.error().category, ErrorCategory::Retryable);
}

TEST(CurlHttpClientTest, WorksAgainAfterAFailure) {
  LoopbackServer server(reply(200, "OK", "fine"));
  CurlHttpClient client;
  HttpCall failing;
  failing.url = "http://127.0.0.1:" + std::to_string(testing::closedPort()) + "/";
  ASSERT_FALSE(client.perform(failing).ok());

  HttpCall call;
  call.url = server.url("/");
  const Result<HttpReply> result = client.perform(call);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->body, "fine");
}

}  // namespace
}  // namespace mensajero::transport
