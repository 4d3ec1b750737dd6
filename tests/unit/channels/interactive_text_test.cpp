// An interactive message as plain text for SMS: body, numbered options, footer last.
#include "channels/interactive_text.h"

#include <gtest/gtest.h>

namespace mensajero::channels {
namespace {

using Json = nlohmann::json;

TEST(InteractiveTextTest, ButtonsBecomeNumberedOptionsBetweenBodyAndFooter) {
  const Json buttons = Json::parse(R"({"type":"button","body":"¿Confirma su cita?",
    "footer":"Clínica Norte","buttons":[{"id":"yes","title":"Confirmo"},
    {"id":"no","title":"Cancelar"}]})");
  EXPECT_EQ(renderInteractiveText(buttons),
            "¿Confirma su cita?\n\n1. Confirmo\n2. Cancelar\n\nClínica Norte");
}

TEST(InteractiveTextTest, ListRowsAreNumberedAcrossSectionsWithTheirDescriptions) {
  const Json list = Json::parse(R"({"type":"list","header":{"type":"text","text":"Horarios"},
    "body":"Elija uno","button":"Ver","sections":[
      {"title":"Lunes","rows":[{"id":"a","title":"09:00","description":"Dr. Ruiz"}]},
      {"title":"Martes","rows":[{"id":"b","title":"10:00"}]}]})");
  EXPECT_EQ(renderInteractiveText(list), "Horarios\nElija uno\n\n1. 09:00 - Dr. Ruiz\n2. 10:00");
}

TEST(InteractiveTextTest, AMediaHeaderIsLeftOut) {
  const Json buttons = Json::parse(R"({"type":"button","body":"Su resultado",
    "header":{"type":"document","link":"https://clinic.example/r.pdf"},
    "buttons":[{"id":"ok","title":"Recibido"}]})");
  EXPECT_EQ(renderInteractiveText(buttons), "Su resultado\n\n1. Recibido");
}

TEST(InteractiveTextTest, MalformedInputRendersWhatItCanWithoutThrowing) {
  EXPECT_EQ(renderInteractiveText(Json("text")), "");
  EXPECT_EQ(renderInteractiveText(Json::parse(R"({"body":7,"buttons":{"x":1},"footer":"F"})")),
            "F");
  EXPECT_EQ(renderInteractiveText(Json::parse(R"({"body":"B","sections":[{"rows":[3]}]})")),
            "B\n\n1. ");
}

}  // namespace
}  // namespace mensajero::channels

namespace mensajero::channels {
namespace {

TEST(InteractiveTextTest, AnInteractiveSendBecomesATextSendOfItsRendering) {
  OutboundSend message;
  message.message_id = "msg_1";
  message.message_type = "interactive";
  message.content = "¿Confirma?";
  message.metadata = R"({"interactive":{"type":"button","body":"¿Confirma?",
    "buttons":[{"id":"y","title":"Sí"}]},"sms":{"encoding":"UCS-2","segments":1}})";
  const OutboundSend text = interactiveAsText(message);
  EXPECT_EQ(text.message_type, "text");
  EXPECT_EQ(text.content, "¿Confirma?\n\n1. Sí");
  EXPECT_EQ(text.message_id, "msg_1");
  message.metadata = "{}";
  EXPECT_EQ(interactiveAsText(message).content, "¿Confirma?");
}

}  // namespace
}  // namespace mensajero::channels
