#include "core/channel_plan.h"

#include <gtest/gtest.h>

namespace mensajero::core {
namespace {

using Channels = std::vector<std::string>;

storage::ChannelInstanceRecord instance(std::string id, std::string type,
                                        std::string status = "connected") {
  storage::ChannelInstanceRecord record;
  record.id = std::move(id);
  record.channel_type = domain::parseChannelType(type).value();
  record.status = std::move(status);
  return record;
}

TEST(ChannelPlanTest, WhatsAppComesFirstThenTheRequestedChannelsInOrder) {
  auto plan = buildChannelPlan(Channels{"voice", "sms"}, {});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(*plan, (ChannelPlan{"whatsapp", "voice", "sms"}));
}

TEST(ChannelPlanTest, TheOrganizationDefaultAppliesOnlyWhenTheRequestNamesNone) {
  EXPECT_EQ(*buildChannelPlan(std::nullopt, {"sms"}), (ChannelPlan{"whatsapp", "sms"}));
  // An explicit empty list is a request for WhatsApp only.
  EXPECT_EQ(*buildChannelPlan(Channels{}, {"sms"}), (ChannelPlan{"whatsapp"}));
  EXPECT_EQ(*buildChannelPlan(std::nullopt, {}), (ChannelPlan{"whatsapp"}));
}

TEST(ChannelPlanTest, RefusesUnknownChannels) {
  for (const char* name : {"whatsapp", "fax", "SMS", ""}) {
    auto plan = buildChannelPlan(Channels{name}, {});
    ASSERT_FALSE(plan.ok()) << name;
    EXPECT_EQ(plan.error().category, ErrorCategory::Invalid);
    EXPECT_EQ(plan.error().code, "unknown_fallback_channel");
  }
}

TEST(ChannelPlanTest, RefusesDuplicates) {
  auto plan = buildChannelPlan(Channels{"sms", "voice", "sms"}, {});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, "duplicate_fallback_channel");
}

TEST(ChannelPlanTest, RefusesMoreThanThreeFallbacks) {
  EXPECT_TRUE(validateFallbackChannels({"sms", "voice", "email"}).ok());
  auto four = validateFallbackChannels({"sms", "voice", "email", "sms"});
  ASSERT_FALSE(four.ok());
  EXPECT_EQ(four.error().code, "too_many_fallback_channels");
}

TEST(ChannelPlanTest, TextRoundTripsAndUnreadableTextIsWhatsAppOnly) {
  EXPECT_EQ(formatChannelPlan({"whatsapp", "sms", "voice"}), "whatsapp,sms,voice");
  EXPECT_EQ(parseChannelPlan("whatsapp,sms,voice"), (ChannelPlan{"whatsapp", "sms", "voice"}));
  EXPECT_EQ(parseChannelPlan(""), (ChannelPlan{"whatsapp"}));
  EXPECT_EQ(parseChannelPlan("sms,whatsapp"), (ChannelPlan{"whatsapp"}));
}

TEST(ChannelPlanTest, ChannelAtStepAndStepsAfter) {
  EXPECT_EQ(channelAtStep("whatsapp,sms", 1), "sms");
  EXPECT_EQ(channelAtStep("whatsapp,sms", 0), "whatsapp");
  EXPECT_EQ(channelAtStep("whatsapp,sms", 7), "whatsapp");
  EXPECT_TRUE(hasStepAfter("whatsapp,sms", 0));
  EXPECT_FALSE(hasStepAfter("whatsapp,sms", 1));
  EXPECT_FALSE(hasStepAfter("whatsapp", 0));
}

TEST(ChannelPlanTest, SmsAndVoiceNeedAnE164NumberAndEmailHasNoAddressYet) {
  EXPECT_EQ(addressOn("whatsapp", "15550001", "").value(), "15550001");
  EXPECT_EQ(addressOn("sms", "+12015550123", "+12015550123").value(), "+12015550123");
  EXPECT_EQ(addressOn("voice", "", "+12015550123").value(), "+12015550123");
  EXPECT_FALSE(addressOn("sms", "15550001", "").has_value());
  EXPECT_FALSE(addressOn("email", "+12015550123", "+12015550123").has_value());
}

TEST(ChannelPlanTest, FindStepSkipsChannelsWithoutAUsableInstance) {
  const ChannelPlan plan{"whatsapp", "voice", "sms"};
  const std::vector<storage::ChannelInstanceRecord> instances = {
      instance("wa", "whatsapp", "error"), instance("voice", "voice", "inactive"),
      instance("sms", "sms")};
  auto step = findStep(plan, 0, instances, "+12015550123", "+12015550123");
  ASSERT_TRUE(step.has_value());
  EXPECT_EQ(step->step, 2);
  EXPECT_EQ(step->channel_type, "sms");
  EXPECT_EQ(step->channel_instance_id, "sms");
  EXPECT_EQ(step->recipient, "+12015550123");
}

TEST(ChannelPlanTest, FindStepNeverGoesBackToAnEarlierStep) {
  const ChannelPlan plan{"whatsapp", "sms"};
  const std::vector<storage::ChannelInstanceRecord> instances = {instance("wa", "whatsapp")};
  EXPECT_EQ(findStep(plan, 0, instances, "+12015550123", "+12015550123")->step, 0);
  EXPECT_FALSE(findStep(plan, 1, instances, "+12015550123", "+12015550123").has_value());
}

TEST(ChannelPlanTest, FallbackFollowsTheProviderClassAndTheRetryBudget) {
  const auto error = [](ErrorCategory category) { return makeError(category, "x", "x"); };
  EXPECT_TRUE(failureAllowsFallback(error(ErrorCategory::Fallback), false));
  EXPECT_TRUE(failureAllowsFallback(error(ErrorCategory::Retryable), true));
  EXPECT_FALSE(failureAllowsFallback(error(ErrorCategory::Retryable), false));
  // An invalid message or recipient never goes out on another channel.
  EXPECT_FALSE(failureAllowsFallback(error(ErrorCategory::Invalid), true));
  EXPECT_FALSE(failureAllowsFallback(error(ErrorCategory::Permanent), true));
}

}  // namespace
}  // namespace mensajero::core
