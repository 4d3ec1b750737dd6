// Dispatcher with the real Meta channel talking to tools/provider-sim (a child process), on a
// real SQLite store behind the fault-injecting wrapper, with the manual clock: leases,
// retries and the breaker follow that clock, so the test moves time instead of waiting for
// it. Real time only paces the poller (every 20 ms), which the tests wait on by counting its
// claims.
#include "delivery/dispatcher.h"

#include <future>
#include <memory>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/domain/delivery_status.h"
#include "core/send_service.h"
#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "delivery/send_use_case.h"
#include "resilience/clock.h"
#include "support/child_process.h"
#include "support/eventually.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"
#include "support/test_providers.h"
#include "transport/http_client.h"

namespace mensajero::delivery {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kLeaseMs = 30'000;
constexpr int kBackoffBaseMs = 1'000;
constexpr double kJitter = 0.5;  // so the first retry comes kBackoffBaseMs * kJitter later

std::string binaryDir() {
  const char* dir = std::getenv("MENSAJERO_BINARY_DIR");
  if (dir == nullptr) throw std::runtime_error("MENSAJERO_BINARY_DIR is not set (run via ctest)");
  return dir;
}

// tools/provider-sim on a free loopback port, as tests/integration/sandbox.cpp starts it.
class ProviderSim {
 public:
  explicit ProviderSim(const testing::TempDir& dir) {
    const std::string ready = dir.file("sim.port");
    process_ = std::make_unique<testing::ChildProcess>(
        std::vector<std::string>{binaryDir() + "/tools/provider-sim/provider-sim", "--host",
                                 "127.0.0.1", "--port", "0", "--ready-file", ready, "--log-level",
                                 "warn"},
        dir.file("sim.log"));
    auto port = testing::waitForPortFile(ready, 20s, process_.get());
    if (!port) throw std::runtime_error("provider-sim did not start:\n" + process_->log());
    url_ = "http://127.0.0.1:" + std::to_string(*port);
  }

  const std::string& url() const { return url_; }

  void control(const json& body) {
    transport::HttpCall call;
    call.url = url_ + "/_sim/control";
    call.headers = {{"Content-Type", "application/json"}};
    call.body = body.dump();
    auto reply = http_.perform(call);
    if (!reply || reply->status != 200) throw std::runtime_error("sim control failed");
  }

  // Injected failures not yet used up: each provider call the simulator failed took one.
  int failuresLeft() {
    transport::HttpCall call;
    call.method = "GET";
    call.url = url_ + "/_sim/control";
    auto reply = http_.perform(call);
    if (!reply || reply->status != 200) return -1;
    return json::parse(reply->body)["fail_next"].get<int>();
  }

  // How many sends of our message `id` the simulator accepted (failed calls are not kept).
  int received(const std::string& id) {
    transport::HttpCall call;
    call.method = "GET";
    call.url = url_ + "/_sim/messages";
    auto reply = http_.perform(call);
    if (!reply || reply->status != 200) return -1;
    int count = 0;
    const json recorded = json::parse(reply->body);
    for (const json& message : recorded["messages"]) {
      if (message["callback_data"] == id) ++count;
    }
    return count;
  }

 private:
  transport::CurlHttpClient http_;
  std::unique_ptr<testing::ChildProcess> process_;
  std::string url_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest()
      : sim_(dir_),
        seeded_(testing::openSeededStore(dir_, json{{"base_url", sim_.url()},
                                                    {"phone_number_id", "100200300"},
                                                    {"access_token", "token"},
                                                    {"timeout_ms", 5000}}
                                                   .dump())),
        store_(*seeded_.store),
        sender_(store_, clock_, "unit-owner"),
        registry_(store_, testing::testProviders(), http_),
        breakers_(store_, clock_, breakerConfig()),
        dispatcher_(store_, registry_, breakers_, clock_, options()) {}

  ~DispatcherTest() override { dispatcher_.stop(); }

  static resilience::CircuitBreakerConfig breakerConfig() {
    resilience::CircuitBreakerConfig config;
    config.failure_threshold = 2;
    return config;
  }

