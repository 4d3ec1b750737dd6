// The real notifiers against the real provider-sim (in process, over loopback HTTP and SMTP).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "notify/notifier_factory.h"
#include "notify/signed_webhook.h"
#include "provider_sim.h"
#include "security/crypto.h"
#include "unit/notify/alert_fixture.h"

namespace mensajero::notify {
namespace {

using namespace std::chrono_literals;
using Kind = monitoring::AlertNotification::Kind;
using testing::breakerAlert;

constexpr const char* kSecret = "whsec-sim-test-secret";

class NotifiersSimTest : public ::testing::Test {
 protected:
  NotifiersSimTest() : sim_(provider_sim::SimOptions{}) { sim_.start(); }

  NotifiersSettings settings() const {
    NotifiersSettings s;
    s.slack = SlackSettings{sim_.baseUrl() + "/_sim/sinks/slack"};
    s.pagerduty = PagerDutySettings{"R0UT1NGKEY0123456789",
                                    sim_.baseUrl() + "/_sim/sinks/pagerduty/v2/enqueue"};
    EmailSettings email;
    email.smtp_url = "smtp://127.0.0.1:" + std::to_string(sim_.smtpPort());
    email.from = "alerts@clinic.example";
    email.to = {"oncall@clinic.example", "ops@clinic.example"};
    s.email = email;
    s.webhook = WebhookSettings{sim_.baseUrl() + "/_sim/sinks/webhook", kSecret};
    s.delivery.backoff_base = 10ms;
    s.delivery.backoff_cap = 20ms;
    s.delivery.request_timeout = 5000ms;
    return s;
  }

  monitoring::AlertNotifier& notifier(std::string_view channel) {
    if (notifiers_.empty()) notifiers_ = buildNotifiers(settings(), client_, clock_);
    for (auto& n : notifiers_) {
      if (n->channel() == channel) return *n;
    }
    throw std::runtime_error("no notifier " + std::string(channel));
  }

  nlohmann::json sink(const std::string& name) {
    transport::HttpCall call;
    call.method = "GET";
    call.url = sim_.baseUrl() + "/_sim/sinks/" + name;
    auto reply = client_.perform(call);
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? nlohmann::json::parse(reply->body) : nlohmann::json();
  }

  void failNext(const std::string& name, int n) {
    transport::HttpCall call;
    call.url = sim_.baseUrl() + "/_sim/sinks/" + name + "/control";
    call.body = nlohmann::json{{"fail_next", n}}.dump();
    auto reply = client_.perform(call);
    ASSERT_TRUE(reply.ok());
    ASSERT_EQ(reply->status, 200);
  }

  provider_sim::ProviderSim sim_;
  transport::CurlHttpClient client_;
  resilience::SystemClock clock_;
  NotifierList notifiers_;
};

TEST_F(NotifiersSimTest, FactoryBuildsOneNotifierPerConfiguredChannel) {
  NotifiersSettings s;
  EXPECT_TRUE(buildNotifiers(s, client_, clock_).empty());
  auto all = buildNotifiers(settings(), client_, clock_);
  std::vector<std::string> names;
  for (auto& n : all) names.emplace_back(n->channel());
  EXPECT_EQ(names, (std::vector<std::string>{"slack", "pagerduty", "email", "webhook"}));
}

TEST_F(NotifiersSimTest, SlackSinkReceivesTheBlocksPayload) {
  ASSERT_TRUE(notifier("slack").deliver(breakerAlert()).ok());
  const auto received = sink("slack")["received"];
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0]["json"]["text"], "[FIRING] Circuit Breaker Opened (high)");
  EXPECT_EQ(received[0]["headers"]["content-type"], "application/json");
}

TEST_F(NotifiersSimTest, PagerDutyAcceptsTriggerAndResolveWithOneDedupKey) {
  ASSERT_TRUE(notifier("pagerduty").deliver(breakerAlert(Kind::Trigger)).ok());
  ASSERT_TRUE(notifier("pagerduty").deliver(breakerAlert(Kind::Resolve)).ok());
  const auto state = sink("pagerduty");
  EXPECT_EQ(state["rejected"], 0);
  ASSERT_EQ(state["received"].size(), 2u);
  EXPECT_EQ(state["received"][0]["json"]["event_action"], "trigger");
  EXPECT_EQ(state["received"][1]["json"]["event_action"], "resolve");
  EXPECT_EQ(state["received"][0]["json"]["dedup_key"], state["received"][1]["json"]["dedup_key"]);
}

