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

}  // namespace
}  // namespace mensajero::app
