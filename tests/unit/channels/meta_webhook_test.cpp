#include "channels/meta/meta_webhook.h"

#include <gtest/gtest.h>

namespace mensajero::channels::meta {
namespace {

// providers.md §1.7 A and B.
constexpr std::string_view kVectorA =
    R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"statuses":[{"id":"wamid.TEST0001","status":"delivered","timestamp":"1750030073","recipient_id":"5215512345678"}]},"field":"messages"}]}]})";
constexpr std::string_view kVectorB =
    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"5215512345678","id":"wamid.T2","type":"text","text":{"body":"S\u00ed"}}]}}]}]})";

// Wraps one change value in Meta's envelope.
std::string envelope(const std::string& value) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},)" +
         value + "}}]}]}";
}

MetaWebhook parseOk(std::string_view body) {
  Result<MetaWebhook> result = parseMetaWebhook(body);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : MetaWebhook{};
}

TEST(MetaWebhookTest, ParsesDeliveredStatusOfVectorA) {
  const MetaWebhook webhook = parseOk(kVectorA);
  EXPECT_EQ(webhook.object, "whatsapp_business_account");
  EXPECT_EQ(webhook.field, "messages");
  EXPECT_TRUE(webhook.messages.empty());
  ASSERT_EQ(webhook.statuses.size(), 1u);
  const MetaStatus& status = webhook.statuses[0];
  EXPECT_EQ(status.phone_number_id, "106540352242922");
  EXPECT_EQ(status.message_id, "wamid.TEST0001");
  EXPECT_EQ(status.status, "delivered");
  EXPECT_EQ(status.timestamp, 1750030073);
  EXPECT_EQ(status.recipient_id, "5215512345678");
  EXPECT_FALSE(status.callback_data.has_value());
  EXPECT_FALSE(status.error_code.has_value());
}

TEST(MetaWebhookTest, DecodesEscapedTextOfVectorBWithoutMetadata) {
  const MetaWebhook webhook = parseOk(kVectorB);
  ASSERT_EQ(webhook.messages.size(), 1u);
  const MetaInbound& inbound = webhook.messages[0];
  EXPECT_EQ(inbound.phone_number_id, "");
  EXPECT_EQ(inbound.message_id, "wamid.T2");
  EXPECT_EQ(inbound.from, "5215512345678");
  EXPECT_EQ(inbound.type, "text");
  EXPECT_EQ(inbound.text, "S\xc3\xad");
  EXPECT_EQ(inbound.timestamp, 0);
}

TEST(MetaWebhookTest, InboundTextTakesProfileNameFromContacts) {
  const MetaWebhook webhook = parseOk(envelope(
      R"("contacts":[{"profile":{"name":"Ana L\u00f3pez"},"wa_id":"5215512345678"}],)"
      R"("messages":[{"from":"5215512345678","id":"wamid.IN1","timestamp":"1750030100","type":"text","text":{"body":"S\u00ed, confirmo"}}])"));
  ASSERT_EQ(webhook.messages.size(), 1u);
  const MetaInbound& inbound = webhook.messages[0];
  EXPECT_EQ(inbound.phone_number_id, "106540352242922");
  EXPECT_EQ(inbound.profile_name, "Ana L\xc3\xb3pez");
  EXPECT_EQ(inbound.text, "S\xc3\xad, confirmo");
  EXPECT_EQ(inbound.timestamp, 1750030100);
}

TEST(MetaWebhookTest, FailedStatusCarriesErrorAndCallbackData) {
  const MetaWebhook webhook = parseOk(envelope(
      R"("statuses":[{"id":"wamid.OUT1","status":"failed","timestamp":"1751142888","recipient_id":"5215512345678","biz_opaque_callback_data":"msg_01HZX",)"
      R"("errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message"}]}])"));
  ASSERT_EQ(webhook.statuses.size(), 1u);
  const MetaStatus& status = webhook.statuses[0];
  EXPECT_EQ(status.status, "failed");
  EXPECT_EQ(status.callback_data, "msg_01HZX");
  EXPECT_EQ(status.error_code, 131047);
  EXPECT_EQ(status.error_title, "Re-engagement message");
}

TEST(MetaWebhookTest, MixedBatchAcrossEntriesAndChanges) {
  const std::string body =
      R"({"object":"whatsapp_business_account","entry":[)"
      R"({"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"P1"},)"
      R"("statuses":[{"id":"wamid.S1","status":"sent","timestamp":"1"},{"id":"wamid.S2","status":"read","timestamp":"2"}],)"
      R"("messages":[{"from":"12015550123","id":"wamid.M1","type":"button","button":{"payload":"CONFIRM","text":"Confirmo"}}]}}]},)"
      R"({"id":"2","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"P2"},)"
      R"("messages":[{"from":"5511912345678","id":"wamid.M2","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"slot_1","title":"09:00"}}},)"
      R"({"from":"5511912345678","id":"wamid.M3","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"S\u00ed"}}},)"
      R"({"from":"5511912345678","id":"wamid.M4","type":"image","image":{"id":"media1","mime_type":"image/jpeg","caption":"receta"}}]}}]}]})";
  const MetaWebhook webhook = parseOk(body);
  ASSERT_EQ(webhook.statuses.size(), 2u);
  EXPECT_EQ(webhook.statuses[1].status, "read");
  EXPECT_EQ(webhook.statuses[1].phone_number_id, "P1");
  ASSERT_EQ(webhook.messages.size(), 4u);
  EXPECT_EQ(webhook.messages[0].text, "Confirmo");
  EXPECT_EQ(webhook.messages[0].phone_number_id, "P1");
  EXPECT_EQ(webhook.messages[1].text, "09:00");
  EXPECT_EQ(webhook.messages[1].phone_number_id, "P2");
  EXPECT_EQ(webhook.messages[2].text, "S\xc3\xad");
  EXPECT_EQ(webhook.messages[3].type, "image");
  EXPECT_EQ(webhook.messages[3].text, "receta");
}

