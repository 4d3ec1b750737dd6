#include "channels/twilio/twilio_webhook.h"

#include <string>

#include <gtest/gtest.h>

#include "channels/twilio/twilio_signature.h"

namespace mensajero::channels::twilio {
namespace {

constexpr const char* kToken = "0123456789abcdef0123456789abcdef";
constexpr const char* kUrl = "https://gw.example.org/api/v2/webhooks/twilio/org-1";

FormFields form(const std::string& body) { return decodeForm(body).value(); }

// Copies, so a temporary Result may be passed.
TwilioStatusCallback asStatus(const Result<TwilioWebhook>& parsed) {
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok() || !std::holds_alternative<TwilioStatusCallback>(*parsed)) return {};
  return std::get<TwilioStatusCallback>(*parsed);
}

TwilioInboundMessage asInbound(const Result<TwilioWebhook>& parsed) {
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok() || !std::holds_alternative<TwilioInboundMessage>(*parsed)) return {};
  return std::get<TwilioInboundMessage>(*parsed);
}

TEST(TwilioWebhookTest, ReadsDeliveredStatusCallback) {
  const auto parsed = parseTwilioWebhook(
      form("MessageSid=SM1&SmsSid=SM1&AccountSid=AC1&From=%2B14155238886&To=%2B12015550123&"
           "MessageStatus=delivered&SmsStatus=delivered&ApiVersion=2010-04-01&RawDlrDoneDate="
           "2512061730"));
  const TwilioStatusCallback status = asStatus(parsed);
  EXPECT_EQ(status.message_sid, "SM1");
  EXPECT_EQ(status.account_sid, "AC1");
  EXPECT_EQ(status.status, TwilioMessageStatus::Delivered);
  EXPECT_EQ(status.raw_status, "delivered");
  EXPECT_FALSE(status.error_code.has_value());
  EXPECT_FALSE(status.whatsapp);
  EXPECT_EQ(status.to, "+12015550123");
}

TEST(TwilioWebhookTest, FailedStatusCarriesErrorCode) {
  for (const char* raw : {"failed", "undelivered"}) {
    const auto parsed = parseTwilioWebhook(
        form(std::string("MessageSid=SM2&MessageStatus=") + raw + "&ErrorCode=30003"));
    const TwilioStatusCallback status = asStatus(parsed);
    EXPECT_EQ(status.error_code, 30003) << raw;
    EXPECT_EQ(gatewayStatusOf(status.status), "failed");
  }
}

TEST(TwilioWebhookTest, WhatsAppReadStatus) {
  const auto parsed = parseTwilioWebhook(
      form("MessageSid=SM3&MessageStatus=read&ChannelPrefix=whatsapp&EventType=READ&"
           "To=whatsapp%3A%2B5215512345678"));
  const TwilioStatusCallback status = asStatus(parsed);
  EXPECT_TRUE(status.whatsapp);
  EXPECT_EQ(gatewayStatusOf(status.status), "read");
}

TEST(TwilioWebhookTest, StatusesMapToOurs) {
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("queued")), "pending");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("accepted")), "pending");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("scheduled")), "pending");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("sending")), "sent");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("sent")), "sent");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("delivered")), "delivered");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("read")), "read");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("undelivered")), "failed");
  EXPECT_EQ(gatewayStatusOf(parseTwilioMessageStatus("failed")), "failed");
  EXPECT_EQ(parseTwilioMessageStatus("teleported"), TwilioMessageStatus::Unknown);
  EXPECT_FALSE(gatewayStatusOf(TwilioMessageStatus::Unknown).has_value());
  EXPECT_FALSE(gatewayStatusOf(TwilioMessageStatus::Received).has_value());
}

TEST(TwilioWebhookTest, UnknownStatusIsKeptRaw) {
  const TwilioStatusCallback status =
      asStatus(parseTwilioWebhook(form("MessageSid=SM4&MessageStatus=teleported&NewField=1")));
  EXPECT_EQ(status.status, TwilioMessageStatus::Unknown);
  EXPECT_EQ(status.raw_status, "teleported");
}

TEST(TwilioWebhookTest, ReadsInboundSms) {
  const auto parsed = parseTwilioWebhook(
      form("ToCountry=US&ToState=&SmsMessageSid=SM5&NumMedia=0&ToCity=&FromZip=&SmsSid=SM5&"
           "SmsStatus=received&Body=S%C3%AD%2C+confirmo&To=%2B14155238886&NumSegments=1&"
           "MessageSid=SM5&AccountSid=AC1&From=%2B12015550123&ApiVersion=2010-04-01"));
  const TwilioInboundMessage message = asInbound(parsed);
  EXPECT_EQ(message.message_sid, "SM5");
  EXPECT_EQ(message.from, "+12015550123");
  EXPECT_EQ(message.to, "+14155238886");
  EXPECT_EQ(message.body, "Sí, confirmo");
  EXPECT_EQ(message.num_media, 0);
  EXPECT_EQ(message.num_segments, 1);
  EXPECT_FALSE(message.whatsapp);
}