  static Dispatcher::Options options() {
    Dispatcher::Options options;
    options.owner = "unit-owner";
    options.workers = 1;
    options.lease_ms = kLeaseMs;
    options.poll_interval_ms = 20;
    options.backoff.base = std::chrono::milliseconds(kBackoffBaseMs);
    options.random = [] { return kJitter; };
    options.enforce_service_window = false;  // these messages go to patients who never wrote
    return options;
  }

  // Accepted due now, leased to the dispatcher's owner, as the API hands it over.
  std::string accept() {
    core::SendRequest request;
    request.organization_id = seeded_.organization_id;
    request.recipient_type = "phone";
    request.recipient_value = "+12015550123";
    request.content = "Your results are ready";
    auto ticket = sender_.accept(request, kLeaseMs);
    if (!ticket) throw std::runtime_error("accept: " + ticket.error().message);
    return ticket->message_id;
  }

  AttemptOutcome attemptNow(const std::string& id) {
    auto promise = std::make_shared<std::promise<AttemptOutcome>>();
    auto future = promise->get_future();
    EXPECT_TRUE(dispatcher_.submit(
        id, [promise](const AttemptOutcome& outcome) { promise->set_value(outcome); }));
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  storage::MessageRecord message(const std::string& id) {
    auto found = seeded_.store->findMessage(id);
    if (!found || !*found) throw std::runtime_error("message not found");
    return **found;
  }

  // Waits until the poller has polled `polls` more times (each poll lists the channel
  // instances to gate its claim, even when no channel admits any): what was not taken by then
  // is not going to be taken while the clock stands still.
  void letThePollerRun(int polls = 5) {
    const int before = store_.calls("listAllChannelInstances");
    ASSERT_TRUE(testing::eventually(
        [&] { return store_.calls("listAllChannelInstances") >= before + polls; }));
  }

  testing::TempDir dir_;
  ProviderSim sim_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  transport::CurlHttpClient http_;
  core::SendService sender_;
  ChannelRegistry registry_;
  BreakerBoard breakers_;
  Dispatcher dispatcher_;
};

TEST_F(DispatcherTest, AnAttemptIsSentAndRecorded) {
  dispatcher_.start();
  const std::string id = accept();
  const AttemptOutcome outcome = attemptNow(id);
  EXPECT_EQ(outcome.status, "sent");
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Sent);
  EXPECT_EQ(sim_.received(id), 1);
}

TEST_F(DispatcherTest, AnAttemptWhoseRecordFailsIsNotLostAndGoesAgainAfterTheLease) {
  dispatcher_.start();
  const std::string id = accept();
  store_.failNext("recordSendAttempt");
  const AttemptOutcome outcome = attemptNow(id);
  EXPECT_EQ(outcome.status, "queued") << "the outcome is unknown to the store";
  EXPECT_EQ(sim_.received(id), 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Pending);

  // Still leased: the poller leaves it alone while the clock stands still.
  letThePollerRun();
  EXPECT_EQ(sim_.received(id), 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Pending);

  clock_.advance(std::chrono::milliseconds(kLeaseMs + 1));
  ASSERT_TRUE(testing::eventually(
      [&] { return message(id).delivery_status == domain::DeliveryStatus::Sent; }));
  // At least once: the provider got it twice (docs/ARCHITECTURE.md).
  EXPECT_EQ(sim_.received(id), 2);
}

TEST_F(DispatcherTest, ARetryableFailureIsRetriedWhenTheClockReachesItsBackoff) {
  sim_.control({{"fail_next", 1}, {"error_code", 2}, {"http_status", 503}});
  dispatcher_.start();
  const std::string id = accept();
  const UnixMillis attempted_at = clock_.now();
  const AttemptOutcome outcome = attemptNow(id);
  EXPECT_EQ(outcome.status, "queued");
  ASSERT_TRUE(outcome.error);
  EXPECT_EQ(outcome.error->category, ErrorCategory::Retryable);
  const auto retry_in = static_cast<UnixMillis>(kBackoffBaseMs * kJitter);
  EXPECT_EQ(message(id).next_attempt_at, attempted_at + retry_in);

  EXPECT_EQ(sim_.failuresLeft(), 0) << "the provider was called once";

  letThePollerRun();
  EXPECT_EQ(message(id).attempts, 1) << "not retried before its time";
  clock_.advance(std::chrono::milliseconds(retry_in - 1));
  letThePollerRun();
  EXPECT_EQ(message(id).attempts, 1) << "not retried a millisecond early";
  EXPECT_EQ(sim_.received(id), 0);

  clock_.advance(1ms);
  ASSERT_TRUE(testing::eventually(
      [&] { return message(id).delivery_status == domain::DeliveryStatus::Sent; }));
  EXPECT_EQ(sim_.received(id), 1);
  EXPECT_EQ(message(id).attempts, 2);
}

TEST_F(DispatcherTest, ABreakerOpenedByFailuresStopsCallingTheProvider) {
  sim_.control({{"fail_next", 10}, {"error_code", 2}, {"http_status", 503}});
  dispatcher_.start();
  const std::string first = accept();
  const std::string second = accept();
  EXPECT_EQ(attemptNow(first).status, "queued");
  EXPECT_EQ(attemptNow(second).status, "queued");
  EXPECT_EQ(breakers_.state(seeded_.channel_id), resilience::BreakerState::Open);
  EXPECT_EQ(sim_.failuresLeft(), 8) << "two provider calls";

  const std::string third = accept();
  const AttemptOutcome refused = attemptNow(third);
  EXPECT_EQ(refused.status, "queued");
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, "circuit_open");
  EXPECT_EQ(message(third).attempts, 0) << "a refusal by the breaker is not an attempt";

