#include "channels/twilio/twilio_channel.h"

#include <string>

#include <gtest/gtest.h>

#include "security/crypto.h"
#include "unit/channels/fake_http_client.h"

namespace mensajero::channels::twilio {
namespace {

using testing::FakeHttpClient;

constexpr const char* kSid = "AC0123456789abcdef0123456789abcdef";
constexpr const char* kAccepted =
    R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","num_segments":"1"})";

TwilioConfig smsConfig() {
  TwilioConfig config;
  config.base_url = "http://twilio.test";
  config.account_sid = kSid;
  config.auth_token = "tok";
  config.from = "+14155238886";
  return config;
}

OutboundSend textTo(std::string recipient, std::string content = "Su cita es mañana") {
  OutboundSend message;
  message.message_id = "msg-1";
  message.recipient = std::move(recipient);
  message.content = std::move(content);
  return message;
}

std::string header(const transport::HttpCall& call, const std::string& name) {
  for (const auto& [key, value] : call.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(TwilioChannelTest, SendsFormEncodedSmsWithBasicAuth) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioChannel channel(smsConfig(), client);
  auto accepted = channel.send(textTo("+1 201-555-0123", "Hola & adiós"));
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  EXPECT_EQ(accepted->external_id, "SM0123456789abcdef0123456789abcdef");

  ASSERT_EQ(client.calls().size(), 1u);
  const transport::HttpCall call = client.calls()[0];
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.url,
            std::string("http://twilio.test/2010-04-01/Accounts/") + kSid + "/Messages.json");
  EXPECT_EQ(header(call, "Authorization"),
            "Basic " + security::base64Encode(std::string(kSid) + ":tok"));
  EXPECT_EQ(header(call, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(call.body, "To=%2B12015550123&From=%2B14155238886&Body=Hola%20%26%20adi%C3%B3s");
}

TEST(TwilioChannelTest, WhatsAppAddressesBothEnds) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioConfig config = smsConfig();
  config.channel_type = TwilioChannelType::WhatsApp;
  TwilioChannel channel(config, client);
  ASSERT_TRUE(channel.send(textTo("5215512345678", "hi")).ok());
  EXPECT_EQ(client.calls()[0].body,
            "To=whatsapp%3A%2B5215512345678&From=whatsapp%3A%2B14155238886&Body=hi");
}

TEST(TwilioChannelTest, MessagingServiceAndStatusCallbackAreSent) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioConfig config = smsConfig();
  config.from.clear();
  config.messaging_service_sid = "MG0123456789abcdef0123456789abcdef";
  config.status_callback_url = "https://gw.example.org/cb?x=1";
  TwilioChannel channel(config, client);
  ASSERT_TRUE(channel.send(textTo("+12015550123", "hi")).ok());
  EXPECT_EQ(client.calls()[0].body,
            "To=%2B12015550123&MessagingServiceSid=MG0123456789abcdef0123456789abcdef&Body=hi&"
            "StatusCallback=https%3A%2F%2Fgw.example.org%2Fcb%3Fx%3D1");
}

TEST(TwilioChannelTest, RefusesSmsOverMaxSegmentsWithoutCallingTwilio) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioConfig config = smsConfig();
  config.max_segments = 2;
  TwilioChannel channel(config, client);
  EXPECT_TRUE(channel.send(textTo("+12015550123", std::string(306, 'a'))).ok());
  auto refused = channel.send(textTo("+12015550123", std::string(307, 'a')));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(refused.error().code, "too_many_segments");
  EXPECT_NE(refused.error().message.find("3 GSM-7 SMS parts"), std::string::npos);
  EXPECT_EQ(client.calls().size(), 1u);
}

TEST(TwilioChannelTest, WhatsAppIsNotLimitedBySegments) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioConfig config = smsConfig();
  config.channel_type = TwilioChannelType::WhatsApp;
  config.max_segments = 1;
  TwilioChannel channel(config, client);
  EXPECT_TRUE(channel.send(textTo("+12015550123", std::string(400, 'a'))).ok());
}

TEST(TwilioChannelTest, RefusesInvalidMessagesLocally) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioChannel channel(smsConfig(), client);
  OutboundSend image = textTo("+12015550123");
  image.message_type = "image";
  EXPECT_EQ(channel.send(image).error().code, "unsupported_message_type");
  EXPECT_EQ(channel.send(textTo("+12015550123", "")).error().code, "empty_body");
  EXPECT_EQ(channel.send(textTo("abc")).error().code, "invalid_recipient");
  EXPECT_EQ(channel.send(textTo("+0123")).error().code, "invalid_recipient");
  TwilioConfig config = smsConfig();
  config.channel_type = TwilioChannelType::WhatsApp;
  TwilioChannel whatsapp(config, client);
  EXPECT_EQ(whatsapp.send(textTo("+12015550123", std::string(1601, 'a'))).error().code,
            "body_too_long");
  EXPECT_TRUE(client.calls().empty());
}

