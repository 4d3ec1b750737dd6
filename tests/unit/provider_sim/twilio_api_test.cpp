#include <string>
#include <variant>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "channels/twilio/form_encoding.h"
#include "channels/twilio/twilio_signature.h"
#include "channels/twilio/twilio_webhook.h"
#include "security/crypto.h"
#include "unit/provider_sim/sim_fixture.h"

namespace mensajero::provider_sim::testing {
namespace {

using channels::twilio::decodeForm;
using channels::twilio::encodeForm;
using channels::twilio::FormFields;

constexpr const char* kSid = "AC00000000000000000000000000000001";  // the simulator's default
constexpr const char* kToken = "sim-twilio-auth-token";

class TwilioApiTest : public SimFixture {
 protected:
  Reply sendSms(const FormFields& form, const std::string& sid = kSid,
                const std::string& token = kToken) {
    return call("POST", "/2010-04-01/Accounts/" + sid + "/Messages.json", encodeForm(form),
                {{"Authorization", "Basic " + security::base64Encode(sid + ":" + token)},
                 {"Content-Type", "application/x-www-form-urlencoded"}});
  }

  nlohmann::json recorded() { return call("GET", "/_sim/twilio/messages").json; }

  // The gateway URL the simulator posts Twilio webhooks to, with a query as Twilio keeps it.
  std::string callbackUrl() const { return gateway_.url() + "?tenant=clinic-7"; }

  static void expectTwilioSigned(const FakeGateway::Delivery& delivery, const std::string& url) {
    EXPECT_EQ(delivery.content_type, "application/x-www-form-urlencoded");
    auto form = decodeForm(delivery.body);
    ASSERT_TRUE(form.ok());
    EXPECT_TRUE(
        channels::twilio::verifyTwilioSignature(kToken, url, *form, delivery.twilio_signature))
        << delivery.body;
  }
};

const FormFields kSms = {{"To", "+12015550123"}, {"From", "+14155238886"}, {"Body", "Hola señor"}};

TEST_F(TwilioApiTest, SendAnswersTwilioShapeAndRecordsTheMessage) {
  const Reply reply = sendSms(kSms);
  ASSERT_EQ(reply.status, 201) << reply.raw.body;
  const std::string sid = reply.json["sid"];
  EXPECT_TRUE(sid.starts_with("SM"));
  EXPECT_EQ(sid.size(), 34u);
  EXPECT_EQ(reply.json["status"], "queued");
  EXPECT_EQ(reply.json["account_sid"], kSid);
  EXPECT_EQ(reply.json["to"], "+12015550123");
  EXPECT_TRUE(reply.json["error_code"].is_null());

  const nlohmann::json messages = recorded();
  ASSERT_EQ(messages["count"], 1);
  EXPECT_EQ(messages["messages"][0]["sid"], sid);
  EXPECT_EQ(messages["messages"][0]["body"], "Hola señor");
  EXPECT_EQ(messages["messages"][0]["from"], "+14155238886");
}

TEST_F(TwilioApiTest, MessagingServiceSendIsAccepted) {
  const Reply reply = sendSms({{"To", "whatsapp:+5215512345678"},
                               {"MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"},
                               {"Body", "hi"}});
  ASSERT_EQ(reply.status, 201);
  EXPECT_EQ(reply.json["status"], "accepted");
}

TEST_F(TwilioApiTest, WrongCredentialsAnswer401Code20003) {
  for (const Reply& reply : {sendSms(kSms, kSid, "wrong-token"),
                             sendSms(kSms, "AC00000000000000000000000000000002", kToken)}) {
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.json["code"], 20003);
    EXPECT_EQ(reply.json["status"], 401);
    EXPECT_EQ(reply.json["more_info"], "https://www.twilio.com/docs/errors/20003");
  }
  EXPECT_EQ(recorded()["count"], 0);
}

TEST_F(TwilioApiTest, IncompleteFormsAnswerTwilioValidationCodes) {
  EXPECT_EQ(sendSms({{"From", "+14155238886"}, {"Body", "x"}}).json["code"], 21604);
  EXPECT_EQ(sendSms({{"To", "+12015550123"}, {"Body", "x"}}).json["code"], 21603);
  const Reply no_body = sendSms({{"To", "+12015550123"}, {"From", "+14155238886"}});
  EXPECT_EQ(no_body.status, 400);
  EXPECT_EQ(no_body.json["code"], 21602);
  EXPECT_EQ(recorded()["count"], 0);
}

TEST_F(TwilioApiTest, TwilioFailureKnobsAreItsOwn) {
  ASSERT_EQ(
      post("/_sim/twilio/control",
           {{"fail_next", 1}, {"error_code", 30008}, {"http_status", 503}, {"retry_after_s", 2}})
          .status,
      200);
  // Meta's sends do not consume Twilio's injected failure.
  EXPECT_EQ(sendText("+5215512345678", "Hola").status, 200);
  const Reply failed = sendSms(kSms);
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.json["code"], 30008);
  EXPECT_EQ(failed.raw.header("retry-after"), "2");
  EXPECT_EQ(sendSms(kSms).status, 201);
  EXPECT_EQ(recorded()["count"], 1);
}

TEST_F(TwilioApiTest, DefaultInjectedFailureIsTwilioInternalError) {
  ASSERT_EQ(post("/_sim/twilio/control", {{"fail_next", 1}}).status, 200);
  const Reply failed = sendSms(kSms);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.json["code"], 20500);
}

TEST_F(TwilioApiTest, HungCallAnswers504AfterHangMs) {
  ASSERT_EQ(post("/_sim/twilio/control", {{"hang_next", 1}, {"hang_ms", 50}}).status, 200);
  const Reply hung = sendSms(kSms);
  EXPECT_EQ(hung.status, 504);
  EXPECT_EQ(recorded()["count"], 0);
}