  // Past the retries' backoff but not the breaker's recovery: nothing reaches the provider.
  clock_.advance(5s);
  letThePollerRun();
  EXPECT_EQ(sim_.failuresLeft(), 8) << "no further provider call";
  EXPECT_EQ(message(third).attempts, 0);
}

TEST_F(DispatcherTest, AClaimThatFailsIsTriedAgainAtTheNextPoll) {
  dispatcher_.start();
  const std::string id = accept();
  store_.failNext("recordSendAttempt");
  ASSERT_EQ(attemptNow(id).status, "queued");
  store_.failFromNow("claimDueOutbound");
  clock_.advance(std::chrono::milliseconds(kLeaseMs + 1));
  ASSERT_TRUE(testing::eventually([&] { return store_.failures("claimDueOutbound") >= 3; }));
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Pending);
  store_.heal();
  ASSERT_TRUE(testing::eventually(
      [&] { return message(id).delivery_status == domain::DeliveryStatus::Sent; }));
}

// The send use case's wait ends with the dispatcher's outcome when it comes in time, and
// with "queued" when the provider is slower than the wait; the message goes out either way.
TEST_F(DispatcherTest, TheSendUseCaseAnswersWithTheFirstAttemptOrQueuedAfterItsWait) {
  dispatcher_.start();
  auto render = [](const AcceptedSend& accepted) {
    return RecordedAnswer{200, accepted.outcome.status};
  };
  SendUseCase patient(store_, sender_, dispatcher_, clock_,
                      {.send_wait_ms = 20'000, .lease_ms = kLeaseMs}, render);
  SendUseCase hurried(store_, sender_, dispatcher_, clock_,
                      {.send_wait_ms = 300, .lease_ms = kLeaseMs}, render);
  auto send = [&](SendUseCase& use_case) {
    core::SendRequest request;
    request.organization_id = seeded_.organization_id;
    request.recipient_type = "phone";
    request.recipient_value = "+12015550123";
    request.content = "Your results are ready";
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto future = promise->get_future();
    use_case.send(request, [promise](SendResult result) { promise->set_value(result); });
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return std::get<AcceptedSend>(future.get());
  };

  const AcceptedSend fast = send(patient);
  EXPECT_EQ(fast.outcome.status, "sent");
  EXPECT_EQ(sim_.received(fast.ticket.message_id), 1);

  sim_.control({{"latency_ms", 1'500}});  // beyond the wait, well within the channel's timeout
  const AcceptedSend slow = send(hurried);
  EXPECT_EQ(slow.outcome.status, "queued") << "the answer does not wait for a slow provider";
  ASSERT_TRUE(testing::eventually([&] {
    return message(slow.ticket.message_id).delivery_status == domain::DeliveryStatus::Sent;
  }));
  patient.stop();
  hurried.stop();
}

}  // namespace
}  // namespace mensajero::delivery
