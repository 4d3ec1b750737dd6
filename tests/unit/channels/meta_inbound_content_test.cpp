#include "channels/meta/meta_inbound_content.h"

#include <string>

#include <gtest/gtest.h>

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;

InboundContent parse(const char* message_json) {
  const Json message = Json::parse(message_json);
  return parseMetaInboundContent(message, message.value("type", std::string()));
}

// A copy, so a test may read the value of a temporary content.
template <class T>
T as(const InboundContent& content) {
  EXPECT_TRUE(std::holds_alternative<T>(content.value));
  return std::get<T>(content.value);
}

TEST(MetaInboundContentTest, ImageKeepsItsMediaMetadata) {
  const auto content = parse(R"({"type":"image","image":{"id":"m-1","mime_type":"image/jpeg",
      "sha256":"abc=","url":"https://example.invalid/x"}})");
  const auto& media = as<InboundMedia>(content);
  EXPECT_EQ(media.kind, "image");
  EXPECT_EQ(media.media_id, "m-1");
  EXPECT_EQ(media.mime_type, "image/jpeg");
  EXPECT_EQ(media.sha256, "abc=");
  EXPECT_TRUE(media.caption.empty());
  EXPECT_FALSE(content.trimmed);
}

TEST(MetaInboundContentTest, AudioMarkedVoiceIsAVoiceNote) {
  const auto content = parse(R"({"type":"audio","audio":{"id":"m-2",
      "mime_type":"audio/ogg; codecs=opus","voice":true}})");
  EXPECT_EQ(as<InboundMedia>(content).kind, "voice");
  EXPECT_EQ(as<InboundMedia>(parse(R"({"type":"audio","audio":{"id":"m-3"}})")).kind, "audio");
}

TEST(MetaInboundContentTest, DocumentKeepsFilenameAndCaption) {
  const auto& media = as<InboundMedia>(parse(R"({"type":"document","document":{"id":"m-4",
      "filename":"lab-results.pdf","caption":"results","mime_type":"application/pdf"}})"));
  EXPECT_EQ(media.filename, "lab-results.pdf");
  EXPECT_EQ(media.caption, "results");
}

TEST(MetaInboundContentTest, AnimatedStickerSaysSo) {
  const auto& media =
      as<InboundMedia>(parse(R"({"type":"sticker","sticker":{"id":"m-5","animated":true}})"));
  EXPECT_EQ(media.kind, "sticker");
  EXPECT_TRUE(media.animated);
}

TEST(MetaInboundContentTest, LocationKeepsCoordinatesNameAddressAndUrl) {
  const auto& location = as<InboundLocation>(parse(R"({"type":"location","location":{
      "latitude":19.4326,"longitude":-99.1332,"name":"Clinica Norte","address":"Av. Reforma 1",
      "url":"https://maps.example.invalid"}})"));
  EXPECT_EQ(location.latitude, 19.4326);
  EXPECT_EQ(location.longitude, -99.1332);
  EXPECT_EQ(location.name, "Clinica Norte");
  EXPECT_EQ(location.address, "Av. Reforma 1");
  EXPECT_EQ(location.url, "https://maps.example.invalid");
}

TEST(MetaInboundContentTest, CoordinatesOutOfRangeOrNotNumbersAreAbsent) {
  const auto& location = as<InboundLocation>(
      parse(R"({"type":"location","location":{"latitude":91,"longitude":"east"}})"));
  EXPECT_FALSE(location.latitude);
  EXPECT_FALSE(location.longitude);
}

TEST(MetaInboundContentTest, ContactCardsKeepNamesPhonesEmailsAndOrganization) {
  const auto& contacts = as<InboundContacts>(parse(R"({"type":"contacts","contacts":[
      {"name":{"formatted_name":"Dra. Ruiz","first_name":"Elena","last_name":"Ruiz"},
       "org":{"company":"Clinica Sur","title":"Pediatra"},
       "phones":[{"phone":"+52 55 0000 0000","wa_id":"525500000000","type":"WORK"}],
       "emails":[{"email":"ruiz@example.invalid","type":"WORK"}],
       "urls":[{"url":"https://example.invalid","type":"WORK"}]},
      {"name":{"first_name":"Luis"}}]})"));
  ASSERT_EQ(contacts.cards.size(), 2u);
  const auto& card = contacts.cards[0];
  EXPECT_EQ(card.formatted_name, "Dra. Ruiz");
  EXPECT_EQ(card.company, "Clinica Sur");
  EXPECT_EQ(card.title, "Pediatra");
  ASSERT_EQ(card.phones.size(), 1u);
  EXPECT_EQ(card.phones[0].phone, "+52 55 0000 0000");
  EXPECT_EQ(card.phones[0].wa_id, "525500000000");
  EXPECT_EQ(card.phones[0].type, "WORK");
  ASSERT_EQ(card.emails.size(), 1u);
  EXPECT_EQ(card.emails[0].email, "ruiz@example.invalid");
  ASSERT_EQ(card.urls.size(), 1u);
  EXPECT_EQ(contacts.cards[1].first_name, "Luis");
}

TEST(MetaInboundContentTest, OrderKeepsCatalogAndItems) {
  const auto& order = as<InboundOrder>(parse(R"({"type":"order","order":{"catalog_id":"cat-1",
      "text":"for tomorrow","product_items":[{"product_retailer_id":"VITAMIN-D","quantity":2,
      "item_price":12.5,"currency":"MXN"}]}})"));
  EXPECT_EQ(order.catalog_id, "cat-1");
  EXPECT_EQ(order.text, "for tomorrow");
  ASSERT_EQ(order.items.size(), 1u);
  EXPECT_EQ(order.items[0].product_retailer_id, "VITAMIN-D");
  EXPECT_EQ(order.items[0].quantity, 2);
  EXPECT_EQ(order.items[0].item_price, 12.5);
  EXPECT_EQ(order.items[0].currency, "MXN");
}