TEST(TwilioWebhookTest, ReadsInboundWhatsAppWithMedia) {
  const auto parsed = parseTwilioWebhook(
      form("MessageSid=MM6&SmsStatus=received&From=whatsapp%3A%2B5215512345678&"
           "To=whatsapp%3A%2B14155238886&Body=&NumMedia=2&"
           "MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm0&MediaContentType0=image%2Fjpeg&"
           "MediaUrl1=https%3A%2F%2Fapi.twilio.com%2Fm1&MediaContentType1=application%2Fpdf&"
           "ProfileName=Ana&WaId=5215512345678&ButtonText=Confirmo&ButtonPayload=appt_778_yes&"
           "OriginalRepliedMessageSid=SM7"));
  const TwilioInboundMessage message = asInbound(parsed);
  EXPECT_TRUE(message.whatsapp);
  ASSERT_EQ(message.media.size(), 2u);
  EXPECT_EQ(message.media[1].url, "https://api.twilio.com/m1");
  EXPECT_EQ(message.media[1].content_type, "application/pdf");
  EXPECT_EQ(message.profile_name, "Ana");
  EXPECT_EQ(message.wa_id, "5215512345678");
  EXPECT_EQ(message.button_payload, "appt_778_yes");
  EXPECT_EQ(message.replied_to_sid, "SM7");
}

TEST(TwilioWebhookTest, FirstValueOfARepeatedFieldCounts) {
  const TwilioInboundMessage message =
      asInbound(parseTwilioWebhook(form("MessageSid=SM8&SmsStatus=received&Body=one&Body=two")));
  EXPECT_EQ(message.body, "one");
}

TEST(TwilioWebhookTest, RefusesWhatIsNeitherKind) {
  const auto parsed = parseTwilioWebhook(form("AccountSid=AC1&Foo=bar"));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "unknown_twilio_webhook");
}

TEST(TwilioWebhookTest, RefusesMissingSidAndBadNumbers) {
  EXPECT_EQ(parseTwilioWebhook(form("MessageStatus=sent")).error().code, "invalid_twilio_webhook");
  for (const char* bad :
       {"MessageSid=S&SmsStatus=received&NumMedia=x", "MessageSid=S&SmsStatus=received&NumMedia=-1",
        "MessageSid=S&SmsStatus=received&NumMedia=11",
        "MessageSid=S&SmsStatus=received&NumSegments=99999999999",
        "MessageSid=S&MessageStatus=failed&ErrorCode=3000x"}) {
    const auto parsed = parseTwilioWebhook(form(bad));
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "invalid_twilio_webhook") << bad;
  }
}

TEST(TwilioWebhookTest, RefusesOversizedBody) {
  const auto parsed = parseTwilioWebhook(
      {{"MessageSid", "SM9"}, {"SmsStatus", "received"}, {"Body", std::string(6401, 'a')}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("Body is over"), std::string::npos);
}

TEST(TwilioWebhookTest, AuthenticatesBeforeParsing) {
  const std::string body = "MessageSid=SM10&MessageStatus=sent&To=%2B12015550123";
  const std::string signature = computeTwilioSignature(kToken, kUrl, form(body));
  const auto parsed = authenticateTwilioWebhook(kToken, kUrl, body, signature);
  EXPECT_EQ(asStatus(parsed).message_sid, "SM10");

  const auto forged = authenticateTwilioWebhook(kToken, kUrl, body + "&X=1", signature);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().category, ErrorCategory::Unauthorized);
  EXPECT_EQ(forged.error().code, "invalid_signature");
  // A signed form that is neither kind still gets past authentication, then is refused.
  const std::string odd = "Foo=bar";
  EXPECT_EQ(
      authenticateTwilioWebhook(kToken, kUrl, odd, computeTwilioSignature(kToken, kUrl, form(odd)))
          .error()
          .code,
      "unknown_twilio_webhook");
}

TEST(TwilioWebhookTest, BoundsComeBeforeTheSignature) {
  FormLimits limits;
  limits.max_fields = 3;
  const auto parsed = authenticateTwilioWebhook(kToken, kUrl, "a=1&b=2&c=3&d=4", "sig", limits);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "too_many_form_fields");
}

}  // namespace
}  // namespace mensajero::channels::twilio