TEST_F(TwilioApiTest, AccountResourceNeedsCredentials) {
  const std::string path = std::string("/2010-04-01/Accounts/") + kSid + ".json";
  const Reply ok = call(
      "GET", path, "",
      {{"Authorization", "Basic " + security::base64Encode(std::string(kSid) + ":" + kToken)}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json["sid"], kSid);
  EXPECT_EQ(call("GET", path).status, 401);
}

TEST_F(TwilioApiTest, StatusCallbacksArriveSignedAsTwilioSigns) {
  FormFields form = kSms;
  form.emplace_back("StatusCallback", callbackUrl());
  const Reply reply = sendSms(form);
  ASSERT_EQ(reply.status, 201);
  const auto deliveries = gateway_.waitForAccepted(2);
  ASSERT_EQ(deliveries.size(), 2u);
  const char* expected[] = {"sent", "delivered"};
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    expectTwilioSigned(deliveries[i], callbackUrl());
    EXPECT_EQ(deliveries[i].target, "/webhooks/meta?tenant=clinic-7");
    auto parsed = channels::twilio::parseTwilioWebhook(decodeForm(deliveries[i].body).value());
    ASSERT_TRUE(parsed.ok());
    const auto& status = std::get<channels::twilio::TwilioStatusCallback>(*parsed);
    EXPECT_EQ(status.message_sid, reply.json["sid"].get<std::string>());
    EXPECT_EQ(status.raw_status, expected[i]);
    EXPECT_EQ(status.account_sid, kSid);
  }
}

TEST_F(TwilioApiTest, NoCallbacksWithoutStatusCallback) {
  ASSERT_EQ(sendSms(kSms).status, 201);
  const Reply counts = call("GET", "/_sim/webhooks?wait_idle_ms=2000");
  EXPECT_EQ(counts.json["delivered"], 0);
  EXPECT_TRUE(gateway_.all().empty());
}

TEST_F(TwilioApiTest, StatusesOnDemandCarryTheErrorCode) {
  const Reply sent = sendSms(kSms);
  ASSERT_EQ(sent.status, 201);
  const Reply reply = post("/_sim/twilio/statuses", {{"sid", sent.json["sid"]},
                                                     {"statuses", {"undelivered"}},
                                                     {"error_code", 30003},
                                                     {"url", callbackUrl()}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_EQ(reply.json["http_statuses"], nlohmann::json::array({200}));
  const auto deliveries = gateway_.all();
  ASSERT_EQ(deliveries.size(), 1u);
  expectTwilioSigned(deliveries[0], callbackUrl());
  auto parsed = channels::twilio::parseTwilioWebhook(decodeForm(deliveries[0].body).value());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<channels::twilio::TwilioStatusCallback>(*parsed).error_code, 30003);
}

TEST_F(TwilioApiTest, InboundInjectionPostsASignedInboundSms) {
  const Reply reply = post("/_sim/twilio/inbound", {{"url", callbackUrl()},
                                                    {"from", "+12015550123"},
                                                    {"to", "+14155238886"},
                                                    {"body", "Sí, confirmo"}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_EQ(reply.json["http_status"], 200);
  const auto deliveries = gateway_.all();
  ASSERT_EQ(deliveries.size(), 1u);
  expectTwilioSigned(deliveries[0], callbackUrl());
  EXPECT_EQ(deliveries[0].twilio_signature, reply.json["signature"].get<std::string>());
  auto parsed = channels::twilio::parseTwilioWebhook(decodeForm(deliveries[0].body).value());
  ASSERT_TRUE(parsed.ok());
  const auto& inbound = std::get<channels::twilio::TwilioInboundMessage>(*parsed);
  EXPECT_EQ(inbound.body, "Sí, confirmo");
  EXPECT_EQ(inbound.from, "+12015550123");
  EXPECT_EQ(inbound.message_sid, reply.json["sid"].get<std::string>());
  EXPECT_FALSE(inbound.whatsapp);
}

TEST_F(TwilioApiTest, InboundNeedsATarget) {
  const Reply reply = post("/_sim/twilio/inbound", {{"from", "+1"}, {"to", "+2"}, {"body", "x"}});
  EXPECT_EQ(reply.status, 400);
}

TEST_F(TwilioApiTest, AccountMergesAndHidesTheToken) {
  const Reply reply = post("/_sim/twilio/account", {{"auth_token", "rotated"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["has_auth_token"], true);
  EXPECT_FALSE(reply.json.contains("auth_token"));
  EXPECT_EQ(sendSms(kSms).status, 401);
  EXPECT_EQ(sendSms(kSms, kSid, "rotated").status, 201);
  EXPECT_EQ(post("/_sim/twilio/account", {{"nope", 1}}).status, 400);
  EXPECT_EQ(post("/_sim/twilio/account", {{"statuses", {"teleported"}}}).status, 400);
}

TEST_F(TwilioApiTest, ResetClearsTwilioMessagesAndKnobs) {
  ASSERT_EQ(sendSms(kSms).status, 201);
  ASSERT_EQ(post("/_sim/twilio/control", {{"fail_next", 3}}).status, 200);
  ASSERT_EQ(post("/_sim/reset", nlohmann::json::object()).status, 200);
  EXPECT_EQ(recorded()["count"], 0);
  const Reply control = call("GET", "/_sim/twilio/control");
  EXPECT_EQ(control.json["fail_next"], 0);
  EXPECT_EQ(control.json["error_code"], 20500);
}

}  // namespace
}  // namespace mensajero::provider_sim::testing
