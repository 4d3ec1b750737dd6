#include "core/domain/sender_conversation.h"

#include <gtest/gtest.h>

namespace mensajero::domain {
namespace {

TEST(SenderConversationTest, UserKeyIsTheUserPrefix) {
  EXPECT_TRUE(isUserKey("user:US.123"));
  EXPECT_FALSE(isUserKey("15550001111"));
  EXPECT_FALSE(isUserKey("users:1"));
  EXPECT_FALSE(isUserKey(""));
}

TEST(SenderConversationTest, AnEventByUserIdAloneStaysInTheLinkedConversation) {
  EXPECT_TRUE(staysInLinkedConversation("user:US.1", true));
  EXPECT_FALSE(staysInLinkedConversation("user:US.1", false));
  // An event that names the phone number goes to the phone number's conversation.
  EXPECT_FALSE(staysInLinkedConversation("15550001111", true));
}

TEST(SenderConversationTest, AFirstSeenUserIdIsLinkedWithoutMerge) {
  const SenderLinkPlan plan = planSenderLink(std::nullopt, "", "conv-phone");
  EXPECT_FALSE(plan.merge_linked);
  EXPECT_TRUE(plan.relink);
}

TEST(SenderConversationTest, AnAlreadyLinkedConversationChangesNothing) {
  const SenderLinkPlan plan = planSenderLink("conv-phone", "15550001111", "conv-phone");
  EXPECT_FALSE(plan.merge_linked);
  EXPECT_FALSE(plan.relink);
}

TEST(SenderConversationTest, AUserKeyedConversationMergesIntoThePhoneOne) {
  const SenderLinkPlan plan = planSenderLink("conv-user", "user:US.1", "conv-phone");
  EXPECT_TRUE(plan.merge_linked);
  EXPECT_TRUE(plan.relink);
}

// A user id linked to another phone number's conversation (the patient changed numbers)
// moves to the new one, but the old conversation is a record of its own and is kept.
TEST(SenderConversationTest, AnotherPhoneNumbersConversationIsRelinkedNotMerged) {
  const SenderLinkPlan plan = planSenderLink("conv-old-phone", "15550002222", "conv-phone");
  EXPECT_FALSE(plan.merge_linked);
  EXPECT_TRUE(plan.relink);
}

}  // namespace
}  // namespace mensajero::domain