TEST(MetaWebhookTest, UnknownTypesAndOddFieldsAreTolerated) {
  const MetaWebhook webhook = parseOk(envelope(
      R"("messages":[{"from":"12015550123","id":"wamid.U1","timestamp":"1750030100","type":"unsupported","errors":[{"code":131051}]},)"
      R"({"from":"12015550123","id":"wamid.U2","type":"location","location":{"latitude":19.4}},)"
      R"({"from":"12015550123","id":"wamid.U3","timestamp":"not-a-number","type":"contacts","contacts":[{"name":{}}]},)"
      R"("not an object",42],"statuses":{"unexpected":"object"},"errors":[{"code":131000}])"));
  ASSERT_EQ(webhook.messages.size(), 3u);
  EXPECT_EQ(webhook.messages[0].type, "unsupported");
  EXPECT_EQ(webhook.messages[0].text, "");
  EXPECT_EQ(webhook.messages[1].type, "location");
  EXPECT_EQ(webhook.messages[2].timestamp, 0);
  EXPECT_TRUE(webhook.statuses.empty());
}

TEST(MetaWebhookTest, EmptyObjectParsesToNothing) {
  const MetaWebhook webhook = parseOk("{}");
  EXPECT_EQ(webhook.object, "");
  EXPECT_TRUE(webhook.messages.empty());
  EXPECT_TRUE(webhook.statuses.empty());
}

TEST(MetaWebhookTest, MalformedJsonReportsTheBytePosition) {
  const Result<MetaWebhook> result = parseMetaWebhook(R"({"object":"whatsapp_business_account",})");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(result.error().code, "malformed_json");
  EXPECT_NE(result.error().message.find("byte 39"), std::string::npos) << result.error().message;
}

TEST(MetaWebhookTest, TruncatedAndEmptyBodiesAreMalformed) {
  for (std::string_view body : {std::string_view(), kVectorA.substr(0, 100)}) {
    const Result<MetaWebhook> result = parseMetaWebhook(body);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, "malformed_json");
  }
}

TEST(MetaWebhookTest, OutOfRangeNumberIsRefusedNotAThrow) {
  for (const std::string& number : {std::string("1e500"), std::string(400, '9')}) {
    const Result<MetaWebhook> result =
        parseMetaWebhook(envelope(R"("statuses":[{"id":)" + number + "}]"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, ErrorCategory::Invalid);
    EXPECT_EQ(result.error().code, "number_out_of_range");
  }
}

// Issue 8 item 1: a stored webhook nested 100,000 levels deep must be refused, not parsed
// into a document whose every dump() or copy recurses once per level.
TEST(MetaWebhookTest, DeeplyNestedBodyIsRefused) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  for (const std::string& body :
       {deep, envelope(R"("statuses":[{"id":"wamid.X","extra":)" + deep + "}]")}) {
    const Result<MetaWebhook> result = parseMetaWebhook(body);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().category, ErrorCategory::Invalid);
    EXPECT_EQ(result.error().code, "json_too_deep");
  }
}

TEST(MetaWebhookTest, TimestampsOutsideYears1970To9999ReadAsZero) {
  for (const char* timestamp : {R"("9223372036854775807")", "9223372036854775807",
                                "18446744073709551615", R"("-1")", "-1", R"("253402300800")"}) {
    const MetaWebhook webhook = parseOk(
        envelope(std::string(R"("statuses":[{"id":"wamid.T","status":"read","timestamp":)") +
                 timestamp + "}]"));
    ASSERT_EQ(webhook.statuses.size(), 1u) << timestamp;
    EXPECT_EQ(webhook.statuses[0].timestamp, 0) << timestamp;
  }
  const MetaWebhook last = parseOk(
      envelope(R"("statuses":[{"id":"wamid.T","status":"read","timestamp":"253402300799"}])"));
  ASSERT_EQ(last.statuses.size(), 1u);
  EXPECT_EQ(last.statuses[0].timestamp, 253'402'300'799);
}

TEST(MetaWebhookTest, JsonThatIsNotAnObjectIsUnexpected) {
  for (const char* body : {"[]", "42", R"("text")", "null"}) {
    const Result<MetaWebhook> result = parseMetaWebhook(body);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, "unexpected_payload") << body;
  }
}

}  // namespace
}  // namespace mensajero::channels::meta
