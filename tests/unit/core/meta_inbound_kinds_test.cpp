// Issue 9 items 1 and 4: what Meta's provider and core's rules make of Meta's inbound shapes that
// are not a patient's text sent from a known phone number. The payloads are written for these tests
// after the shapes Meta documents.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "meta_work.h"

namespace mensajero::core {
namespace {

using nlohmann::json;

storage::WebhookWork workOf(const json& message, const json& value_extra = json::object()) {
  json value = {{"metadata", {{"phone_number_id", "9"}}}, {"messages", json::array({message})}};
  value.update(value_extra);
  storage::WebhookLogRecord log;
  log.id = "log-1";
  log.organization_id = "org-1";
  log.payload =
      json({{"entry", json::array({{{"changes", json::array({{{"value", value}}})}}})}}).dump();
  return buildMetaWork(log, 0);
}

TEST(MetaInboundKindsTest, SenderKnownOnlyByUserIdGetsAUserKeyedConversation) {
  const auto work =
      workOf({{"id", "wamid.U"},
              {"from_user_id", "US.42"},
              {"type", "text"},
              {"text", {{"body", "hola"}}}},
             {{"contacts", json::array({{{"profile", {{"name", "Ana"}}}, {"user_id", "US.42"}}})}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].channel_identifier, "user:US.42");
  EXPECT_EQ(work.inbound[0].user_id, "US.42");
  EXPECT_EQ(work.inbound[0].phone, "");
  EXPECT_EQ(work.inbound[0].profile_name, "Ana");
  EXPECT_EQ(work.inbound[0].content, "hola");
  EXPECT_TRUE(work.inbound[0].kind.empty());
  EXPECT_TRUE(work.dropped.empty());
}

TEST(MetaInboundKindsTest, UserIdOfTheOnlyContactNamesASenderWithoutFrom) {
  const auto work = workOf({{"id", "wamid.U"}, {"type", "text"}, {"text", {{"body", "x"}}}},
                           {{"contacts", json::array({{{"user_id", "BR.7"}}})}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].channel_identifier, "user:BR.7");
}

TEST(MetaInboundKindsTest, PhoneAndUserIdTogetherKeyByPhoneAndCarryTheUserId) {
  const auto work = workOf({{"id", "wamid.U"},
                            {"from", "12015550101"},
                            {"from_user_id", "US.42"},
                            {"type", "text"},
                            {"text", {{"body", "x"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].channel_identifier, "+12015550101");
  EXPECT_EQ(work.inbound[0].user_id, "US.42");
}

TEST(MetaInboundKindsTest, MessageWithNoSenderAtAllIsDroppedWithAReason) {
  const auto work = workOf({{"id", "wamid.N"}, {"type", "text"}, {"text", {{"body", "x"}}}});
  EXPECT_TRUE(work.inbound.empty());
  ASSERT_EQ(work.dropped.size(), 1u);
  EXPECT_EQ(work.dropped[0].reason, "no_sender");
  EXPECT_EQ(work.dropped[0].external_id, "wamid.N");
}

TEST(MetaInboundKindsTest, ReactionNamesItsMessageAndEmoji) {
  const auto work = workOf({{"id", "wamid.R"},
                            {"from", "12015550101"},
                            {"type", "reaction"},
                            {"reaction", {{"message_id", "wamid.OUT"}, {"emoji", "+1"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "reaction");
  EXPECT_EQ(work.inbound[0].related_external_id, "wamid.OUT");
  EXPECT_EQ(work.inbound[0].content, "+1");
}

TEST(MetaInboundKindsTest, RemovedReactionHasAnEmptyEmoji) {
  const auto work = workOf({{"id", "wamid.R"},
                            {"from", "12015550101"},
                            {"type", "reaction"},
                            {"reaction", {{"message_id", "wamid.OUT"}, {"emoji", ""}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "reaction");
  EXPECT_EQ(work.inbound[0].content, "");
}

TEST(MetaInboundKindsTest, NumberChangeCarriesTheOldAndNewIdsInEitherField) {
  for (const char* field : {"new_wa_id", "wa_id"}) {
    const auto work =
        workOf({{"id", "wamid.S"},
                {"from", "12015550101"},
                {"type", "system"},
                {"system",
                 {{"body", "changed"}, {field, "12015550102"}, {"type", "user_changed_number"}}}});
    ASSERT_EQ(work.inbound.size(), 1u) << field;
    EXPECT_EQ(work.inbound[0].kind, "number_change");
    EXPECT_EQ(work.inbound[0].new_channel_identifier, "+12015550102");
    EXPECT_EQ(work.inbound[0].new_whatsapp_id, "12015550102");
    EXPECT_EQ(work.inbound[0].content, "");  // the notice's body names people: not kept
    const json detail = json::parse(work.inbound[0].detail);
    EXPECT_EQ(detail["oldWaId"], "12015550101");
    EXPECT_EQ(detail["newWaId"], "12015550102");
  }
}

TEST(MetaInboundKindsTest, IdentityChangeIsItsOwnKind) {
  const auto work = workOf(
      {{"id", "wamid.S"},
       {"from", "12015550101"},
       {"type", "system"},
       {"system", {{"body", "User identity changed"}, {"type", "customer_identity_changed"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "identity_change");
}

TEST(MetaInboundKindsTest, UnsupportedMessageCarriesItsErrorCode) {
  for (const char* type : {"unsupported", "unknown"}) {
    const auto work =
        workOf({{"id", "wamid.X"},
                {"from", "12015550101"},
                {"type", type},
                {"errors", json::array({{{"code", 131051}, {"title", "Message type unknown"}}})}});
    ASSERT_EQ(work.inbound.size(), 1u);
    EXPECT_EQ(work.inbound[0].kind, "unsupported");
    EXPECT_EQ(work.inbound[0].code, "meta_131051");
    EXPECT_EQ(json::parse(work.inbound[0].detail)["title"], "Message type unknown");
  }
}

TEST(MetaInboundKindsTest, ChangeLevelErrorsMakeAnEmptyMessageAnErrorEvent) {
  const auto work =
      workOf({{"id", "wamid.E"}, {"from", "12015550101"}, {"type", "interactive"}},
             {{"errors", json::array({{{"code", 131000}, {"title", "Something went wrong"}}})}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "error");
  EXPECT_EQ(work.inbound[0].code, "meta_131000");
}

TEST(MetaInboundKindsTest, EditNamesTheOriginalAndCarriesTheNewText) {
  const auto work =
      workOf({{"id", "wamid.E1"},
              {"from", "12015550101"},
              {"type", "edit"},
              {"edit",
               {{"original_message_id", "wamid.E0"},
                {"message", {{"type", "image"}, {"image", {{"caption", "new caption"}}}}}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "edit");
  EXPECT_EQ(work.inbound[0].related_external_id, "wamid.E0");
  EXPECT_EQ(work.inbound[0].content, "new caption");
}

TEST(MetaInboundKindsTest, RevokeNamesTheDeletedMessage) {
  const auto work = workOf({{"id", "wamid.D1"},
                            {"from", "12015550101"},
                            {"type", "revoke"},
                            {"revoke", {{"original_message_id", "wamid.D0"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "revoke");
  EXPECT_EQ(work.inbound[0].related_external_id, "wamid.D0");
  EXPECT_EQ(work.inbound[0].content, "");
}

TEST(MetaInboundKindsTest, PatientTextIsNoEvent) {
  const auto work = workOf(
      {{"id", "wamid.T"}, {"from", "12015550101"}, {"type", "text"}, {"text", {{"body", "x"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_TRUE(work.inbound[0].kind.empty());
  EXPECT_EQ(work.inbound[0].detail, "{}");
}

// Found by posting public client libraries' test payloads: one location message carries no
// `type`. The object named after the kind says what it is, so it is stored with its text.
TEST(MetaInboundKindsTest, MessageWithoutTypeIsReadByTheObjectItCarries) {
  const auto work = workOf({{"id", "wamid.L"},
                            {"from", "12015550101"},
                            {"location",
                             {{"latitude", 37.7749},
                              {"longitude", -122.4194},
                              {"name", "San Francisco"},
                              {"address", "Market Street"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_TRUE(work.inbound[0].kind.empty());
  EXPECT_NE(work.inbound[0].content.find("San Francisco"), std::string::npos);
  EXPECT_TRUE(work.inbound[0].content_json.has_value());
}

// A kind this code does not know and cannot render is kept as an event naming its type,
// never stored as a blank message.
TEST(MetaInboundKindsTest, KindWithNothingToRenderIsAnUnsupportedEventNotABlankMessage) {
  const auto work = workOf({{"id", "wamid.P"},
                            {"from", "12015550101"},
                            {"type", "poll"},
                            {"poll", {{"question", "?"}}}});
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].kind, "unsupported");
  EXPECT_NE(work.inbound[0].detail.find("\"poll\""), std::string::npos);
}

}  // namespace
}  // namespace mensajero::core