TEST_F(NotifiersSimTest, WebhookSignatureVerifiesAtTheReceiver) {
  failNext("webhook", 1);  // what arrives is a retry, signed when it was sent
  ASSERT_TRUE(notifier("webhook").deliver(breakerAlert()).ok());
  const auto received = sink("webhook")["received"];
  ASSERT_EQ(received.size(), 1u);
  const std::string timestamp = received[0]["headers"]["x-mensajero-timestamp"];
  const std::string signature = received[0]["headers"]["x-mensajero-signature"];
  const std::string body = received[0]["body"];
  // What a receiver does: HMAC-SHA256 over "timestamp.body" with the shared secret.
  EXPECT_EQ(signature, "v1=" + security::hmacSha256Hex(kSecret, timestamp + "." + body));
  const long long sent = std::stoll(timestamp);
  EXPECT_LE(std::abs(sent - clock_.now() / 1000), 60);
}

TEST_F(NotifiersSimTest, EmailReachesTheSmtpSinkWithItsHeaders) {
  ASSERT_TRUE(notifier("email").deliver(breakerAlert()).ok());
  const auto received = sink("email")["received"];
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0]["mail_from"], "alerts@clinic.example");
  EXPECT_EQ(received[0]["rcpt_to"],
            (nlohmann::json{"oncall@clinic.example", "ops@clinic.example"}));
  std::map<std::string, std::string> headers;
  for (const auto& h : received[0]["headers"]) headers[h[0]] = h[1];
  EXPECT_EQ(headers["Subject"], "[FIRING] Circuit Breaker Opened (high)");
  EXPECT_EQ(headers["From"], "alerts@clinic.example");
  EXPECT_TRUE(headers.count("Date"));
  EXPECT_TRUE(headers.count("Message-ID"));
  EXPECT_NE(received[0]["body"].get<std::string>().find("Severity: high"), std::string::npos);
}

TEST_F(NotifiersSimTest, RetriesAfterTheSinkFailsOnce) {
  for (const char* name : {"slack", "pagerduty", "webhook", "email"}) {
    SCOPED_TRACE(name);
    failNext(name, 1);
    ASSERT_TRUE(notifier(name).deliver(breakerAlert()).ok());
    const auto state = sink(name);
    EXPECT_EQ(state["failed"], 1);
    EXPECT_EQ(state["received"].size(), 1u);
  }
}

TEST_F(NotifiersSimTest, BreakerOpensAfterRepeatedFailuresAndStopsCalling) {
  NotifiersSettings s = settings();
  s.delivery.max_attempts = 2;
  s.delivery.breaker_failure_threshold = 4;
  auto notifiers = buildNotifiers(s, client_, clock_);
  monitoring::AlertNotifier& slack = *notifiers.front();
  failNext("slack", 100);
  EXPECT_EQ(slack.deliver(breakerAlert()).error().code, "notifier_http_500");
  EXPECT_EQ(slack.deliver(breakerAlert()).error().code, "notifier_http_500");
  EXPECT_EQ(slack.deliver(breakerAlert()).error().code, "notifier_circuit_open");
  EXPECT_EQ(sink("slack")["failed"], 4);  // the refused delivery never reached the sink
}

TEST_F(NotifiersSimTest, ABadRequestIsNotRetried) {
  NotifiersSettings s = settings();
  s.pagerduty->routing_key = std::string(100, 'k');  // the sink refuses keys over 64
  auto notifiers = buildNotifiers(s, client_, clock_);
  Status status = notifiers[1]->deliver(breakerAlert());
  EXPECT_EQ(status.error().code, "notifier_http_400");
  EXPECT_EQ(sink("pagerduty")["rejected"], 1);
}

}  // namespace
}  // namespace mensajero::notify
