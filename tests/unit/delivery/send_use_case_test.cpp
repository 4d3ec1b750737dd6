// SendUseCase on a real SQLite store behind the fault-injecting wrapper, with the manual
// clock: the Idempotency-Key protocol (replay, mismatch, in flight, released after a refusal,
// a store failure between the claim and the acceptance, a request that died after accepting)
// and the wait for the first attempt. The dispatcher is real but not started, so an immediate
// send's wait ends by its deadline: what the attempt itself does is dispatcher_test's.
#include "delivery/send_use_case.h"

#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>

#include <gtest/gtest.h>

#include "core/send_service.h"
#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "delivery/dispatcher.h"
#include "resilience/clock.h"
#include "support/eventually.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"
#include "support/test_providers.h"
#include "transport/http_client.h"

namespace mensajero::delivery {
namespace {

using namespace std::chrono_literals;

constexpr int kLeaseMs = 30'000;
constexpr int kSendWaitMs = 10'000;

// A recognisable rendering: the message id and the first attempt's status.
RecordedAnswer render(const AcceptedSend& accepted) {
  return {accepted.outcome.status == "queued" ? 202 : 200,
          accepted.ticket.message_id + "|" + accepted.outcome.status};
}

class SendUseCaseTest : public ::testing::Test {
 protected:
  SendUseCaseTest()
      : seeded_(testing::openSeededStore(dir_)),
        store_(*seeded_.store),
        sender_(store_, clock_, "unit-owner"),
        registry_(store_, testing::testProviders(), http_),
        breakers_(store_, clock_, {}),
        dispatcher_(store_, registry_, breakers_, clock_, dispatcherOptions()) {
    // Idempotency keys belong to an API key (a foreign key in the schema).
    storage::ApiKeyRecord key;
    key.organization_id = seeded_.organization_id;
    key.name = "tests";
    key.key_hash = std::string(64, 'a');
    key.created_at = clock_.now();
    auto inserted = seeded_.store->insertApiKey(key);
    if (!inserted) throw std::runtime_error("insertApiKey: " + inserted.error().message);
    api_key_id_ = inserted->id;
  }

  static Dispatcher::Options dispatcherOptions() {
    Dispatcher::Options options;
    options.owner = "unit-owner";
    options.enforce_service_window = false;  // these messages go to patients who never wrote
    return options;
  }

  void TearDown() override {
    if (use_case_) use_case_->stop();
  }

  SendUseCase& useCase(int send_wait_ms = kSendWaitMs) {
    use_case_ = std::make_unique<SendUseCase>(
        store_, sender_, dispatcher_, clock_,
        SendUseCase::Options{.send_wait_ms = send_wait_ms, .lease_ms = kLeaseMs}, render);
    return *use_case_;
  }

  // Scheduled for later, so the use case answers at once, on this thread.
  core::SendRequest scheduled() const {
    core::SendRequest request;
    request.organization_id = seeded_.organization_id;
    request.recipient_type = "phone";
    request.recipient_value = "+12015550123";
    request.content = "Reminder";
    request.scheduled_at = clock_.now() + 3'600'000;
    return request;
  }

  static SendUseCase::RunBlocking inline_resume() {
    return [](std::function<void()> work) { work(); };
  }

  SendResult sendWithKey(const core::SendRequest& request, const std::string& fingerprint,
                         const std::string& key = "key-1") {
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto future = promise->get_future();
    use_case_->sendIdempotent(request, {api_key_id_, key}, fingerprint, inline_resume(),
                              [promise](SendResult result) { promise->set_value(result); });
    EXPECT_EQ(future.wait_for(30s), std::future_status::ready);
    return future.get();
  }

  std::int64_t pending() {
    auto count = seeded_.store->countPendingOutbound(seeded_.organization_id);
    return count ? *count : -1;
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  transport::CurlHttpClient http_;
  core::SendService sender_;
  ChannelRegistry registry_;
  BreakerBoard breakers_;
  Dispatcher dispatcher_;
  std::unique_ptr<SendUseCase> use_case_;
  std::string api_key_id_;
};

TEST_F(SendUseCaseTest, ARepeatReplaysTheFirstAnswerAndSendsOnce) {
  useCase();
  const SendResult first = sendWithKey(scheduled(), "fp-1");
  const auto* accepted = std::get_if<AcceptedSend>(&first);
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->outcome.status, "queued");

