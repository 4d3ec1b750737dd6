// The alert rules' metrics from the gateway's own measurements: HTTP requests, webhook
// answer times, the breakers of the deployment's channel instances, stored message outcomes.
#include "app/alert_inputs_adapter.h"

#include <gtest/gtest.h>

#include "delivery/breaker_board.h"
#include "http/message.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::app {
namespace {

using namespace std::chrono_literals;
using monitoring::AlertMetric;

class AlertInputsAdapterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.url = "sqlite:" + dir_.file("store.db");
    auto opened = storage::openStore(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->migrate().ok());
    resilience::CircuitBreakerConfig breaker;
    breaker.failure_threshold = 1;
    board_ = std::make_unique<delivery::BreakerBoard>(*store_, clock_, breaker);
    adapter_ = std::make_unique<AlertInputsAdapter>(requests_, webhooks_, *board_, *store_, clock_);
  }

  std::string addChannel() {
    storage::OrganizationRecord clinic;
    clinic.name = "Clinic";
    auto organization = store_->createOrganization(clinic);
    EXPECT_TRUE(organization.ok());
    storage::ChannelInstanceRecord channel;
    channel.organization_id = organization->id;
    auto stored = store_->upsertChannelInstance(channel);
    EXPECT_TRUE(stored.ok());
    return stored->id;
  }

  // An outbound message created now whose only attempt ends `outcome`; a sent one then gets
  // a delivered status from its webhook when `delivered`.
  void finishMessage(const std::string& organization_id, int n, domain::AttemptOutcome outcome,
                     bool delivered) {
    storage::NewOutboundMessage message;
    message.organization_id = organization_id;
    message.channel_identifier = "+1201555030" + std::to_string(n);
    message.recipient = message.channel_identifier;
    message.patient.phone = message.channel_identifier;
    message.content = "Recordatorio";
    message.created_at = clock_.now();
    message.next_attempt_at = clock_.now();
    auto accepted = store_->acceptOutbound(std::move(message));
    ASSERT_TRUE(accepted.ok()) << accepted.error().message;
    ASSERT_TRUE(store_->claimDueOutbound(clock_.now(), 1, "w", clock_.now() + 60'000).ok());
    storage::SendAttemptRecord attempt;
    attempt.message_id = accepted->message_id;
    attempt.lease_owner = "w";
    attempt.attempted_at = clock_.now();
    attempt.outcome = outcome;
    attempt.external_id = "wamid.RATE" + std::to_string(n);
    if (outcome == domain::AttemptOutcome::Failed) attempt.error_code = "meta_131026";
    ASSERT_TRUE(store_->recordSendAttempt(attempt).ok());
    if (!delivered) return;
    storage::WebhookWork work;
    storage::StatusEvent event;
    event.event_key = "meta:wamid.RATE" + std::to_string(n) + ":delivered";
    event.organization_id = organization_id;
    event.external_id = *attempt.external_id;
    event.status = domain::DeliveryStatus::Delivered;
    event.at = clock_.now();
    work.statuses.push_back(event);
    ASSERT_TRUE(store_->applyWebhookWork({work}).ok());
  }

  static void complete(const CompletionHook& hook, std::string method, std::string path,
                       unsigned status, std::chrono::microseconds elapsed) {
    http::Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    http::Response response;
    response.status = status;
    hook(request, response, elapsed);
  }

  testing::TempDir dir_;
  resilience::ManualClock clock_;
  storage::StorePtr store_;
  monitoring::RequestMetrics requests_{clock_};
  monitoring::RequestMetrics webhooks_{clock_};
  std::unique_ptr<delivery::BreakerBoard> board_;
  std::unique_ptr<AlertInputsAdapter> adapter_;
};

TEST_F(AlertInputsAdapterTest, NoRequestsNoMessagesNoChannelsIsNoData) {
  EXPECT_EQ(adapter_->read(AlertMetric::ErrorRate, 60'000), std::nullopt);
  EXPECT_EQ(adapter_->read(AlertMetric::WebhookResponseTime, 60'000), std::nullopt);
  EXPECT_EQ(adapter_->read(AlertMetric::CircuitBreakerState, 0), std::nullopt);
  EXPECT_EQ(adapter_->read(AlertMetric::MessageDeliveryRate, 600'000), std::nullopt);
}

TEST_F(AlertInputsAdapterTest, ErrorRateIsTheLastMinutesShareOf5xx) {
  requests_.record(200, 1000);
  requests_.record(503, 1000);
  requests_.record(200, 1000);
  requests_.record(500, 1000);
  EXPECT_DOUBLE_EQ(*adapter_->read(AlertMetric::ErrorRate, 60'000), 0.5);
  clock_.advance(61s);
  EXPECT_EQ(adapter_->read(AlertMetric::ErrorRate, 60'000), std::nullopt);
}

TEST_F(AlertInputsAdapterTest, WebhookResponseTimeAveragesWebhookPostsOnly) {
  int passed_on = 0;
  CompletionHook hook = recordWebhookTimes([&passed_on](const http::Request&, const http::Response&,
                                                        std::chrono::microseconds) { ++passed_on; },
                                           webhooks_);
  complete(hook, "POST", "/api/v2/webhooks/meta/6f0c", 200, 1000ms);
  complete(hook, "POST", "/api/v2/webhooks/twilio/6f0c", 200, 3000ms);
  complete(hook, "GET", "/api/v2/webhooks/meta/6f0c", 200, 90'000ms);  // verification
  complete(hook, "POST", "/api/v2/messages/send", 200, 90'000ms);
  EXPECT_EQ(passed_on, 4);
  EXPECT_DOUBLE_EQ(*adapter_->read(AlertMetric::WebhookResponseTime, 60'000), 2000.0);
}

TEST_F(AlertInputsAdapterTest, BreakerStateIsTheWorstOverChannelInstances) {
  const std::string first = addChannel();
  EXPECT_EQ(adapter_->read(AlertMetric::CircuitBreakerState, 0), monitoring::kBreakerClosed);
  board_->forChannel(first).onFailure("timeout");
  EXPECT_EQ(adapter_->read(AlertMetric::CircuitBreakerState, 0), monitoring::kBreakerOpen);
}

TEST_F(AlertInputsAdapterTest, DeliveryRateIsDeliveredOverFinishedWithinTheWindow) {
  storage::OrganizationRecord clinic;
  clinic.name = "Clinic";
  auto organization = store_->createOrganization(clinic);
  ASSERT_TRUE(organization.ok());
  finishMessage(organization->id, 0, domain::AttemptOutcome::Failed, false);  // falls out below
  clock_.advance(11min);
  for (int n = 1; n <= 3; ++n)
    finishMessage(organization->id, n, domain::AttemptOutcome::Sent, true);
  finishMessage(organization->id, 4, domain::AttemptOutcome::Failed, false);
  finishMessage(organization->id, 5, domain::AttemptOutcome::Sent, false);  // no outcome yet
  EXPECT_DOUBLE_EQ(*adapter_->read(AlertMetric::MessageDeliveryRate, 600'000), 0.75);
  EXPECT_DOUBLE_EQ(*adapter_->read(AlertMetric::MessageDeliveryRate, 3'600'000), 0.6);
  clock_.advance(11min);
  EXPECT_EQ(adapter_->read(AlertMetric::MessageDeliveryRate, 600'000), std::nullopt);
}

}  // namespace
}  // namespace mensajero::app