TEST(TwilioChannelTest, ClassifiesTwilioErrorJson) {
  FakeHttpClient client(FakeHttpClient::reply(
      400, R"({"code":21211,"message":"The 'To' number is not a valid phone number.",)"
           R"("more_info":"https://www.twilio.com/docs/errors/21211","status":400})"));
  TwilioChannel channel(smsConfig(), client);
  auto refused = channel.send(textTo("+12015550123"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "twilio_21211");
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(refused.error().message, "The 'To' number is not a valid phone number.");
}

TEST(TwilioChannelTest, TooManyRequestsIsRetryableWithRetryAfter) {
  transport::HttpReply reply = FakeHttpClient::reply(429, R"({"code":20429,"message":"Too Many"})");
  reply.headers = {{"retry-after", "7"}};
  FakeHttpClient client(reply);
  TwilioChannel channel(smsConfig(), client);
  auto refused = channel.send(textTo("+12015550123"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Retryable);
  EXPECT_EQ(refused.error().code, "twilio_20429");
  EXPECT_EQ(refused.error().retry_after_ms, 7000);
}

TEST(TwilioChannelTest, AnswerWithoutCodeFollowsHttpStatus) {
  FakeHttpClient bad_gateway(FakeHttpClient::reply(502, "<html>bad gateway</html>"));
  auto refused = TwilioChannel(smsConfig(), bad_gateway).send(textTo("+12015550123"));
  EXPECT_EQ(refused.error().code, "twilio_http_502");
  EXPECT_EQ(refused.error().category, ErrorCategory::Retryable);
  FakeHttpClient not_found(FakeHttpClient::reply(404, "{}"));
  refused = TwilioChannel(smsConfig(), not_found).send(textTo("+12015550123"));
  EXPECT_EQ(refused.error().code, "twilio_http_404");
  EXPECT_EQ(refused.error().category, ErrorCategory::Permanent);
}

TEST(TwilioChannelTest, AcceptWithoutSidIsRetryable) {
  FakeHttpClient client(FakeHttpClient::reply(201, R"({"status":"queued"})"));
  auto refused = TwilioChannel(smsConfig(), client).send(textTo("+12015550123"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "twilio_bad_response");
  EXPECT_EQ(refused.error().category, ErrorCategory::Retryable);
}

TEST(TwilioChannelTest, DeeplyNestedAnswerIsNotTrusted) {
  FakeHttpClient client(FakeHttpClient::reply(201, std::string(10'000, '[')));
  auto refused = TwilioChannel(smsConfig(), client).send(textTo("+12015550123"));
  EXPECT_EQ(refused.error().code, "twilio_bad_response");
}

TEST(TwilioChannelTest, TransportErrorPassesThrough) {
  FakeHttpClient client(makeError(ErrorCategory::Retryable, "timeout", "timed out"));
  auto refused = TwilioChannel(smsConfig(), client).send(textTo("+12015550123"));
  EXPECT_EQ(refused.error().code, "timeout");
}

TEST(TwilioChannelTest, HealthReadsTheAccount) {
  FakeHttpClient client(FakeHttpClient::reply(200, R"({"sid":"AC..","status":"active"})"));
  TwilioChannel channel(smsConfig(), client);
  EXPECT_TRUE(channel.checkHealth().ok());
  const transport::HttpCall call = client.calls()[0];
  EXPECT_EQ(call.method, "GET");
  EXPECT_EQ(call.url, std::string("http://twilio.test/2010-04-01/Accounts/") + kSid + ".json");
  EXPECT_FALSE(header(call, "Authorization").empty());
}

TEST(TwilioChannelTest, HealthFailsOnAuthenticationError) {
  FakeHttpClient client(FakeHttpClient::reply(401, R"({"code":20003,"message":"Authenticate"})"));
  const Status status = TwilioChannel(smsConfig(), client).checkHealth();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "twilio_20003");
}

TEST(TwilioChannelTest, MediaMessageGoesAsItsCaptionOrIsRefusedWithout) {
  FakeHttpClient client(FakeHttpClient::reply(201, kAccepted));
  TwilioChannel channel(smsConfig(), client);
  OutboundSend media = textTo("+12015550123", "Resultados");
  media.message_type = "media";
  media.metadata = R"({"media":{"kind":"image","link":"https://clinic.example/a.jpg"}})";
  ASSERT_TRUE(channel.send(media).ok());
  ASSERT_EQ(client.calls().size(), 1u);
  EXPECT_EQ(client.calls()[0].body, "To=%2B12015550123&From=%2B14155238886&Body=Resultados");

  media.content.clear();
  EXPECT_EQ(channel.send(media).error().code, "media_needs_caption");
  EXPECT_EQ(client.calls().size(), 1u);
}

}  // namespace
}  // namespace mensajero::channels::twilio
