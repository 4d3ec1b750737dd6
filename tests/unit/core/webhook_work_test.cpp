#include "core/webhook_work.h"

#include <gtest/gtest.h>

#include "channels/meta/meta_provider.h"
#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"

namespace mensajero::core {
namespace {

// A provider whose parser answers with the events a test gives it: the neutral rules of
// buildWebhookWork are checked without any provider's payload format.
class ScriptedProvider final : public channels::Provider {
 public:
  explicit ScriptedProvider(channels::WebhookEvents events) : events_(std::move(events)) {}
  std::string_view name() const override { return "scripted"; }
  bool carries(std::string_view) const override { return true; }
  std::variant<channels::ProviderConfigPtr, channels::ConfigProblem> readConfig(
      std::string_view) const override {
    return channels::ConfigProblem{"", "unused"};
  }
  Result<channels::ChannelPtr> makeChannel(const channels::ProviderConfig&, std::string_view,
                                           transport::HttpClient&) const override {
    return makeError(ErrorCategory::Invalid, "unused", "unused");
  }
  channels::WebhookIdentity webhookIdentity(const channels::ProviderConfig&) const override {
    return {};
  }
  bool verifyWebhook(const channels::ProviderConfig&,
                     const channels::WebhookRequest&) const override {
    return false;
  }
  Result<std::string> webhookEventType(const channels::WebhookRequest&) const override {
    return std::string("unknown");
  }
  Result<channels::WebhookEvents> parseWebhook(std::string_view) const override { return events_; }
  channels::ProviderLimits defaultLimits() const override { return {}; }

 private:
  channels::WebhookEvents events_;
};

storage::WebhookLogRecord row(std::string provider) {
  storage::WebhookLogRecord log;
  log.id = "log-1";
  log.organization_id = "org-1";
  log.provider = std::move(provider);
  log.payload = "{}";
  return log;
}

TEST(WebhookWorkTest, RowOfAnUnknownProviderIsAnErrorNotABlockage) {
  const auto work = buildWebhookWork(nullptr, row("nexmo"), 0);
  EXPECT_EQ(work.status, "error");
  EXPECT_NE(work.error_message.value_or("").find("nexmo"), std::string::npos);
  EXPECT_TRUE(work.statuses.empty());
}

TEST(WebhookWorkTest, EventsAreKeyedByTheProviderName) {
  channels::WebhookEvents events;
  events.statuses.push_back({"n1", "SM1", std::nullopt, "delivered", 5, {}, {}});
  channels::InboundMessage sms;
  sms.number_id = "n1";
  sms.external_id = "SM2";
  sms.channel_type = "sms";
  sms.sender = "+12015550101";
  sms.text = "hola";
  events.messages.push_back(sms);
  const ScriptedProvider provider(events);
  const auto work = buildWebhookWork(&provider, row("scripted"), 0);
  ASSERT_EQ(work.statuses.size(), 1u);
  EXPECT_EQ(work.statuses[0].event_key, "scripted:SM1:delivered");
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].event_key, "scripted:SM2");
  // An SMS sender is its own key; no WhatsApp id is invented for it.
  EXPECT_EQ(work.inbound[0].channel_identifier, "+12015550101");
  EXPECT_EQ(work.inbound[0].channel_type, domain::ChannelType::Sms);
  EXPECT_TRUE(work.inbound[0].whatsapp_id.empty());
}

TEST(WebhookWorkTest, OverlongIdsAndNulsAreBoundedWhateverTheProvider) {
  channels::WebhookEvents events;
  events.statuses.push_back({"n1", std::string(101, 'x'), std::nullopt, "sent", 0, {}, {}});
  channels::InboundMessage nul_id;
  nul_id.external_id = std::string("a\0b", 3);
  nul_id.sender = "+12015550101";
  events.messages.push_back(nul_id);
  channels::InboundMessage nul_text;
  nul_text.external_id = "ok";
  nul_text.sender = "12015550101";
  nul_text.text = std::string("h\0i", 3);
  events.messages.push_back(nul_text);
  events.dropped.push_back({"no_sender", "p1"});
  const ScriptedProvider provider(events);
  const auto work = buildWebhookWork(&provider, row("scripted"), 0);
  EXPECT_TRUE(work.statuses.empty());
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].content, "hi");
  ASSERT_EQ(work.dropped.size(), 2u);
  EXPECT_EQ(work.dropped[0].reason, "no_message_id");
  EXPECT_EQ(work.dropped[1].reason, "no_sender");
  EXPECT_EQ(work.dropped[1].external_id, "p1");
}

// The service window counts from the provider's time of sending, capped at our receipt.
TEST(WebhookWorkTest, AMessageIsDatedForTheServiceWindowByTheProviderNeverAfterReceipt) {
  constexpr UnixMillis kReceived = 1'767'225'600'000;
  channels::WebhookEvents events;
  for (UnixMillis sent_at : {kReceived - 90'000'000, kReceived + 60'000, UnixMillis{0}}) {
    channels::InboundMessage message;
    message.external_id = "wamid." + std::to_string(events.messages.size());
    message.sender = "12015550101";
    message.sent_at_ms = sent_at;
    events.messages.push_back(message);
  }
  const ScriptedProvider provider(events);
  storage::WebhookLogRecord log = row("scripted");
  log.received_at = kReceived;
  const auto work = buildWebhookWork(&provider, log, kReceived);
  ASSERT_EQ(work.inbound.size(), 3u);
  EXPECT_EQ(work.inbound[0].sent_at, kReceived - 90'000'000) << "a late delivery keeps its time";
  EXPECT_EQ(work.inbound[1].sent_at, kReceived) << "a clock ahead of ours is capped";
  EXPECT_FALSE(work.inbound[2].sent_at) << "no time from the provider";
  for (const auto& event : work.inbound) EXPECT_EQ(event.at, kReceived);
}

}  // namespace
}  // namespace mensajero::core
