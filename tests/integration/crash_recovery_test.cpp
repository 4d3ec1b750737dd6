// Issue 3: nothing accepted is lost when the gateway is SIGKILLed in the middle of a burst of
// sends, and a scheduled send goes out on time across a restart.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>

#include "common/time_format.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json textTo(const std::string& phone, const std::string& text) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", text}}}};
}

// A burst of requests from several client threads: request i is send(i), and a 2xx answer
// records key(i, answer), what it accepted. Ends early once the gateway stops answering.
class Burst {
 public:
  using Send = std::function<Reply(int)>;
  using Key = std::function<std::string(int, const Reply&)>;

  Burst(int first, int count, Send send, Key key)
      : send_(std::move(send)), key_(std::move(key)), next_(first), end_(first + count) {}

  void run(int threads) {
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) clients.emplace_back([this] { client(); });
    for (auto& client : clients) client.join();
  }
  // Blocks until `n` requests have been accepted (or the burst ended).
  void awaitAccepted(std::size_t n) {
    std::unique_lock lock(mutex_);
    progressed_.wait(lock, [&] { return accepted_.size() >= n || finished_clients_ > 0; });
  }
  std::set<std::string> accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
  }
  int attempted() const { return attempted_.load(); }
  // Answers other than 2xx: none are expected (the kill shows as a transport error).
  std::vector<std::string> refusals() const {
    std::lock_guard lock(mutex_);
    return refusals_;
  }

 private:
  void client() {
    while (true) {
      const int i = next_++;
      if (i >= end_) break;
      ++attempted_;
      try {
        const Reply reply = send_(i);
        std::lock_guard lock(mutex_);
        if (reply.status >= 200 && reply.status < 300) {
          accepted_.insert(key_(i, reply));
          progressed_.notify_all();
        } else {
          refusals_.push_back(reply.body);
        }
      } catch (const std::exception&) {
        break;  // the gateway is gone: this request's fate is unknown, it is not counted
      }
    }
    std::lock_guard lock(mutex_);
    ++finished_clients_;
    progressed_.notify_all();
  }

  const Send send_;
  const Key key_;
  std::atomic<int> next_;
  const int end_;
  std::atomic<int> attempted_{0};
  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  std::set<std::string> accepted_;     // guarded by mutex_
  std::vector<std::string> refusals_;  // guarded by mutex_
  int finished_clients_ = 0;           // guarded by mutex_
};

// Sends to distinct recipients (so the per-recipient pair limit does not apply), keyed by the
// accepted message's id.
Burst sendBurst(Sandbox& sandbox, int first, int count) {
  return Burst(
      first, count,
      [&sandbox](int i) {
        return sandbox.send(sandbox.keyA(),
                            textTo("+1201555" + std::to_string(10'000 + i).substr(1),
                                   "burst " + std::to_string(i)));
      },
      [](int, const Reply& reply) { return reply.json()["messageId"].get<std::string>(); });
}

// Issue 13 moved SQLite's checkpoints to their own thread and pipelined PostgreSQL's appends:
// a webhook answered 200 is still stored when the gateway is SIGKILLed mid-burst, and the
// restarted gateway applies every one of them.
TEST(CrashRecoveryTest, SigkillMidWebhookBurstLosesNoAcknowledgedWebhook) {
  constexpr int kBurst = 3000;
  constexpr int kKillAfter = 600;
  Sandbox sandbox;
  const auto wamid = [](int i) { return "wamid.KILL" + std::to_string(i); };
  Burst burst(
      0, kBurst,
      [&](int i) {
        return sandbox.postWebhook(
            kClinicA,
            inboundWebhook(kPhoneNumberIdA, wamid(i), "12015550" + std::to_string(100 + i % 50),
                           "Ana", "mensaje " + std::to_string(i)),
            kAppSecretA);
      },
      [&](int i, const Reply&) { return wamid(i); });
  std::thread clients([&] { burst.run(8); });
  burst.awaitAccepted(kKillAfter);
  EXPECT_EQ(sandbox.stopGateway(SIGKILL), 128 + SIGKILL);
  clients.join();
  const std::set<std::string> acknowledged = burst.accepted();
  ASSERT_LT(acknowledged.size(), static_cast<std::size_t>(kBurst))
      << "the burst ended before the kill";
  EXPECT_TRUE(burst.refusals().empty()) << burst.refusals().front();
  ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kKillAfter));

  sandbox.startGateway();
  // Every acknowledged webhook was stored: once the restarted processor has applied the
  // backlog, each is an inbound message.
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT count(*) FROM webhook_logs WHERE status = 'received'") == 0;
  }));
  std::string ids;
  for (const std::string& id : acknowledged) ids += (ids.empty() ? "'" : ", '") + id + "'";
  const long long applied = sandbox.queryNumber(
      "SELECT count(*) FROM messages WHERE direction = 'inbound' AND external_id IN (" + ids + ")");
  std::cout << "[ report ] acknowledged " << acknowledged.size() << ", applied " << applied << "\n";
  EXPECT_EQ(applied, static_cast<long long>(acknowledged.size()));
}

