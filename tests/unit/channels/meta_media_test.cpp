// Meta media: the send payload of a media message, the multipart upload, and the download's
// refusal to send the token anywhere but Meta.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "channels/meta/meta_channel.h"
#include "channels/meta/meta_media_payload.h"
#include "channels/meta/multipart_form.h"
#include "unit/channels/fake_http_client.h"

namespace mensajero::channels::meta {
namespace {

using testing::FakeHttpClient;
using Json = nlohmann::json;

MetaConfig testConfig() {
  MetaConfig config;
  config.base_url = "http://127.0.0.1:9999";
  config.phone_number_id = "106540352242922";
  config.access_token = "EAAtoken";
  return config;
}

OutboundSend mediaMessage(const Json& media) {
  OutboundSend message;
  message.message_id = "msg-1";
  message.recipient = "+12015550123";
  message.message_type = "media";
  message.metadata = Json({{"media", media}}).dump();
  return message;
}

TEST(MetaMediaPayloadTest, DocumentByLinkCarriesCaptionAndFilename) {
  const auto payload = mediaPayload(mediaMessage({{"kind", "document"},
                                                  {"link", "https://clinic.example/r.pdf"},
                                                  {"caption", "Resultados"},
                                                  {"filename", "r.pdf"}}),
                                    "+12015550123");
  ASSERT_TRUE(payload.ok());
  const Json body = Json::parse(*payload);
  EXPECT_EQ(body["type"], "document");
  EXPECT_EQ(body["document"], Json({{"link", "https://clinic.example/r.pdf"},
                                    {"caption", "Resultados"},
                                    {"filename", "r.pdf"}}));
  EXPECT_EQ(body["messaging_product"], "whatsapp");
  EXPECT_EQ(body["biz_opaque_callback_data"], "msg-1");
}

TEST(MetaMediaPayloadTest, UploadedFileGoesByMetasIdNeverOurs) {
  const auto payload = mediaPayload(
      mediaMessage({{"kind", "image"}, {"mediaId", "our-uuid"}, {"providerMediaId", "4490"}}),
      "+12015550123");
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(Json::parse(*payload)["image"], Json({{"id", "4490"}}));
}

TEST(MetaMediaPayloadTest, RefusesMetadataWithoutASource) {
  EXPECT_EQ(mediaPayload(mediaMessage({{"kind", "image"}, {"mediaId", "x"}}), "+1").error().code,
            "invalid_media_metadata");
  EXPECT_EQ(mediaPayload(mediaMessage({{"kind", "gif"}, {"link", "https://a.example"}}), "+1")
                .error()
                .code,
            "invalid_media_metadata");
}

TEST(MultipartFormTest, WritesPartsAndNeutralisesQuotesInHeaders) {
  MultipartForm form("b0undary");
  form.addField("type", "image/png");
  form.addFile("file", "a\"b\r\n.png", "image/png", std::string("\x89PNG\0", 5));
  EXPECT_EQ(form.contentType(), "multipart/form-data; boundary=b0undary");
  const std::string body = form.finish();
  EXPECT_EQ(body,
            "--b0undary\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage/png\r\n"
            "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"a_b__.png\"\r\nContent-Type: image/png\r\n\r\n" +
                std::string("\x89PNG\0", 5) + "\r\n--b0undary--\r\n");
  EXPECT_EQ(boundaryFor("abc").find("mensajero-"), 0u);
}

TEST(MetaMediaTransferTest, UploadPostsMultipartToThePhoneNumbersMediaEdge) {
  FakeHttpClient client(FakeHttpClient::reply(200, R"({"id":"1234"})"));
  MetaChannel channel(testConfig(), client);
  const auto id = channel.uploadMedia({"image", "image/png", "receta.png", "PNGDATA"});
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, "1234");
  ASSERT_EQ(client.calls().size(), 1u);
  const transport::HttpCall call = client.calls()[0];
  EXPECT_EQ(call.url, "http://127.0.0.1:9999/v23.0/106540352242922/media");
  EXPECT_NE(call.body.find("name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"), std::string::npos);
  EXPECT_NE(call.body.find("name=\"type\"\r\n\r\nimage/png\r\n"), std::string::npos);
  EXPECT_NE(call.body.find("filename=\"receta.png\"\r\nContent-Type: image/png\r\n\r\nPNGDATA"),
            std::string::npos);
}

TEST(MetaMediaTransferTest, UploadRefusedByMetaIsClassified) {
  FakeHttpClient client(FakeHttpClient::reply(
      400, R"({"error":{"message":"(#131053) Media upload error","code":131053}})"));
  MetaChannel channel(testConfig(), client);
  EXPECT_EQ(channel.uploadMedia({"image", "image/png", "", "x"}).error().code, "meta_131053");
}

TEST(MetaMediaTransferTest, DownloadNeverSendsTheTokenOutsideMeta) {
  FakeHttpClient client(FakeHttpClient::reply(
      200, R"({"url":"https://evil.example/steal","mime_type":"image/jpeg","id":"77"})"));
  MetaChannel channel(testConfig(), client);
  EXPECT_EQ(channel.downloadMedia("77", "", 1 << 20).error().code, "meta_untrusted_media_url");
  EXPECT_EQ(client.calls().size(), 1u);  // the lookup only
  EXPECT_EQ(channel.downloadMedia("../x", "", 1 << 20).error().code, "invalid_media_id");
}

}  // namespace
}  // namespace mensajero::channels::meta
