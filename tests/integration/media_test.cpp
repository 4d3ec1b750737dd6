// Issue 11 item 5: media messages by link and by upload, inbound media served by the gateway,
// against the real gateway and the provider simulator playing Meta.
#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"

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

Reply upload(Sandbox& sandbox, const std::string& key, const std::string& bytes,
             const std::string& content_type, const std::string& query = "") {
  return sandbox.call("POST", sandbox.gatewayUrl("/api/v2/media" + query), bytes,
                      {{"Authorization", "Bearer " + key}, {"Content-Type", content_type}});
}

Reply download(Sandbox& sandbox, const std::string& key, const std::string& id) {
  return sandbox.call("GET", sandbox.gatewayUrl("/api/v2/media/" + id), "",
                      {{"Authorization", "Bearer " + key}});
}

// A small PNG-looking file; the gateway checks the declared type, not the pixels.
std::string pngBytes(char fill) {
  std::string bytes = "\x89PNG\r\n\x1a\n";
  bytes += std::string(2048, fill);
  bytes.push_back('\0');
  return bytes;
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
  EXPECT_EQ(conversation["messages"][0]["media"],
            json({{"kind", "document"},
                  {"link", "https://clinic.example/r/ab12.pdf"},
                  {"filename", "resultados.pdf"}}));
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

TEST_F(MediaTest, UploadIsStoredOncePerOrganizationAndSentByMetasMediaId) {
  const std::string bytes = pngBytes('a');
  const Reply first = upload(sandbox, sandbox.keyA(), bytes, "image/png");
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string id = first.json()["id"];
  EXPECT_EQ(first.json()["kind"], "image");
  EXPECT_EQ(first.json()["sizeBytes"], bytes.size());

  // The same bytes again: the same id, nothing new stored.
  const Reply again = upload(sandbox, sandbox.keyA(), bytes, "image/png; charset=binary");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["id"], id);
  // Another organization's identical bytes are its own.
  const Reply other = upload(sandbox, sandbox.keyB(), bytes, "image/png");
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_NE(other.json()["id"], id);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM media"), 2);

  // The upload is served back as it was.
  const Reply served = download(sandbox, sandbox.keyA(), id);
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.body, bytes);
  EXPECT_EQ(served.header("content-type"), "image/png");

  // Sent by mediaId: the gateway uploads the file to Meta once and sends Meta's id.
  for (const char* phone : {"+12015550150", "+12015550151"}) {
    const Reply sent =
        sandbox.send(sandbox.keyA(),
                     mediaTo(phone, {{"kind", "image"}, {"mediaId", id}, {"caption", "Receta"}}));
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.json()["status"], "sent") << sent.body;
  }
  const json uploads = sandbox.call("GET", sandbox.simUrl("/_sim/media")).json();
  ASSERT_EQ(uploads["count"], 1) << uploads.dump();
  const json& at_meta = uploads["media"][0];
  EXPECT_EQ(at_meta["phone_number_id"], kPhoneNumberIdA);
  EXPECT_EQ(at_meta["mime_type"], "image/png");
  EXPECT_EQ(at_meta["file_size"], bytes.size());
  EXPECT_EQ(lastSimRequest(sandbox)["image"], json({{"id", at_meta["id"]}, {"caption", "Receta"}}));
}