TEST(MetaInboundContentTest, FlowReplyKeepsTheAnswersAsJson) {
  const auto& reply = as<InboundFlowReply>(parse(R"({"type":"interactive","interactive":{
      "type":"nfm_reply","nfm_reply":{"name":"flow","body":"Sent",
      "response_json":"{\"pain_level\":\"3\",\"flow_token\":\"t-1\"}"}}})"));
  EXPECT_EQ(reply.name, "flow");
  EXPECT_EQ(reply.body, "Sent");
  EXPECT_EQ(reply.response, Json({{"pain_level", "3"}, {"flow_token", "t-1"}}));
}

TEST(MetaInboundContentTest, FlowReplyThatIsNotJsonOrTooDeepKeepsNameAndBody) {
  const auto broken = parse(R"({"type":"interactive","interactive":{"type":"nfm_reply",
      "nfm_reply":{"name":"flow","body":"Sent","response_json":"{not json"}}})");
  EXPECT_TRUE(as<InboundFlowReply>(broken).response.is_null());
  EXPECT_EQ(as<InboundFlowReply>(broken).body, "Sent");
  EXPECT_TRUE(broken.trimmed);

  Json message = {
      {"type", "interactive"},
      {"interactive",
       {{"type", "nfm_reply"},
        {"nfm_reply", {{"response_json", std::string(40, '[') + std::string(40, ']')}}}}}};
  const auto deep = parseMetaInboundContent(message, "interactive");
  EXPECT_TRUE(as<InboundFlowReply>(deep).response.is_null());
  EXPECT_TRUE(deep.trimmed);
}

TEST(MetaInboundContentTest, FlowReplyPastSixtyFourKibibytesIsLeftOut) {
  Json answers = {{"note", std::string(kMaxFlowResponseBytes, 'a')}};
  Json message = {
      {"interactive", {{"type", "nfm_reply"}, {"nfm_reply", {{"response_json", answers.dump()}}}}}};
  const auto content = parseMetaInboundContent(message, "interactive");
  EXPECT_TRUE(as<InboundFlowReply>(content).response.is_null());
  EXPECT_TRUE(content.trimmed);
}

// Button and list replies are structured now (inbound_reply_test.cpp); an unknown
// interactive type still is not.
TEST(MetaInboundContentTest, TextAndUnknownInteractiveTypesHaveNoStructuredContent) {
  EXPECT_TRUE(parse(R"({"type":"text","text":{"body":"hola"}})").empty());
  EXPECT_TRUE(parse(R"({"type":"interactive","interactive":{"type":"call_permission_reply",
      "call_permission_reply":{"response":"accept"}}})")
                  .empty());
}

TEST(MetaInboundContentTest, LongStringsAreCutAtACharacterBoundaryWithoutNuls) {
  std::string name = "a";
  for (int i = 0; i < 1000; ++i) name += "é";  // two bytes each: the cut lands mid-character
  Json message = {{"type", "location"},
                  {"location", {{"name", name}, {"address", std::string("A\0B", 3)}}}};
  const auto content = parseMetaInboundContent(message, "location");
  const auto& location = as<InboundLocation>(content);
  EXPECT_LE(location.name.size(), kMaxContentStringBytes);
  EXPECT_EQ(location.name.size(), kMaxContentStringBytes - 1);  // never half an "é"
  EXPECT_EQ(location.address, "AB");
  EXPECT_TRUE(content.trimmed);

  Json document = {{"document", {{"filename", std::string(1000, 'f')}}}};
  EXPECT_EQ(as<InboundMedia>(parseMetaInboundContent(document, "document")).filename.size(),
            kMaxFilenameBytes);
}

TEST(MetaInboundContentTest, ListsAreCapped) {
  Json card = {{"name", {{"formatted_name", "X"}}}, {"phones", Json::array()}};
  for (int i = 0; i < 50; ++i) card["phones"].push_back({{"phone", std::to_string(i)}});
  Json cards = Json::array();
  for (int i = 0; i < 50; ++i) cards.push_back(card);
  const auto contacts = parseMetaInboundContent({{"contacts", cards}}, "contacts");
  ASSERT_EQ(as<InboundContacts>(contacts).cards.size(), kMaxContactCards);
  EXPECT_EQ(as<InboundContacts>(contacts).cards[0].phones.size(), kMaxContactEntries);
  EXPECT_TRUE(contacts.trimmed);

  Json items = Json::array();
  for (int i = 0; i < 500; ++i) items.push_back({{"product_retailer_id", "P"}, {"quantity", 1}});
  const auto order = parseMetaInboundContent({{"order", {{"product_items", items}}}}, "order");
  EXPECT_EQ(as<InboundOrder>(order).items.size(), kMaxOrderItems);
  EXPECT_TRUE(order.trimmed);
}

TEST(MetaInboundContentTest, MistypedFieldsReadAsAbsent) {
  const auto content = parse(R"({"type":"order","order":{"catalog_id":7,"product_items":{}}})");
  EXPECT_TRUE(as<InboundOrder>(content).catalog_id.empty());
  EXPECT_TRUE(as<InboundOrder>(content).items.empty());
  EXPECT_FALSE(as<InboundMedia>(parse(R"({"type":"image","image":"nope"})")).media_id.size());
}

}  // namespace
}  // namespace mensajero::channels::meta
