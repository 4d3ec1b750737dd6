// Issue 11 item 5: media messages by link and by upload, inbound media served by the gateway,
// against the real gateway and the provider simulator playing Meta.
#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json mediaTo(const std::string& phone, const json& content) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "media"}, {"content", content}}}};
}

json lastSimRequest(Sandbox& sandbox) {
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  if (recorded["count"] == 0) return json();
  return recorded["messages"][recorded["count"].get<int>() - 1]["request"];
}

class MediaTest : public ::testing::Test {
 protected:
  Sandbox sandbox;
};

TEST_F(MediaTest, SendsDocumentByLinkInMetasShape) {
  const Reply reply = sandbox.send(
      sandbox.keyA(), mediaTo("+12015550140", {{"kind", "document"},
                                               {"link", "https://clinic.example/r/ab12.pdf"},
                                               {"caption", "Resultados"},
                                               {"filename", "resultados.pdf"}}));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["status"], "sent");

  const json request = lastSimRequest(sandbox);
  EXPECT_EQ(request["type"], "document");
  EXPECT_EQ(request["to"], "+12015550140");
  EXPECT_EQ(request["document"], json({{"link", "https://clinic.example/r/ab12.pdf"},
                                       {"caption", "Resultados"},
                                       {"filename", "resultados.pdf"}}));
  EXPECT_EQ(request["biz_opaque_callback_data"], reply.json()["messageId"]);

  // The conversation shows the caption, what the patient saw.
  const json conversation =
      sandbox.conversation(sandbox.keyA(), reply.json()["conversationId"].get<std::string>())
          .json();
  EXPECT_EQ(conversation["messages"][0]["content"], "Resultados");
}

TEST_F(MediaTest, SendsAudioByLinkWithoutCaption) {
  const Reply reply = sandbox.send(
      sandbox.keyA(),
      mediaTo("+12015550141", {{"kind", "audio"}, {"link", "https://clinic.example/a.ogg"}}));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(lastSimRequest(sandbox)["audio"], json({{"link", "https://clinic.example/a.ogg"}}));
}

TEST_F(MediaTest, RefusesInvalidMediaContentWithDistinctCodes) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"kind", "hologram"}, {"link", "https://x.example/a"}}, "invalid_media_kind"},
      {{{"kind", "image"}}, "media_source_required"},
      {{{"kind", "image"}, {"link", "http://x.example/a.jpg"}}, "invalid_media_link"},
      {{{"kind", "image"}, {"link", "https://x.example/" + std::string(3000, 'a')}},
       "media_link_too_long"},
      {{{"kind", "sticker"}, {"link", "https://x.example/s.webp"}, {"caption", "hola"}},
       "media_caption_not_allowed"},
      {{{"kind", "image"},
        {"link", "https://x.example/a.jpg"},
        {"caption", std::string(1025, 'c')}},
       "media_caption_too_long"},
      {{{"kind", "image"}, {"link", "https://x.example/a.jpg"}, {"filename", "a.jpg"}},
       "media_filename_not_allowed"},
      {{{"kind", "image"},
        {"link", "https://x.example/a.jpg"},
        {"mediaId", "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e01"}},
       "media_source_conflict"},
  };
  for (const auto& [content, code] : cases) {
    const Reply reply = sandbox.send(sandbox.keyA(), mediaTo("+12015550142", content));
    EXPECT_EQ(reply.status, 422) << code << ": " << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], code) << reply.body;
  }
  // A misspelt member is a request error, not silently dropped.
  const Reply typo =
      sandbox.send(sandbox.keyA(),
                   mediaTo("+12015550142",
                           {{"kind", "image"}, {"link", "https://x.example/a"}, {"captoin", "x"}}));
  EXPECT_EQ(typo.status, 400) << typo.body;
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

}  // namespace
}  // namespace mensajero::testing
