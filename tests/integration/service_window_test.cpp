// Issue 11 item 4: WhatsApp's 24-hour customer-service window against the real binary and the
// simulator, with whatsapp.enforce_service_window on (the sandbox turns it off by default, as
// the simulator does not enforce it). A closed window is made deterministic with a patient's
// message whose provider timestamp is more than 24 h old: the window counts from there.
#include <chrono>
#include <ctime>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::seconds;

constexpr const char* kPatient = "+12015550123";
constexpr const char* kWindowOn = "{enforce_service_window: true}";

long long unixSecondsFromNow(seconds offset) {
  return std::chrono::duration_cast<seconds>(
             (std::chrono::system_clock::now() + offset).time_since_epoch())
      .count();
}

// A Meta inbound text from kPatient to clinic A's number, sent at `sent_at` (Unix seconds).
std::string patientWrote(const std::string& wamid, long long sent_at) {
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberIdA}}},
      {"contacts", json::array({{{"profile", {{"name", "Paciente"}}}, {"wa_id", "12015550123"}}})},
      {"messages", json::array({{{"from", "12015550123"},
                                 {"id", wamid},
                                 {"timestamp", std::to_string(sent_at)},
                                 {"type", "text"},
                                 {"text", {{"body", "Hola"}}}}})}};
  return json({{"object", "whatsapp_business_account"},
               {"entry",
                json::array(
                    {{{"id", "WABA1"},
                      {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}})
      .dump();
}

json textTo(const std::string& text, const json& fallbacks = nullptr) {
  json request = {{"recipient", {{"type", "phone"}, {"value", kPatient}}},
                  {"message", {{"type", "text"}, {"content", text}}}};
  if (!fallbacks.is_null()) request["options"] = {{"fallbackChannels", fallbacks}};
  return request;
}

long long metaReceived(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"].get<long long>();
}

long long twilioReceived(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages"))
      .json()["count"]
      .get<long long>();
}

std::string isoSeconds(long long unix_seconds) { return formatIso8601(unix_seconds * 1000); }

// Clinic A on Meta (the sandbox's channel) and, for fallback, SMS through the simulator's
// Twilio.
SandboxOptions windowClinic() {
  SandboxOptions options;
  options.whatsapp = kWindowOn;
  options.clinic_a_channels = metaWhatsAppAndTwilioSms();
  return options;
}

class ServiceWindowTest : public ::testing::Test {
 protected:
  // Posts the signed webhook and waits until the gateway has processed every stored one.
  void patientWrites(const std::string& wamid, long long sent_at) {
    const Reply reply = sandbox.postWebhook(kClinicA, patientWrote(wamid, sent_at), kAppSecretA);
    ASSERT_EQ(reply.status, 200) << reply.body;
    ASSERT_TRUE(eventually([&] {
      try {
        return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") ==
               0;
      } catch (const std::exception&) {
        return false;  // a read that met the gateway's write is tried again
      }
    }));
  }
  json window(const std::string& conversation_id) {
    return sandbox.conversation(sandbox.keyA(), conversation_id).json()["serviceWindow"];
  }

  Sandbox sandbox{windowClinic()};
};

TEST_F(ServiceWindowTest, FreeTextToAPatientWhoNeverWroteFailsAndNeverReachesWhatsApp) {
  const Reply response = sandbox.send(sandbox.keyA(), textTo("Recordatorio"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "failed");
  EXPECT_EQ(response.json()["error"]["code"], "outside_customer_service_window");
  EXPECT_EQ(response.json()["error"]["retryable"], false);
  EXPECT_EQ(metaReceived(sandbox), 0);

  const json conversation =
      sandbox.conversation(sandbox.keyA(), response.json()["conversationId"]).json();
  ASSERT_EQ(conversation["messages"].size(), 1u) << conversation.dump();
  EXPECT_EQ(conversation["messages"][0]["status"], "failed");
  EXPECT_EQ(conversation["messages"][0]["error"]["code"], "outside_customer_service_window");
  EXPECT_EQ(conversation["serviceWindow"],
            json({{"open", false}, {"expiresAt", nullptr}, {"lastInboundAt", nullptr}}));
}

TEST_F(ServiceWindowTest, AfterThePatientWritesFreeTextIsSentAndTheWindowShowsUntilWhen) {
  const long long wrote_at = unixSecondsFromNow(seconds(-60));
  ASSERT_NO_FATAL_FAILURE(patientWrites("wamid.window-open-1", wrote_at));
  const Reply response = sandbox.send(sandbox.keyA(), textTo("Su cita es mañana"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "sent") << response.body;
  EXPECT_TRUE(eventually([&] { return metaReceived(sandbox) == 1; }));

  const json shown = window(response.json()["conversationId"]);
  EXPECT_EQ(shown["open"], true) << shown.dump();
  EXPECT_EQ(shown["lastInboundAt"], isoSeconds(wrote_at));
  EXPECT_EQ(shown["expiresAt"], isoSeconds(wrote_at + 24 * 3600));
}

TEST_F(ServiceWindowTest, AMessageOlderThanADayLeavesTheWindowClosed) {
  const long long wrote_at = unixSecondsFromNow(-hours(25));
  ASSERT_NO_FATAL_FAILURE(patientWrites("wamid.window-old-1", wrote_at));
  const Reply response = sandbox.send(sandbox.keyA(), textTo("Recordatorio"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "failed");
  EXPECT_EQ(response.json()["error"]["code"], "outside_customer_service_window");
  EXPECT_EQ(metaReceived(sandbox), 0);

  const json shown = window(response.json()["conversationId"]);
  EXPECT_EQ(shown["open"], false) << shown.dump();
  EXPECT_EQ(shown["lastInboundAt"], isoSeconds(wrote_at));
  EXPECT_EQ(shown["expiresAt"], isoSeconds(wrote_at + 24 * 3600));
}

TEST_F(ServiceWindowTest, AClosedWindowFallsBackToSmsWhenThePlanHasIt) {
  const Reply response = sandbox.send(sandbox.keyA(), textTo("Recordatorio", json{"sms"}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "sent") << response.body;
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  EXPECT_EQ(twilioReceived(sandbox), 1);
  EXPECT_EQ(metaReceived(sandbox), 0);
  // The refusal is in the history as the WhatsApp step's failed attempt, then the SMS.
  const std::string id = response.json()["messageId"];
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_attempts WHERE message_id = '" + id +
                                "' AND channel_type = 'whatsapp' AND outcome = 'failed' AND "
                                "error_code = 'outside_customer_service_window'"),
            1);
}

// The window is decided when the message is attempted, not when it is accepted: this one is
// scheduled to go out after the window (opened 24 h minus 3 s ago) has closed.
TEST_F(ServiceWindowTest, AScheduledMessageIsHeldToTheWindowAtItsAttempt) {
  ASSERT_NO_FATAL_FAILURE(
      patientWrites("wamid.window-closing-1", unixSecondsFromNow(seconds(3) - hours(24))));
  json request = textTo("Recordatorio");
  request["options"] = {{"scheduledAt", isoTimeFromNow(seconds(6))}};
  const Reply response = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(response.status, 202) << response.body;
  const std::string conversation_id = response.json()["conversationId"];
  json message;
  ASSERT_TRUE(eventually(
      [&] {
        message = sandbox.conversation(sandbox.keyA(), conversation_id).json()["messages"].back();
        return message["status"] == "failed";
      },
      std::chrono::seconds(30)))
      << message.dump();
  EXPECT_EQ(message["error"]["code"], "outside_customer_service_window");
  EXPECT_EQ(metaReceived(sandbox), 0);
}

// Both WhatsApp providers are held to it: Twilio's WhatsApp channel as well as Meta's.
TEST(ServiceWindowTwilioTest, TwilioWhatsAppIsHeldToTheWindowToo) {
  SandboxOptions options = twilioClinic();
  options.whatsapp = kWindowOn;
  Sandbox sandbox{options};
  const Reply response = sandbox.send(sandbox.keyA(), textTo("Recordatorio"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "failed");
  EXPECT_EQ(response.json()["error"]["code"], "outside_customer_service_window");
  EXPECT_EQ(twilioReceived(sandbox), 0);
}

}  // namespace
}  // namespace mensajero::testing
