#include "core/inbound_content.h"

#include <gtest/gtest.h>

#include "meta_work.h"

namespace mensajero::core {
namespace {

using Json = nlohmann::json;
using channels::InboundContent;

InboundContent media(std::string kind, std::string caption = {}, std::string filename = {}) {
  channels::InboundMedia m;
  m.kind = std::move(kind);
  m.media_id = "m-1";
  m.mime_type = "image/jpeg";
  m.sha256 = "abc=";
  m.caption = std::move(caption);
  m.filename = std::move(filename);
  return {m};
}

TEST(InboundContentTest, MediaWithoutCaptionReadsAsItsTypedPlaceholder) {
  EXPECT_EQ(renderInboundText(media("image")), "[image]");
  EXPECT_EQ(renderInboundText(media("audio")), "[audio]");
  EXPECT_EQ(renderInboundText(media("voice")), "[voice message]");
  EXPECT_EQ(renderInboundText(media("video")), "[video]");
  EXPECT_EQ(renderInboundText(media("sticker")), "[sticker]");
  EXPECT_EQ(renderInboundText(media("document")), "[document]");
  EXPECT_EQ(renderInboundText(media("document", "", "lab-results.pdf")), "lab-results.pdf");
}

TEST(InboundContentTest, CaptionIsTheText) {
  EXPECT_EQ(renderInboundText(media("image", "my rash")), "my rash");
  EXPECT_EQ(renderInboundText(media("document", "results", "r.pdf")), "results");
}

TEST(InboundContentTest, LocationReadsAsNameAddressAndCoordinates) {
  channels::InboundLocation location{19.4326, -99.1332, "Clinica Norte", "Av. Reforma 1", ""};
  EXPECT_EQ(renderInboundText({location}),
            "[location] Clinica Norte, Av. Reforma 1 (19.4326, -99.1332)");
  EXPECT_EQ(renderInboundText({channels::InboundLocation{1.5, 2, "", "", ""}}),
            "[location] (1.5, 2)");
  EXPECT_EQ(renderInboundText({channels::InboundLocation{}}), "[location]");
}

TEST(InboundContentTest, ContactsReadAsNamesAndPhones) {
  channels::ContactCard ana;
  ana.formatted_name = "Ana Diaz";
  ana.phones.push_back({"+52 55 1", "", "CELL"});
  channels::ContactCard luis;
  luis.first_name = "Luis";
  luis.last_name = "Mora";
  EXPECT_EQ(renderInboundText({channels::InboundContacts{{ana}}}), "[contact] Ana Diaz +52 55 1");
  EXPECT_EQ(renderInboundText({channels::InboundContacts{{ana, luis}}}),
            "[contacts] Ana Diaz +52 55 1; Luis Mora");
}

TEST(InboundContentTest, OrderReadsAsItsLines) {
  channels::InboundOrder order;
  order.items.push_back({"VITAMIN-D", 2, 12.5, "MXN"});
  order.items.push_back({"MASK", 1, std::nullopt, ""});
  order.text = "for tomorrow";
  EXPECT_EQ(renderInboundText({order}), "[order] 2 x VITAMIN-D @ 12.5 MXN; 1 x MASK for tomorrow");
}

TEST(InboundContentTest, FlowReplyReadsAsItsBody) {
  EXPECT_EQ(renderInboundText({channels::InboundFlowReply{"flow", "Sent", Json::object()}}),
            "[form reply] Sent");
  EXPECT_EQ(renderInboundText({channels::InboundFlowReply{"intake", "", nullptr}}),
            "[form reply] intake");
}

TEST(InboundContentTest, StoredFormNamesTheKindAndLeavesEmptyFieldsOut) {
  const Json json = inboundContentJson(media("image"));
  EXPECT_EQ(json, Json::parse(R"({"kind":"image","mediaId":"m-1","mimeType":"image/jpeg",
      "sha256":"abc=","truncated":false})"));
  EXPECT_TRUE(inboundContentJson(InboundContent{}).is_null());

  channels::InboundFlowReply reply{"flow", "Sent", {{"pain_level", "3"}}};
  EXPECT_EQ(inboundContentJson({reply}), Json::parse(R"({"kind":"flow_reply","name":"flow",
      "body":"Sent","response":{"pain_level":"3"},"truncated":false})"));
}

TEST(InboundContentTest, WholeNumbersAreStoredAsIntegers) {
  channels::InboundOrder order;
  order.items.push_back({"VITAMIN-D", 3, 12.5, "MXN"});
  EXPECT_EQ(inboundContentJson({order})["items"][0].dump(),
            R"({"currency":"MXN","itemPrice":12.5,"productRetailerId":"VITAMIN-D","quantity":3})");
}

TEST(InboundContentTest, AttachFillsAnEmptyTextAndKeepsACaption) {
  storage::InboundEvent event;
  attachInboundContent(event, media("sticker"));
  EXPECT_EQ(event.content, "[sticker]");
  ASSERT_TRUE(event.content_json);
  EXPECT_EQ(Json::parse(*event.content_json)["kind"], "sticker");

  storage::InboundEvent captioned;
  captioned.content = "my rash";
  attachInboundContent(captioned, media("image", "my rash"));
  EXPECT_EQ(captioned.content, "my rash");

  storage::InboundEvent plain;
  plain.content = "hola";
  attachInboundContent(plain, InboundContent{});
  EXPECT_FALSE(plain.content_json);
}

TEST(InboundContentTest, StoredFormStaysWithinItsBoundByDroppingTrailingCards) {
  channels::ContactCard card;
  card.formatted_name = std::string(channels::kMaxContentStringBytes, 'n');
  for (std::size_t i = 0; i < channels::kMaxContactEntries; ++i) {
    card.phones.push_back({std::string(channels::kMaxContentStringBytes, '1'), "", ""});
  }
  channels::InboundContacts contacts;
  contacts.cards.assign(channels::kMaxContactCards, card);
  storage::InboundEvent event;
  attachInboundContent(event, {contacts});
  ASSERT_TRUE(event.content_json);
  EXPECT_LE(event.content_json->size(), kMaxContentJsonBytes);
  const Json stored = Json::parse(*event.content_json);
  EXPECT_TRUE(stored["truncated"].get<bool>());
  EXPECT_GE(stored["contacts"].size(), 1u);
  EXPECT_LT(stored["contacts"].size(), channels::kMaxContactCards);
}

storage::WebhookLogRecord logOf(std::string message_json) {
  storage::WebhookLogRecord log;
  log.id = "log-1";
  log.organization_id = "org-1";
  log.payload = R"({"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"9"},
      "messages":[)" +
                message_json + "]}}]}]}";
  return log;
}

TEST(InboundContentTest, MetaImageWithoutCaptionBecomesAPlaceholderWithItsMedia) {
  const auto work = buildMetaWork(logOf(R"({"from":"5215512345678","id":"wamid.IMG",
      "type":"image","image":{"id":"m-9","mime_type":"image/png","sha256":"h="}})"),
                                  0);
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].message_type, "media");
  EXPECT_EQ(work.inbound[0].content, "[image]");
  ASSERT_TRUE(work.inbound[0].content_json);
  const Json stored = Json::parse(*work.inbound[0].content_json);
  EXPECT_EQ(stored["mediaId"], "m-9");
  EXPECT_EQ(stored["mimeType"], "image/png");
}