TEST_F(MediaTest, AnotherOrganizationsMediaIsNotFound) {
  const Reply uploaded = upload(sandbox, sandbox.keyA(), pngBytes('b'), "image/png");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  const std::string id = uploaded.json()["id"];

  EXPECT_EQ(download(sandbox, sandbox.keyB(), id).status, 404);
  const Reply sent =
      sandbox.send(sandbox.keyB(), mediaTo("+12015550152", {{"kind", "image"}, {"mediaId", id}}));
  EXPECT_EQ(sent.status, 404) << sent.body;
  EXPECT_EQ(sent.json()["error"]["code"], "media_not_found");
  EXPECT_EQ(download(sandbox, sandbox.keyA(), "0b7e3c1e-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(download(sandbox, sandbox.keyA(), "not-an-id").status, 404);
  // The kind sent must be the kind uploaded.
  const Reply mismatch = sandbox.send(
      sandbox.keyA(), mediaTo("+12015550152", {{"kind", "document"}, {"mediaId", id}}));
  EXPECT_EQ(mismatch.status, 422) << mismatch.body;
  EXPECT_EQ(mismatch.json()["error"]["code"], "media_kind_mismatch");
}

TEST_F(MediaTest, RefusesTypesWhatsAppDoesNotTakeAndEmptyUploads) {
  const Reply html = upload(sandbox, sandbox.keyA(), "<html></html>", "text/html");
  EXPECT_EQ(html.status, 415) << html.body;
  EXPECT_EQ(html.json()["error"]["code"], "unsupported_media_type");
  const Reply none = upload(sandbox, sandbox.keyA(), "abc", "");
  EXPECT_EQ(none.status, 415) << none.body;
  const Reply empty = upload(sandbox, sandbox.keyA(), "", "image/png");
  EXPECT_EQ(empty.status, 422) << empty.body;
  EXPECT_EQ(empty.json()["error"]["code"], "empty_media");
  const Reply bad_name =
      upload(sandbox, sandbox.keyA(), "hola", "text/plain", "?filename=..%2Fetc%2Fpasswd");
  EXPECT_EQ(bad_name.status, 422) << bad_name.body;
  EXPECT_EQ(bad_name.json()["error"]["code"], "invalid_media_filename");
  // A static sticker is at most 100 KB (Meta's limit).
  const Reply sticker = upload(sandbox, sandbox.keyA(), std::string(100'001, 's'), "image/webp");
  EXPECT_EQ(sticker.status, 413) << sticker.body;
  EXPECT_EQ(sticker.json()["error"]["code"], "media_too_large");
  // Uploads need the send scope's key like sends do.
  EXPECT_EQ(upload(sandbox, "not-a-key", "abc", "text/plain").status, 401);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM media"), 0);
}

// A Meta inbound image from `wa_id` to clinic A's number, naming the simulator's media.
std::string inboundImageWebhook(const std::string& wa_id, const std::string& wamid,
                                const std::string& media_id, const std::string& sha256) {
  const json message = {
      {"from", wa_id},
      {"id", wamid},
      {"timestamp", "1767225600"},
      {"type", "image"},
      {"image", {{"id", media_id}, {"mime_type", "image/jpeg"}, {"sha256", sha256}}}};
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberIdA}}},
      {"contacts", json::array({{{"profile", {{"name", "Ana"}}}, {"wa_id", wa_id}}})},
      {"messages", json::array({message})}};
  return json({{"object", "whatsapp_business_account"},
               {"entry",
                json::array(
                    {{{"id", "100000000000001"},
                      {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}})
      .dump();
}

// The conversation's inbound message `wamid`, once the gateway has stored it.
json awaitInbound(Sandbox& sandbox, const std::string& conversation_id, const std::string& wamid) {
  json found;
  EXPECT_TRUE(eventually([&] {
    const json conversation = sandbox.conversation(sandbox.keyA(), conversation_id).json();
    for (const json& message : conversation["messages"]) {
      if (message["externalId"] == wamid) found = message;
    }
    return !found.is_null();
  }));
  return found;
}

TEST_F(MediaTest, InboundImageIsServedFromMetaThroughTheGatewaysOwnId) {
  const std::string wa_id = "12015550160";
  const json opened =
      sandbox
          .send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", "+" + wa_id}}},
                                 {"message", {{"type", "text"}, {"content", "Hola"}}}})
          .json();
  const std::string conversation_id = opened["conversationId"];
  std::string photo = "\xff\xd8\xff\xe0 a patient's photo";
  photo.push_back('\0');
  photo += std::string(5000, 'p');
  const json seeded =
      sandbox.call("POST", sandbox.simUrl("/_sim/media"), photo, {{"Content-Type", "image/jpeg"}})
          .json();
  ASSERT_TRUE(seeded.contains("id")) << seeded.dump();

  ASSERT_EQ(
      sandbox
          .postWebhook(kClinicA,
                       inboundImageWebhook(wa_id, "wamid.PHOTO", seeded["id"], seeded["sha256"]),
                       kAppSecretA)
          .status,
      200);
  const json message = awaitInbound(sandbox, conversation_id, "wamid.PHOTO");
  const json& content = message["structuredContent"];
  ASSERT_TRUE(content["gatewayMediaId"].is_string()) << message.dump();
  const std::string id = content["gatewayMediaId"];
  EXPECT_EQ(message.dump().find("http"), std::string::npos) << "no URL in the conversation";

  // Another organization cannot read it; the clinic gets the bytes Meta holds.
  EXPECT_EQ(download(sandbox, sandbox.keyB(), id).status, 404);
  const Reply served = download(sandbox, sandbox.keyA(), id);
  ASSERT_EQ(served.status, 200) << served.body;
  EXPECT_EQ(served.body, photo);
  EXPECT_EQ(served.header("content-type"), "image/jpeg");
  EXPECT_EQ(served.header("cache-control"), "private, no-store");
  // Kept after the first download: served again from the database.
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM media WHERE bytes IS NOT NULL"), 1);
  EXPECT_EQ(download(sandbox, sandbox.keyA(), id).body, photo);

  // A file whose bytes do not match Meta's SHA-256 is not served.
  const json other = sandbox
                         .call("POST", sandbox.simUrl("/_sim/media"), "other bytes",
                               {{"Content-Type", "image/jpeg"}})
                         .json();
  ASSERT_EQ(
      sandbox
          .postWebhook(kClinicA,
                       inboundImageWebhook(wa_id, "wamid.TAMPERED", other["id"], seeded["sha256"]),
                       kAppSecretA)
          .status,
      200);
  const json tampered = awaitInbound(sandbox, conversation_id, "wamid.TAMPERED");
  const Reply refused =
      download(sandbox, sandbox.keyA(), tampered["structuredContent"]["gatewayMediaId"]);
  EXPECT_EQ(refused.status, 502) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "media_checksum_mismatch");
}

TEST(MediaUploadLimitTest, RefusesUploadBeyondTheGatewayCapWith413) {
  SandboxOptions options;
  options.media = "{max_upload_bytes: 1000000}";
  Sandbox sandbox(options);
  const Reply big = upload(sandbox, sandbox.keyA(), std::string(1'500'000, 'x'), "video/mp4");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM media"), 0);
  const Reply fits = upload(sandbox, sandbox.keyA(), std::string(999'000, 'x'), "video/mp4");
  EXPECT_EQ(fits.status, 201) << fits.body;
}

// Clinic A with WhatsApp through Meta and SMS through Twilio, both simulated.
SandboxOptions clinicWithSms() {
  SandboxOptions options;
  options.clinic_a_channels = metaWhatsAppAndTwilioSms();
  return options;
}

TEST(MediaFallbackTest, SmsFallbackSendsTheCaptionAndRefusesMediaWithoutOne) {
  Sandbox sandbox(clinicWithSms());
  auto notOnWhatsApp = [&] {
    return sandbox
        .simControl("/_sim/control",
                    {{"fail_next", 1}, {"error_code", 131026}, {"http_status", 400}})
        .status;
  };
  ASSERT_EQ(notOnWhatsApp(), 200);
  json request = mediaTo(
      "+12015550170",
      {{"kind", "image"}, {"link", "https://clinic.example/receta.jpg"}, {"caption", "Su receta"}});
  request["options"] = {{"fallbackChannels", {"sms"}}};
  const Reply with_caption = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(with_caption.status, 200) << with_caption.body;
  EXPECT_EQ(with_caption.json()["fallbackUsed"], "sms");
  const json sms = sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
  ASSERT_EQ(sms["count"], 1) << sms.dump();
  EXPECT_EQ(sms["messages"][0]["body"], "Su receta");

  ASSERT_EQ(notOnWhatsApp(), 200);
  request["message"]["content"].erase("caption");
  const Reply without = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(without.status, 200) << without.body;
  EXPECT_EQ(without.json()["status"], "failed");
  EXPECT_EQ(without.json()["error"]["code"], "media_needs_caption");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json()["count"], 1);
}

}  // namespace
}  // namespace mensajero::testing
