#include <gtest/gtest.h>

#include "core/utf8.h"
#include "meta_work.h"

namespace mensajero::core {
namespace {

storage::WebhookLogRecord logOf(std::string payload) {
  storage::WebhookLogRecord log;
  log.id = "log-1";
  log.organization_id = "org-1";
  log.payload = std::move(payload);
  log.received_at = 1'000;
  return log;
}

TEST(MetaEventsTest, StatusesBecomeKeyedEventsWithOurMessageId) {
  const auto work = buildMetaWork(
      logOf(R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":
      "messages","value":{"metadata":{"phone_number_id":"9"},"statuses":[{"id":"wamid.A",
      "status":"delivered","timestamp":"1750030073","recipient_id":"5215512345678",
      "biz_opaque_callback_data":"our-id"}]}}]}]})"),
      1'500);
  ASSERT_EQ(work.statuses.size(), 1u);
  EXPECT_EQ(work.statuses[0].event_key, "meta:wamid.A:delivered");
  EXPECT_EQ(work.statuses[0].external_id, "wamid.A");
  EXPECT_EQ(work.statuses[0].message_id, "our-id");
  EXPECT_EQ(work.statuses[0].at, 1'750'030'073'000);
  EXPECT_EQ(work.processing_time_ms, 500);
  EXPECT_EQ(work.status, "success");
}

TEST(MetaEventsTest, FailedStatusCarriesTheProviderCode) {
  const auto work = buildMetaWork(
      logOf(R"({"entry":[{"changes":[{"value":{"statuses":[{"id":"wamid.B","status":"failed",
      "timestamp":"1","errors":[{"code":131047,"title":"Re-engagement message"}]}]}}]}]})"),
      0);
  ASSERT_EQ(work.statuses.size(), 1u);
  EXPECT_EQ(work.statuses[0].error_code, "meta_131047");
  EXPECT_EQ(work.statuses[0].error_message, "Re-engagement message");
}

TEST(MetaEventsTest, PlayedCountsAsReadAndUnknownStatusesAreSkipped) {
  const auto work = buildMetaWork(logOf(R"({"entry":[{"changes":[{"value":{"statuses":[
      {"id":"wamid.C","status":"played","timestamp":"1"},
      {"id":"wamid.C","status":"deleted","timestamp":"1"}]}}]}]})"),
                                  0);
  ASSERT_EQ(work.statuses.size(), 1u);
  EXPECT_EQ(work.statuses[0].status, domain::DeliveryStatus::Read);
}

TEST(MetaEventsTest, InboundMessageIsKeyedByTheNormalisedWhatsAppKey) {
  const auto work =
      buildMetaWork(logOf(R"({"entry":[{"changes":[{"value":{"contacts":[{"profile":{"name":"Ana"},
      "wa_id":"5215512345678"}],"messages":[{"from":"5215512345678","id":"wamid.IN",
      "timestamp":"1750030100","type":"text","text":{"body":"Sí"}}]}}]}]})"),
                    0);
  ASSERT_EQ(work.inbound.size(), 1u);
  const auto& inbound = work.inbound[0];
  EXPECT_EQ(inbound.event_key, "meta:wamid.IN");
  EXPECT_EQ(inbound.organization_id, "org-1");
  EXPECT_EQ(inbound.channel_identifier, "+525512345678");
  EXPECT_EQ(inbound.whatsapp_id, "5215512345678");
  EXPECT_EQ(inbound.profile_name, "Ana");
  EXPECT_EQ(inbound.content, "Sí");
  EXPECT_EQ(inbound.message_type, "text");
}

// Meta's "timestamp" (Unix seconds) dates the message for the service window.
TEST(MetaEventsTest, InboundMessageCarriesMetasTimeOfSending) {
  storage::WebhookLogRecord log = logOf(R"({"entry":[{"changes":[{"value":{"messages":[
      {"from":"5215512345678","id":"wamid.IN","timestamp":"1750030100","type":"text",
      "text":{"body":"Hola"}}]}}]}]})");
  log.received_at = 1'750'040'000'000;  // the webhook came hours later
  const auto work = buildMetaWork(log, log.received_at);
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].sent_at, 1'750'030'100'000);
  EXPECT_EQ(work.inbound[0].at, 1'750'040'000'000);
}