TEST(InboundContentTest, MetaLocationIsNoLongerBlank) {
  const auto work = buildMetaWork(logOf(R"({"from":"5215512345678","id":"wamid.LOC",
      "type":"location","location":{"latitude":19.4326,"longitude":-99.1332,
      "name":"Clinica Norte"}})"),
                                  0);
  ASSERT_EQ(work.inbound.size(), 1u);
  EXPECT_EQ(work.inbound[0].content, "[location] Clinica Norte (19.4326, -99.1332)");
  ASSERT_TRUE(work.inbound[0].content_json);
  EXPECT_EQ(Json::parse(*work.inbound[0].content_json)["kind"], "location");
}

}  // namespace
}  // namespace mensajero::core

namespace mensajero::core {
namespace {

TEST(InboundContentTest, AReplyReadsAsWhatWasTappedAndStoresItsIdAndQuestion) {
  const channels::InboundContent tapped{
      channels::InboundReply{"list_reply", "slot_1", "09:00", "Dr. Ruiz", "wamid.OUT7"}};
  EXPECT_EQ(renderInboundText(tapped), "09:00");
  EXPECT_EQ(inboundContentJson(tapped), Json::parse(R"({"kind":"reply","source":"list_reply",
    "reply":{"id":"slot_1","title":"09:00","description":"Dr. Ruiz"},"inReplyTo":"wamid.OUT7",
    "truncated":false})"));
  const channels::InboundContent untitled{channels::InboundReply{"button", "CONFIRM", "", "", ""}};
  EXPECT_EQ(renderInboundText(untitled), "[reply] CONFIRM");
  EXPECT_FALSE(inboundContentJson(untitled).contains("inReplyTo"));
}

}  // namespace
}  // namespace mensajero::core
