// The simulator refuses media sends Meta would refuse, so the gateway's payloads are checked
// against Meta's rules in every integration test.
#include "media_send_validation.h"

#include <gtest/gtest.h>

namespace mensajero::provider_sim {
namespace {

using nlohmann::json;

json send(const std::string& type, const json& media) {
  return {{"messaging_product", "whatsapp"}, {"to", "+12015550123"}, {"type", type}, {type, media}};
}

TEST(MediaSendValidationTest, AcceptsMetasShapes) {
  EXPECT_FALSE(mediaSendProblem(send("image", {{"id", "123"}, {"caption", "hola"}})));
  EXPECT_FALSE(mediaSendProblem(
      send("document", {{"link", "https://a.example/r.pdf"}, {"filename", "r.pdf"}})));
  EXPECT_FALSE(mediaSendProblem(send("sticker", {{"id", "9"}})));
  EXPECT_FALSE(mediaSendProblem({{"type", "text"}, {"text", {{"body", "x"}}}}));
}

TEST(MediaSendValidationTest, RefusesWhatMetaRefuses) {
  EXPECT_TRUE(mediaSendProblem({{"type", "image"}}));
  EXPECT_TRUE(mediaSendProblem(send("image", json::object())));
  EXPECT_TRUE(mediaSendProblem(send("image", {{"id", "1"}, {"link", "https://a.example"}})));
  EXPECT_TRUE(mediaSendProblem(send("image", {{"link", "http://a.example/x.jpg"}})));
  EXPECT_TRUE(mediaSendProblem(send("audio", {{"id", "1"}, {"caption", "x"}})));
  EXPECT_TRUE(mediaSendProblem(send("image", {{"id", "1"}, {"filename", "x.jpg"}})));
  EXPECT_TRUE(mediaSendProblem(send("image", {{"id", "1"}, {"caption", std::string(1025, 'a')}})));
  EXPECT_TRUE(mediaSendProblem(send("video", {{"id", "1"}, {"url", "x"}})));
}

}  // namespace
}  // namespace mensajero::provider_sim
