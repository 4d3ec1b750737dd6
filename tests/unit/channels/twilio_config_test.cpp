#include "channels/twilio/twilio_config.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::channels::twilio {
namespace {

using nlohmann::json;

constexpr const char* kSid = "AC0123456789abcdef0123456789abcdef";
constexpr const char* kService = "MG0123456789abcdef0123456789abcdef";

json minimal() {
  return {{"account_sid", kSid}, {"auth_token", "secret-token"}, {"from", "+14155238886"}};
}

Result<TwilioConfig> parse(const json& config, const char* type = "sms") {
  return parseTwilioConfig(config.dump(), type);
}

// The message of an Invalid parse, or a failure.
std::string refusal(const json& config, const char* type = "sms") {
  auto parsed = parse(config, type);
  if (parsed) return "(accepted)";
  EXPECT_EQ(parsed.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(parsed.error().code, "invalid_config");
  return parsed.error().message;
}

TEST(TwilioConfigTest, MinimalConfigGetsDefaults) {
  auto config = parse(minimal());
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->base_url, "https://api.twilio.com");
  EXPECT_EQ(config->account_sid, kSid);
  EXPECT_EQ(config->from, "+14155238886");
  EXPECT_EQ(config->channel_type, TwilioChannelType::Sms);
  EXPECT_EQ(config->max_segments, 10);
  EXPECT_EQ(config->timeout.count(), 10'000);
  EXPECT_TRUE(config->status_callback_url.empty());
}

TEST(TwilioConfigTest, ReadsEveryField) {
  json object = {{"account_sid", kSid},
                 {"auth_token", "t"},
                 {"messaging_service_sid", kService},
                 {"base_url", "http://127.0.0.1:9000/"},
                 {"status_callback_url", "https://gw.example.org/api/v2/webhooks/twilio/x"},
                 {"max_segments", 3},
                 {"timeout_ms", 2000},
                 {"breaker", {{"failure_threshold", 3}}}};  // other keys are ignored
  auto config = parse(object, "whatsapp");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->base_url, "http://127.0.0.1:9000");
  EXPECT_EQ(config->messaging_service_sid, kService);
  EXPECT_EQ(config->channel_type, TwilioChannelType::WhatsApp);
  EXPECT_EQ(config->max_segments, 3);
  EXPECT_EQ(config->timeout.count(), 2000);
  EXPECT_EQ(config->status_callback_url, "https://gw.example.org/api/v2/webhooks/twilio/x");
}

TEST(TwilioConfigTest, RoundTripsThroughJson) {
  auto config = parse(minimal());
  ASSERT_TRUE(config.ok());
  auto again = parseTwilioConfig(toJson(*config), "sms");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->account_sid, config->account_sid);
  EXPECT_EQ(again->from, config->from);
  EXPECT_EQ(again->max_segments, config->max_segments);
}

TEST(TwilioConfigTest, RefusesOtherChannelTypes) {
  EXPECT_NE(refusal(minimal(), "voice").find("channel type"), std::string::npos);
}

TEST(TwilioConfigTest, RefusesNonObject) {
  EXPECT_NE(refusal(json::array()).find("not a JSON object"), std::string::npos);
  auto parsed = parseTwilioConfig("{not json", "sms");
  EXPECT_FALSE(parsed.ok());
}

TEST(TwilioConfigTest, AccountSidIsRequiredAndShaped) {
  json config = minimal();
  config.erase("account_sid");
  EXPECT_EQ(refusal(config), "twilio config: account_sid is required");
  config["account_sid"] = "AC123";
  EXPECT_NE(refusal(config).find("AC followed by 32 hexadecimal digits"), std::string::npos);
  config["account_sid"] = "MG0123456789abcdef0123456789abcdef";
  EXPECT_NE(refusal(config).find("account_sid"), std::string::npos);
  config["account_sid"] = 12;
  EXPECT_EQ(refusal(config), "twilio config: account_sid must be a string");
}

TEST(TwilioConfigTest, AuthTokenIsRequiredAndNeverEchoed) {
  json config = minimal();
  config["auth_token"] = "";
  EXPECT_EQ(refusal(config), "twilio config: auth_token is required");
  config["auth_token"] = "has space";
  const std::string message = refusal(config);
  EXPECT_NE(message.find("auth_token"), std::string::npos);
  EXPECT_EQ(message.find("has space"), std::string::npos);
}

TEST(TwilioConfigTest, NeedsExactlyOneSender) {
  json config = minimal();
  config.erase("from");
  EXPECT_NE(refusal(config).find("exactly one"), std::string::npos);
  config["from"] = "+14155238886";
  config["messaging_service_sid"] = kService;
  EXPECT_NE(refusal(config).find("exactly one"), std::string::npos);
}

TEST(TwilioConfigTest, FromMustBeE164) {
  for (const char* bad : {"14155238886", "+0123456789", "+1 415 523 8886", "whatsapp:+14155238886",
                          "+1234567890123456", "+123456"}) {
    json config = minimal();
    config["from"] = bad;
    EXPECT_NE(refusal(config).find("E.164"), std::string::npos) << bad;
  }
}

TEST(TwilioConfigTest, MessagingServiceSidIsShaped) {
  json config = minimal();
  config.erase("from");
  config["messaging_service_sid"] = "MG12";
  EXPECT_NE(refusal(config).find("MG followed by 32"), std::string::npos);
}

TEST(TwilioConfigTest, UrlsMustBeHttp) {
  json config = minimal();
  config["base_url"] = "ftp://api.twilio.com";
  EXPECT_NE(refusal(config).find("base_url"), std::string::npos);
  config = minimal();
  config["status_callback_url"] = "gw.example.org/status";
  EXPECT_NE(refusal(config).find("status_callback_url"), std::string::npos);
}

TEST(TwilioConfigTest, StatusCallbackHostWithUnderscoreIsRefused) {
  json config = minimal();
  config["status_callback_url"] = "https://my_gateway.example.org/status";
  EXPECT_NE(refusal(config).find("'_'"), std::string::npos);
  config["status_callback_url"] = "https://gateway.example.org/status_callback";
  EXPECT_TRUE(parse(config).ok());  // an underscore in the path is fine
}

TEST(TwilioConfigTest, MaxSegmentsIsBounded) {
  json config = minimal();
  for (const json& bad : {json(0), json(25), json("3"), json(2.5)}) {
    config["max_segments"] = bad;
    EXPECT_NE(refusal(config).find("max_segments must be an integer from 1 to 24"),
              std::string::npos)
        << bad;
  }
}

TEST(TwilioConfigTest, TimeoutMustBePositive) {
  json config = minimal();
  config["timeout_ms"] = 0;
  EXPECT_NE(refusal(config).find("timeout_ms"), std::string::npos);
}

TEST(TwilioConfigTest, SidAndNumberShapes) {
  EXPECT_TRUE(isTwilioSid("SM0123456789ABCDEF0123456789abcdef", "SM"));
  EXPECT_FALSE(isTwilioSid("SM0123456789ABCDEF0123456789abcdeg", "SM"));
  EXPECT_TRUE(isE164("+5215512345678"));
  EXPECT_FALSE(isE164("+"));
}

}  // namespace
}  // namespace mensajero::channels::twilio
