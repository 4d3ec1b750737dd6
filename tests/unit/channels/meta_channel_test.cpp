#include "channels/meta/meta_channel.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/channels/fake_http_client.h"

namespace mensajero::channels::meta {
namespace {

using testing::FakeHttpClient;
using Json = nlohmann::json;

constexpr const char* kAccepted =
    R"({"messaging_product":"whatsapp","contacts":[{"input":"+12015550123","wa_id":"12015550123"}],"messages":[{"id":"wamid.HBgN001"}]})";

MetaConfig testConfig() {
  MetaConfig config;
  config.base_url = "http://127.0.0.1:9999";
  config.api_version = "v23.0";
  config.phone_number_id = "106540352242922";
  config.access_token = "EAAtoken";
  config.timeout = std::chrono::milliseconds(1'500);
  return config;
}

OutboundSend textTo(std::string recipient) {
  OutboundSend message;
  message.message_id = "msg_01HZX";
  message.recipient = std::move(recipient);
  message.content = "Su cita es mañana";
  return message;
}

std::string headerOf(const transport::HttpCall& call, const std::string& name) {
  for (const auto& [key, value] : call.headers) {
    if (key == name) {
      return value;
    }
  }
  return "<missing>";
}

Result<SendAccepted> sendWith(FakeHttpClient& client, const OutboundSend& message) {
  MetaChannel channel(testConfig(), client);
  return channel.send(message);
}

TEST(MetaChannelTest, PostsToTheMessagesEdgeWithBearerToken) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  ASSERT_TRUE(sendWith(client, textTo("+12015550123")).ok());

  const auto calls = client.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].url, "http://127.0.0.1:9999/v23.0/106540352242922/messages");
  EXPECT_EQ(headerOf(calls[0], "Authorization"), "Bearer EAAtoken");
  EXPECT_EQ(headerOf(calls[0], "Content-Type"), "application/json");
}

TEST(MetaChannelTest, BodyIsATextMessageCarryingOurId) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  ASSERT_TRUE(sendWith(client, textTo("+12015550123")).ok());

  const Json body = Json::parse(client.calls().at(0).body);
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["recipient_type"], "individual");
  EXPECT_EQ(body["to"], "+12015550123");
  EXPECT_EQ(body["type"], "text");
  EXPECT_EQ(body["text"]["preview_url"], false);
  EXPECT_EQ(body["text"]["body"], "Su cita es mañana");
  EXPECT_EQ(body["biz_opaque_callback_data"], "msg_01HZX");
}

TEST(MetaChannelTest, WaIdGoesOutAsIsAndPhoneNumbersWithPlus) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  ASSERT_TRUE(sendWith(client, textTo("5215512345678")).ok());
  ASSERT_TRUE(sendWith(client, textTo("+52 55 1234 5678")).ok());

  EXPECT_EQ(Json::parse(client.calls().at(0).body)["to"], "5215512345678");
  EXPECT_EQ(Json::parse(client.calls().at(1).body)["to"], "+525512345678");
}

TEST(MetaChannelTest, PassesTheConfiguredTimeout) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  ASSERT_TRUE(sendWith(client, textTo("+12015550123")).ok());
  EXPECT_EQ(client.calls().at(0).timeout, std::chrono::milliseconds(1'500));
  EXPECT_LE(client.calls().at(0).connect_timeout, std::chrono::milliseconds(1'500));
}

TEST(MetaChannelTest, ReturnsTheWamidOnSuccess) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
  ASSERT_TRUE(result.ok()) << result.error().code;
  EXPECT_EQ(result->external_id, "wamid.HBgN001");
}

TEST(MetaChannelTest, SuccessWithoutMessageIdIsRetryableBadResponse) {
  for (const char* body : {"{}", R"({"messages":[]})", R"({"messages":[{"id":""}]})", "not json"}) {
    FakeHttpClient client(FakeHttpClient::reply(200, body));
    const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, "meta_bad_response") << body;
    EXPECT_EQ(result.error().category, ErrorCategory::Retryable) << body;
  }
}

TEST(MetaChannelTest, GraphErrorIsClassifiedByItsCode) {
  FakeHttpClient client(FakeHttpClient::reply(
      400,
      R"({"error":{"message":"(#131047) Re-engagement message","type":"OAuthException","code":131047,"fbtrace_id":"AbC"}})"));
  const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, ErrorCategory::Fallback);
  EXPECT_EQ(result.error().code, "meta_131047");
  EXPECT_EQ(result.error().message, "(#131047) Re-engagement message");
}

TEST(MetaChannelTest, PairRateLimitIsRetryable) {
  FakeHttpClient client(FakeHttpClient::reply(
      400, R"({"error":{"message":"pair rate limit hit","code":131056,"error_subcode":2494055}})"));
  const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, ErrorCategory::Retryable);
  EXPECT_EQ(result.error().code, "meta_131056");
}

TEST(MetaChannelTest, NonJsonErrorsFollowTheHttpStatus) {
  struct Case {
    long status;
    ErrorCategory expected;
  };
  for (const Case& c : {Case{502, ErrorCategory::Retryable}, Case{503, ErrorCategory::Retryable},
                        Case{429, ErrorCategory::Retryable}, Case{404, ErrorCategory::Permanent},
                        Case{400, ErrorCategory::Permanent}}) {
    FakeHttpClient client(FakeHttpClient::reply(c.status, "<html>Bad Gateway</html>"));
    const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, c.expected) << c.status;
    EXPECT_EQ(result.error().code, "meta_http_" + std::to_string(c.status));
  }
}

TEST(MetaChannelTest, TransportErrorsPassThrough) {
  FakeHttpClient client(makeError(ErrorCategory::Retryable, "timeout", "Timeout was reached"));
  const Result<SendAccepted> result = sendWith(client, textTo("+12015550123"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "timeout");
  EXPECT_EQ(result.error().category, ErrorCategory::Retryable);
}

TEST(MetaChannelTest, RefusesWhatItCannotSendWithoutCallingMeta) {
  FakeHttpClient client(FakeHttpClient::reply(200, kAccepted));
  OutboundSend image = textTo("+12015550123");
  image.message_type = "image";
  EXPECT_EQ(sendWith(client, image).error().category, ErrorCategory::Invalid);
  EXPECT_EQ(sendWith(client, textTo("")).error().code, "invalid_recipient");
  EXPECT_TRUE(client.calls().empty());
}

TEST(MetaChannelTest, HealthCheckReadsTheBusinessProfile) {
  FakeHttpClient client(FakeHttpClient::reply(200, R"({"data":[{"about":"Clinic"}]})"));
  MetaChannel channel(testConfig(), client);
  ASSERT_TRUE(channel.checkHealth().ok());
  const auto calls = client.calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].method, "GET");
  EXPECT_EQ(calls[0].url, "http://127.0.0.1:9999/v23.0/106540352242922/whatsapp_business_profile");
  EXPECT_EQ(headerOf(calls[0], "Authorization"), "Bearer EAAtoken");
}

TEST(MetaChannelTest, HealthCheckReportsAnExpiredToken) {
  FakeHttpClient client(FakeHttpClient::reply(
      401, R"({"error":{"message":"Error validating access token","code":190}})"));
  MetaChannel channel(testConfig(), client);
  const Status status = channel.checkHealth();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "meta_190");
}

}  // namespace
}  // namespace mensajero::channels::meta