TEST(MetaEventsTest, IdsLongerThanTheSchemaAllowsAreSkipped) {
  const std::string long_id = "wamid." + std::string(95, 'X');  // 101 characters
  const auto work = buildMetaWork(
      logOf(R"({"entry":[{"changes":[{"value":{"statuses":[{"id":")" + long_id +
            R"(","status":"sent","timestamp":"1"},{"id":"wamid.OK","status":"sent",)"
            R"("timestamp":"1"}],"messages":[{"from":"5215512345678","id":")" +
            long_id + R"(","timestamp":"1","type":"text","text":{"body":"x"}}]}}]}]})"),
      0);
  ASSERT_EQ(work.statuses.size(), 1u);
  EXPECT_EQ(work.statuses[0].external_id, "wamid.OK");
  EXPECT_TRUE(work.inbound.empty());
  // Reported, so it is logged and counted, but without the unusable id.
  ASSERT_EQ(work.dropped.size(), 1u);
  EXPECT_EQ(work.dropped[0].reason, "no_message_id");
  EXPECT_EQ(work.dropped[0].external_id, "");
}

// Each of these would fail the whole batch at the store and hold up every later webhook.
TEST(MetaEventsTest, SendersWithoutAUsableKeyAreSkippedAndNulsDropped) {
  const std::string hundred_digits(100, '5');  // fits, but "+" and 100 digits does not
  const auto work = buildMetaWork(
      logOf(
          R"({"entry":[{"changes":[{"value":{"contacts":[{"profile":{"name":"A\u0000na"},)"
          R"("wa_id":"5215512345678"}],"messages":[)"
          R"({"from":")" +
          hundred_digits +
          R"(","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"x"}},)"
          R"({"from":"abc","id":"wamid.B","timestamp":"1","type":"text","text":{"body":"x"}},)"
          R"({"from":"5215512345678","id":"wamid.C","timestamp":"1","type":"text","text":{"body":"h\u0000ola"}}]}}]}]})"),
      0);
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].external_id, "wamid.C");
  EXPECT_EQ(work.inbound[0].content, "hola");
  EXPECT_EQ(work.inbound[0].profile_name, "Ana");
  ASSERT_EQ(work.dropped.size(), 2u);
  EXPECT_EQ(work.dropped[0].reason, "no_sender");
  EXPECT_EQ(work.dropped[0].external_id, "wamid.A");
  EXPECT_EQ(work.dropped[1].external_id, "wamid.B");
}

TEST(MetaEventsTest, UnparsableBodyBecomesAnErrorRowWithoutEvents) {
  const auto work = buildMetaWork(logOf("{not json"), 0);
  EXPECT_EQ(work.status, "error");
  EXPECT_TRUE(work.error_message.has_value());
  EXPECT_TRUE(work.statuses.empty());
  EXPECT_TRUE(work.inbound.empty());
}

// Issue 8 item 17 (found while fuzzing the webhook path): a signed status whose timestamp is
// the largest 64-bit integer overflowed "seconds * 1000" (undefined behaviour, a UBSan abort
// in the dev build). Out-of-range timestamps now read as absent, and a status without a date
// is dated by the webhook's receipt.
TEST(MetaEventsTest, TimestampBeyondYear9999DoesNotOverflow) {
  for (const char* timestamp : {R"("9223372036854775807")", "9223372036854775807",
                                "18446744073709551615", R"("-9223372036854775808")"}) {
    const auto work = buildMetaWork(
        logOf(std::string(R"({"entry":[{"changes":[{"field":"messages","value":{"statuses":[)") +
              R"({"id":"wamid.T","status":"read","timestamp":)" + timestamp + "}]}}]}]}"),
        0);
    ASSERT_EQ(work.statuses.size(), 1u) << timestamp;
    EXPECT_EQ(work.statuses[0].at, logOf("").received_at) << timestamp;
  }
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8Length(""), 0u);
  EXPECT_EQ(utf8Length("abc"), 3u);
  EXPECT_EQ(utf8Length("mañana"), 6u);
  EXPECT_EQ(utf8Length("🙂"), 1u);
}

}  // namespace
}  // namespace mensajero::core