  const SendResult repeat = sendWithKey(scheduled(), "fp-1");
  const auto* replayed = std::get_if<RecordedAnswer>(&repeat);
  ASSERT_NE(replayed, nullptr);
  EXPECT_EQ(replayed->status, 202);
  EXPECT_EQ(replayed->body, render(*accepted).body);
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendUseCaseTest, TheKeyWithAnotherBodyIsAMismatch) {
  useCase();
  ASSERT_TRUE(std::holds_alternative<AcceptedSend>(sendWithKey(scheduled(), "fp-1")));
  EXPECT_TRUE(std::holds_alternative<KeyMismatch>(sendWithKey(scheduled(), "fp-2")));
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendUseCaseTest, KeysAreSeparate) {
  useCase();
  ASSERT_TRUE(std::holds_alternative<AcceptedSend>(sendWithKey(scheduled(), "fp-1", "key-1")));
  EXPECT_TRUE(std::holds_alternative<AcceptedSend>(sendWithKey(scheduled(), "fp-1", "key-2")));
  EXPECT_EQ(pending(), 2);
}

TEST_F(SendUseCaseTest, ARepeatWhileTheFirstWaitsForItsAttemptIsInUse) {
  useCase();
  core::SendRequest now = scheduled();
  now.scheduled_at.reset();
  auto first_answered = std::make_shared<std::atomic<bool>>(false);
  use_case_->sendIdempotent(now, {api_key_id_, "key-1"}, "fp-1", inline_resume(),
                            [first_answered](SendResult) { *first_answered = true; });
  // The dispatcher is not running: the first request waits up to send_wait_ms.
  ASSERT_FALSE(*first_answered);
  EXPECT_TRUE(std::holds_alternative<KeyInUse>(sendWithKey(now, "fp-1")));
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendUseCaseTest, ARefusedRequestReleasesItsKey) {
  useCase();
  core::SendRequest invalid = scheduled();
  invalid.priority = "urgent";
  const SendResult refused = sendWithKey(invalid, "fp-bad");
  ASSERT_TRUE(std::holds_alternative<Error>(refused));
  EXPECT_EQ(std::get<Error>(refused).code, "invalid_priority");
  EXPECT_EQ(store_.calls("releaseIdempotentRequest"), 1);
  // The key is free again, for a corrected body.
  EXPECT_TRUE(std::holds_alternative<AcceptedSend>(sendWithKey(scheduled(), "fp-good")));
}

TEST_F(SendUseCaseTest, AStoreFailureBetweenClaimAndAcceptSavesNothingAndTheRetrySucceeds) {
  useCase();
  store_.failNext("acceptOutbound");
  const SendResult failed = sendWithKey(scheduled(), "fp-1");
  ASSERT_TRUE(std::holds_alternative<Error>(failed));
  EXPECT_EQ(std::get<Error>(failed).category, ErrorCategory::Unavailable);
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(store_.calls("completeIdempotentRequest"), 0) << "a failure is not replayed";

  const SendResult retried = sendWithKey(scheduled(), "fp-1");
  ASSERT_TRUE(std::holds_alternative<AcceptedSend>(retried));
  EXPECT_EQ(pending(), 1);
  EXPECT_TRUE(std::holds_alternative<RecordedAnswer>(sendWithKey(scheduled(), "fp-1")));
}

TEST_F(SendUseCaseTest, AClaimThatCannotBeReleasedHoldsTheKeyUntilItsLockLapses) {
  useCase();
  core::SendRequest invalid = scheduled();
  invalid.priority = "urgent";
  store_.failNext("releaseIdempotentRequest");
  ASSERT_TRUE(std::holds_alternative<Error>(sendWithKey(invalid, "fp-1")));
  EXPECT_TRUE(std::holds_alternative<KeyInUse>(sendWithKey(scheduled(), "fp-1")));
  clock_.advance(std::chrono::milliseconds(kSendWaitMs + kLeaseMs + 1));
  EXPECT_TRUE(std::holds_alternative<AcceptedSend>(sendWithKey(scheduled(), "fp-1")));
  EXPECT_EQ(pending(), 1);
}

TEST_F(SendUseCaseTest, AFailedClaimIsTheStoresErrorAndSendsNothing) {
  useCase();
  store_.failNext("beginIdempotentRequest");
  const SendResult failed = sendWithKey(scheduled(), "fp-1");
  ASSERT_TRUE(std::holds_alternative<Error>(failed));
  EXPECT_EQ(std::get<Error>(failed).code, "db_injected");
  EXPECT_EQ(store_.calls("acceptOutbound"), 0);
}

TEST_F(SendUseCaseTest, ARequestThatDiedAfterAcceptingIsAnsweredFromItsMessageOnce) {
  useCase();
  // The answer is never saved, as when the process dies between accepting and answering.
  store_.failNext("completeIdempotentRequest");
  const SendResult first = sendWithKey(scheduled(), "fp-1");
  const auto* accepted = std::get_if<AcceptedSend>(&first);
  ASSERT_NE(accepted, nullptr);
  EXPECT_TRUE(std::holds_alternative<KeyInUse>(sendWithKey(scheduled(), "fp-1")))
      << "the claim holds until its lock lapses";

  clock_.advance(std::chrono::milliseconds(kSendWaitMs + kLeaseMs + 1));
  const SendResult orphan = sendWithKey(scheduled(), "fp-1");
  const auto* recovered = std::get_if<AcceptedSend>(&orphan);
  ASSERT_NE(recovered, nullptr);
  EXPECT_EQ(recovered->ticket.message_id, accepted->ticket.message_id);
  EXPECT_EQ(recovered->outcome.status, "queued");
  EXPECT_EQ(pending(), 1) << "not sent twice";
  // That answer is now the key's.
  const SendResult replay = sendWithKey(scheduled(), "fp-1");
  ASSERT_TRUE(std::holds_alternative<RecordedAnswer>(replay));
  EXPECT_EQ(std::get<RecordedAnswer>(replay).body, render(*recovered).body);
}

TEST_F(SendUseCaseTest, AnImmediateSendWithoutAnAttemptInTimeAnswersQueued) {
  useCase(/*send_wait_ms=*/0);
  core::SendRequest now = scheduled();
  now.scheduled_at.reset();
  auto promise = std::make_shared<std::promise<SendResult>>();
  auto future = promise->get_future();
  use_case_->send(now, [promise](SendResult result) { promise->set_value(result); });
  ASSERT_EQ(future.wait_for(30s), std::future_status::ready);
  const SendResult result = future.get();
  const auto* accepted = std::get_if<AcceptedSend>(&result);
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->outcome.status, "queued");
  EXPECT_TRUE(accepted->ticket.due_now);
  // Handed to the dispatcher on the store's writer, which the timer may have beaten to the
  // answer.
  EXPECT_TRUE(testing::eventually([&] { return dispatcher_.queued() == 1u; }))
      << "handed to the dispatcher";
}

// A send without a key whose accept cannot be committed answers the store's error and hands
// nothing to the dispatcher.
TEST_F(SendUseCaseTest, AnAcceptTheStoreFailsAnswersItsErrorAndQueuesNothing) {
  useCase();
  core::SendRequest now = scheduled();
  now.scheduled_at.reset();
  store_.failNext("acceptOutboundAsync");
  auto promise = std::make_shared<std::promise<SendResult>>();
  auto future = promise->get_future();
  use_case_->send(now, [promise](SendResult result) { promise->set_value(result); });
  ASSERT_EQ(future.wait_for(30s), std::future_status::ready);
  const SendResult result = future.get();
  ASSERT_TRUE(std::holds_alternative<Error>(result));
  EXPECT_EQ(std::get<Error>(result).code, "db_injected");
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(dispatcher_.queued(), 0u);
}

// The caller's hold (the API's organization slot) lasts until the accept has completed, not
// through the wait for the first attempt, and is not kept by a refused request either.
TEST_F(SendUseCaseTest, TheCallersHoldIsReleasedOnceTheAcceptHasCompleted) {
  useCase();
  for (const bool refused : {false, true}) {
    core::SendRequest request = scheduled();
    if (refused) request.priority = "urgent";
    auto hold = std::make_shared<int>(1);
    const std::weak_ptr<int> watch = hold;
    auto promise = std::make_shared<std::promise<SendResult>>();
    auto future = promise->get_future();
    use_case_->send(
        request, [promise](SendResult result) { promise->set_value(result); }, std::move(hold));
    ASSERT_EQ(future.wait_for(30s), std::future_status::ready);
    EXPECT_EQ(std::holds_alternative<Error>(future.get()), refused);
    EXPECT_TRUE(testing::eventually([&] { return watch.expired(); })) << "refused: " << refused;
  }
}

}  // namespace
}  // namespace mensajero::delivery
