#include <string_view>

#include <gtest/gtest.h>

#include "core/domain/attempt_outcome.h"
#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"
#include "core/domain/direction.h"
#include "core/domain/priority.h"

namespace mensajero::domain {
namespace {

// The stored and API text is a contract with existing databases and clients: each value's
// text is spelled out here, and parsing it gives the value back.
template <typename Enum, typename Parse>
void expectMapping(Enum value, std::string_view text, Parse parse) {
  EXPECT_EQ(toText(value), text);
  EXPECT_EQ(parse(text), value) << text;
}

TEST(EnumTextTest, DeliveryStatusKeepsItsStoredText) {
  expectMapping(DeliveryStatus::Pending, "pending", parseDeliveryStatus);
  expectMapping(DeliveryStatus::Sent, "sent", parseDeliveryStatus);
  expectMapping(DeliveryStatus::Delivered, "delivered", parseDeliveryStatus);
  expectMapping(DeliveryStatus::Read, "read", parseDeliveryStatus);
  expectMapping(DeliveryStatus::Failed, "failed", parseDeliveryStatus);
  expectMapping(DeliveryStatus::Rejected, "rejected", parseDeliveryStatus);
}

TEST(EnumTextTest, PriorityKeepsItsStoredText) {
  expectMapping(Priority::Low, "low", parsePriority);
  expectMapping(Priority::Normal, "normal", parsePriority);
  expectMapping(Priority::High, "high", parsePriority);
}

TEST(EnumTextTest, ChannelTypeKeepsItsStoredText) {
  expectMapping(ChannelType::WhatsApp, "whatsapp", parseChannelType);
  expectMapping(ChannelType::Sms, "sms", parseChannelType);
  expectMapping(ChannelType::Voice, "voice", parseChannelType);
  expectMapping(ChannelType::Email, "email", parseChannelType);
}

TEST(EnumTextTest, AttemptOutcomeKeepsItsStoredText) {
  expectMapping(AttemptOutcome::Sent, "sent", parseAttemptOutcome);
  expectMapping(AttemptOutcome::Failed, "failed", parseAttemptOutcome);
  expectMapping(AttemptOutcome::Retry, "retry", parseAttemptOutcome);
  expectMapping(AttemptOutcome::Deferred, "deferred", parseAttemptOutcome);
}

TEST(EnumTextTest, DirectionKeepsItsStoredText) {
  expectMapping(Direction::Inbound, "inbound", parseDirection);
  expectMapping(Direction::Outbound, "outbound", parseDirection);
}

// Text is matched exactly: no case folding, no trimming, nothing the schema would refuse.
TEST(EnumTextTest, OtherTextParsesToNothing) {
  EXPECT_FALSE(parseDeliveryStatus("queued"));
  EXPECT_FALSE(parseDeliveryStatus("Sent"));
  EXPECT_FALSE(parseDeliveryStatus(""));
  EXPECT_FALSE(parsePriority("urgent"));
  EXPECT_FALSE(parsePriority(" high"));
  EXPECT_FALSE(parseChannelType("WhatsApp"));
  EXPECT_FALSE(parseChannelType("telegram"));
  EXPECT_FALSE(parseAttemptOutcome("queued"));
  EXPECT_FALSE(parseDirection("both"));
}

}  // namespace
}  // namespace mensajero::domain
