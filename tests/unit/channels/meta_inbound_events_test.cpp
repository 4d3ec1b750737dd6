// Issue 9: the parser keeps what Meta's non-text inbound shapes say (sender user id,
// reactions, edits, system notices, errors). Payloads written for these tests.
#include <gtest/gtest.h>

#include "channels/meta/meta_webhook.h"

namespace mensajero::channels::meta {
namespace {

MetaInbound onlyMessage(const std::string& value) {
  auto parsed = parseMetaWebhook(R"({"entry":[{"changes":[{"value":)" + value + "}]}]}");
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->messages.size(), 1u);
  return parsed->messages.empty() ? MetaInbound() : parsed->messages.front();
}

TEST(MetaInboundEventsTest, UserIdOnlySenderTakesTheProfileNameByUserId) {
  const MetaInbound inbound = onlyMessage(
      R"({"contacts":[{"profile":{"name":"Ana"},"user_id":"US.1"}],"messages":[{"id":"w",)"
      R"("from_user_id":"US.1","type":"text","text":{"body":"hola"}}]})");
  EXPECT_EQ(inbound.from, "");
  EXPECT_EQ(inbound.from_user_id, "US.1");
  EXPECT_EQ(inbound.profile_name, "Ana");
  EXPECT_EQ(inbound.text, "hola");
}

TEST(MetaInboundEventsTest, ContactUserIdIsUsedOnlyWithoutFrom) {
  const MetaInbound with_from = onlyMessage(
      R"({"contacts":[{"wa_id":"1","user_id":"US.1"}],"messages":[{"id":"w","from":"1",)"
      R"("type":"text","text":{"body":"x"}}]})");
  EXPECT_EQ(with_from.from_user_id, "");
  const MetaInbound two_contacts =
      onlyMessage(R"({"contacts":[{"user_id":"US.1"},{"user_id":"US.2"}],"messages":[{"id":"w",)"
                  R"("type":"text","text":{"body":"x"}}]})");
  EXPECT_EQ(two_contacts.from_user_id, "");  // which one sent it is unknown
}

TEST(MetaInboundEventsTest, ReactionKeepsTargetAndEmoji) {
  const MetaInbound inbound =
      onlyMessage(R"({"messages":[{"id":"w","from":"1","type":"reaction",)"
                  R"("reaction":{"message_id":"wamid.T","emoji":"\ud83d\udc4d"}}]})");
  EXPECT_EQ(inbound.related_message_id, "wamid.T");
  EXPECT_EQ(inbound.emoji, "\xF0\x9F\x91\x8D");
}

TEST(MetaInboundEventsTest, EditKeepsTheOriginalIdAndTheNewText) {
  const MetaInbound inbound = onlyMessage(
      R"({"messages":[{"id":"w","from":"1","type":"edit","edit":{"original_message_id":)"
      R"("wamid.O","message":{"type":"text","text":{"body":"fixed"}}}}]})");
  EXPECT_EQ(inbound.related_message_id, "wamid.O");
  EXPECT_EQ(inbound.text, "fixed");
}

TEST(MetaInboundEventsTest, SystemNoticeKeepsItsTypeAndNewId) {
  const MetaInbound inbound =
      onlyMessage(R"({"messages":[{"id":"w","from":"1","type":"system","system":{"body":"b",)"
                  R"("wa_id":"2","type":"user_changed_number"}}]})");
  EXPECT_EQ(inbound.system_type, "user_changed_number");
  EXPECT_EQ(inbound.new_wa_id, "2");
}

TEST(MetaInboundEventsTest, ErrorsOfTheMessageWinOverThoseOfTheChange) {
  const MetaInbound inbound = onlyMessage(
      R"({"errors":[{"code":131000,"title":"change"}],"messages":[{"id":"w","from":"1",)"
      R"("type":"unsupported","errors":[{"code":131051,"message":"Message type unknown"}]}]})");
  EXPECT_EQ(inbound.error_code, 131051);
  EXPECT_EQ(inbound.error_title, "Message type unknown");
}

}  // namespace
}  // namespace mensajero::channels::meta