TEST(CrashRecoveryTest, SigkillMidBurstLosesNoAcceptedMessage) {
  constexpr int kBurst = 1200;
  constexpr std::size_t kKillAfter = 400;
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200, lease_ms: 2000}",
                   // The 8 clients equal the default per-organization limit (half the
                   // blocking threads), which a next request can meet before the last one's
                   // slot is released: a refusal that says nothing about the crash.
                   .limits = "{api_requests_per_second: 100000, api_burst: 100000, "
                             "channel_messages_per_second: 100000, channel_burst: 1000, "
                             "max_concurrent_per_organization: 64}"});

  Burst before_kill = sendBurst(sandbox, 0, kBurst);
  std::thread burst([&] { before_kill.run(8); });
  before_kill.awaitAccepted(kKillAfter);
  EXPECT_EQ(sandbox.stopGateway(SIGKILL), 128 + SIGKILL);
  burst.join();
  const int sent_before = before_kill.attempted();
  ASSERT_LT(sent_before, kBurst) << "the burst ended before the kill";

  sandbox.startGateway();
  Burst after_restart = sendBurst(sandbox, sent_before, kBurst - sent_before);
  after_restart.run(8);

  EXPECT_TRUE(before_kill.refusals().empty()) << before_kill.refusals().front();
  EXPECT_TRUE(after_restart.refusals().empty()) << after_restart.refusals().front();
  std::set<std::string> accepted = before_kill.accepted();
  const std::set<std::string> later = after_restart.accepted();
  accepted.insert(later.begin(), later.end());
  ASSERT_GE(accepted.size(), static_cast<std::size_t>(kBurst - 8 * 2));

  // Every accepted message reaches the provider: the ones leased by the dead process after
  // their lease expires.
  const DeliveryTally tally = awaitDeliveries(sandbox, accepted, std::chrono::seconds(60));
  std::cout << "[ report ] accepted " << accepted.size() << ", delivered distinct "
            << tally.distinct << ", missing " << tally.missing << ", duplicates "
            << tally.duplicates << "\n";
  ::testing::Test::RecordProperty("accepted", static_cast<int>(accepted.size()));
  ::testing::Test::RecordProperty("duplicates", tally.duplicates);
  EXPECT_TRUE(tally.all_arrived);
  EXPECT_EQ(tally.missing, 0);
  // A duplicate needs the kill to fall between the provider's answer and our commit, which
  // only the attempts in flight at that instant can do: at most one per delivery worker.
  EXPECT_LE(tally.duplicates, 8);
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber(
               "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
               "delivery_status = 'pending'") == 0;
  }));
}

TEST(CrashRecoveryTest, ScheduledSendGoesOutWithinASecondOfItsTimeAcrossARestart) {
  Sandbox sandbox;
  const long long due_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count() +
                           4'000;
  json request = textTo("+12015550180", "Su cita es mañana");
  request["options"]["scheduledAt"] = formatIso8601(due_ms);
  const Reply queued = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(sandbox.stopGateway(SIGKILL), 128 + SIGKILL);
  sandbox.startGateway();

  const std::string id = queued.json()["messageId"];
  ASSERT_TRUE(awaitDeliveries(sandbox, {id}, std::chrono::seconds(15)).all_arrived);
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  const long long received = recorded["messages"][0]["received_at"].get<long long>();
  EXPECT_GE(received, due_ms - 5);  // never early (5 ms: the clock's rounding)
  EXPECT_LE(received, due_ms + 1000) << "late by " << received - due_ms << " ms";
}

}  // namespace
}  // namespace mensajero::testing
