// Graph's "type":"interactive" body (providers.md §1.2) from the stored metadata.interactive.
#include "channels/meta/meta_interactive_payload.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;

OutboundSend interactive(const char* stored) {
  OutboundSend message;
  message.message_id = "msg_01HZX";
  message.recipient = "+5215512345678";
  message.message_type = "interactive";
  message.content = "body";
  message.metadata = Json{{"interactive", Json::parse(stored)}}.dump();
  return message;
}

Json payloadOf(const OutboundSend& message) {
  auto payload = interactivePayload(message, "+5215512345678");
  EXPECT_TRUE(payload.ok());
  return payload ? Json::parse(*payload) : Json();
}

TEST(MetaInteractivePayloadTest, ReplyButtonsWithADocumentHeaderAndFooter) {
  const Json sent = payloadOf(interactive(R"({"type":"button",
    "header":{"type":"document","link":"https://clinic.example/r.pdf","filename":"cita.pdf"},
    "body":"¿Confirma su cita?","footer":"Clínica Norte",
    "buttons":[{"id":"appt_778_yes","title":"Confirmo"},{"id":"appt_778_no","title":"Cancelar"}]})"));
  EXPECT_EQ(sent, Json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
    "to":"+5215512345678","type":"interactive","biz_opaque_callback_data":"msg_01HZX",
    "interactive":{"type":"button",
      "header":{"type":"document","document":{"link":"https://clinic.example/r.pdf","filename":"cita.pdf"}},
      "body":{"text":"¿Confirma su cita?"},"footer":{"text":"Clínica Norte"},
      "action":{"buttons":[{"type":"reply","reply":{"id":"appt_778_yes","title":"Confirmo"}},
                           {"type":"reply","reply":{"id":"appt_778_no","title":"Cancelar"}}]}}})"));
}

TEST(MetaInteractivePayloadTest, ListWithSectionsRowsAndATextHeader) {
  const Json sent = payloadOf(interactive(R"({"type":"list","header":{"type":"text","text":"Citas"},
    "body":"Elija un horario","button":"Horarios",
    "sections":[{"title":"Lunes","rows":[{"id":"slot_1","title":"09:00","description":"Dr. Ruiz"},
                                         {"id":"slot_2","title":"10:00"}]}]})"));
  EXPECT_EQ(sent["interactive"], Json::parse(R"({"type":"list",
    "header":{"type":"text","text":"Citas"},"body":{"text":"Elija un horario"},
    "action":{"button":"Horarios","sections":[{"title":"Lunes","rows":[
      {"id":"slot_1","title":"09:00","description":"Dr. Ruiz"},{"id":"slot_2","title":"10:00"}]}]}})"));
}

TEST(MetaInteractivePayloadTest, RefusesAMessageWithoutAStoredPayload) {
  OutboundSend message = interactive(R"({"type":"carousel"})");
  EXPECT_EQ(interactivePayload(message, "+1").error().code, "invalid_interactive_metadata");
  message.metadata = "not json";
  EXPECT_EQ(interactivePayload(message, "+1").error().code, "invalid_interactive_metadata");
}

}  // namespace
}  // namespace mensajero::channels::meta
