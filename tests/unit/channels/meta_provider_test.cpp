#include "channels/meta/meta_provider.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "security/webhook_signature.h"

namespace mensajero::channels::meta {
namespace {

constexpr const char* kConfig =
    R"({"phone_number_id":"106","access_token":"t","app_secret":"sec","verify_token":"vt"})";

// A webhook call with the given headers and query parameters.
struct Call {
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> query;
  std::string body;

  WebhookRequest request() const {
    WebhookRequest request;
    request.method = "POST";
    request.body = body;
    request.header = [this](std::string_view name) -> std::optional<std::string_view> {
      auto it = headers.find(std::string(name));
      if (it == headers.end()) return std::nullopt;
      return std::string_view(it->second);
    };
    request.query_param = [this](std::string_view name) -> std::optional<std::string> {
      auto it = query.find(std::string(name));
      if (it == query.end()) return std::nullopt;
      return it->second;
    };
    return request;
  }
};

ProviderConfigPtr config() {
  auto parsed = MetaProvider().parseConfig(kConfig);
  EXPECT_TRUE(parsed.ok());
  return *parsed;
}

TEST(MetaProviderTest, CarriesWhatsAppOnly) {
  const MetaProvider provider;
  EXPECT_TRUE(provider.carries("whatsapp"));
  EXPECT_FALSE(provider.carries("sms"));
}

TEST(MetaProviderTest, VerifiesTheHubSignatureOverTheBody) {
  const MetaProvider provider;
  Call call;
  call.body = R"({"object":"whatsapp_business_account"})";
  call.headers["X-Hub-Signature-256"] = security::signHubSignature("sec", call.body);
  EXPECT_TRUE(provider.verifyWebhook(*config(), call.request()));
  call.headers["X-Hub-Signature-256"] = security::signHubSignature("other", call.body);
  EXPECT_FALSE(provider.verifyWebhook(*config(), call.request()));
  call.headers.clear();
  EXPECT_FALSE(provider.verifyWebhook(*config(), call.request()));
}

TEST(MetaProviderTest, AnswersTheHandshakeOnlyWithTheVerifyToken) {
  const MetaProvider provider;
  Call call;
  call.query = {{"hub.mode", "subscribe"}, {"hub.verify_token", "vt"}, {"hub.challenge", "42"}};
  auto reply = provider.answerHandshake(*config(), call.request());
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "42");
  call.query["hub.verify_token"] = "wrong";
  EXPECT_FALSE(provider.answerHandshake(*config(), call.request()).has_value());
}

TEST(MetaProviderTest, EventTypeIsTheFirstChangesField) {
  const MetaProvider provider;
  Call call;
  call.body = R"({"entry":[{"changes":[{"field":"messages"}]}]})";
  EXPECT_EQ(provider.webhookEventType(call.request()).value(), "messages");
  call.body = R"({"entry":[{"changes":[{"field":"Not Plain!"}]}]})";
  EXPECT_EQ(provider.webhookEventType(call.request()).value(), "other");
  call.body = "{}";
  EXPECT_EQ(provider.webhookEventType(call.request()).value(), "unknown");
  call.body = "[1]";
  EXPECT_EQ(provider.webhookEventType(call.request()).error().code, "invalid_request");
  call.body = "{";
  EXPECT_EQ(provider.webhookEventType(call.request()).error().code, "malformed_json");
}

TEST(MetaProviderTest, StatusesAreMappedOntoTheNeutralFour) {
  const auto events = MetaProvider().parseWebhook(
      R"({"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"106"},"statuses":[
      {"id":"wamid.A","status":"played","timestamp":"2"},
      {"id":"wamid.A","status":"deleted","timestamp":"2"},
      {"id":"wamid.B","status":"failed","timestamp":"3","errors":[{"code":131026}]}]}}]}]})");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->statuses.size(), 2u);
  EXPECT_EQ(events->statuses[0].status, "read");
  EXPECT_EQ(events->statuses[0].number_id, "106");
  EXPECT_EQ(events->statuses[0].at_ms, 2'000);
  EXPECT_EQ(events->statuses[1].error_code, "meta_131026");
  EXPECT_TRUE(events->template_updates.empty());
}

TEST(MetaProviderTest, DefaultLimitsAreMetasThroughputAndPairRate) {
  const ProviderLimits limits = MetaProvider().defaultLimits();
  EXPECT_EQ(limits.messages_per_second, 80);
  EXPECT_EQ(limits.burst, 80);
  EXPECT_EQ(limits.pair_interval, std::chrono::milliseconds(6'000));
  EXPECT_EQ(limits.pair_burst, 45);
}

}  // namespace
}  // namespace mensajero::channels::meta
