// Issue 4: two gateways on one PostgreSQL database. Sends (immediate and scheduled) and signed
// webhooks are spread over both and one is SIGKILLed mid-run: every accepted message still
// reaches the provider (the survivor takes over the dead one's leases once they expire), and no
// inbound message is stored twice although every webhook reached both instances.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>

#include "common/time_format.h"
#include "integration/gateway_database.h"
#include "integration/sandbox.h"
#include "security/webhook_signature.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

constexpr int kSends = 600;
constexpr int kScheduled = 60;  // the first sends, due a little after the run starts
constexpr int kWebhooks = 150;
constexpr int kJobs = kSends + kWebhooks;
constexpr std::size_t kKillAfter = 200;  // accepted sends before instance 1 is killed
constexpr int kSenders = 10;             // patients writing in, so conversations are shared
constexpr int kClients = 8;

std::string wamid(int n) { return "wamid.MULTI-" + std::to_string(n); }
std::string sender(int n) { return "1201556000" + std::to_string(n % kSenders); }

// Client threads working through kJobs jobs: every fifth a webhook, the rest sends, each sent to
// instance `job % 2` while instance 1 lives. It records what the gateways accepted (2xx) and
// every other answer.
class SpreadLoad {
 public:
  SpreadLoad(Sandbox& sandbox, long long scheduled_at)
      : sandbox_(sandbox), scheduled_at_(scheduled_at) {}

  void run() {
    std::vector<std::thread> clients;
    clients.reserve(kClients);
    for (int t = 0; t < kClients; ++t) clients.emplace_back([this] { client(); });
    for (auto& client : clients) client.join();
  }
  void awaitAcceptedSends(std::size_t n) {
    std::unique_lock lock(mutex_);
    progressed_.wait(lock, [&] { return accepted_sends_.size() >= n || finished_; });
  }
  void secondInstanceDied() { second_alive_ = false; }

  std::set<std::string> acceptedSends() const {
    std::lock_guard lock(mutex_);
    return accepted_sends_;
  }
  std::set<int> acceptedWebhooks() const {
    std::lock_guard lock(mutex_);
    return accepted_webhooks_;
  }
  std::vector<std::string> refusals() const {
    std::lock_guard lock(mutex_);
    return refusals_;
  }

 private:
  void client() {
    for (int job = next_++; job < kJobs; job = next_++) {
      if (job % 5 == 4) {
        webhook(job / 5);
      } else {
        send(job - job / 5, instanceFor(job));
      }
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    progressed_.notify_all();
  }

  std::size_t instanceFor(int job) const { return second_alive_ ? job % 2 : 0; }

  // The answer of `instance`. A request that instance 1 cannot answer (it died under it or
  // before it) goes to instance 0, as a load balancer would retry it; what became of the first
  // try is unknown, and it is not counted. nullopt when instance 0 fails too (a test failure).
  std::optional<Reply> post(std::size_t instance, const std::string& path, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
    for (;; instance = 0) {
      try {
        return sandbox_.call("POST", sandbox_.gatewayUrl(path, instance), body, headers);
      } catch (const std::exception& e) {
        if (instance == 0) {
          std::lock_guard lock(mutex_);
          refusals_.push_back(std::string("instance 0: ") + e.what());
          return std::nullopt;
        }
      }
    }
  }

  void send(int n, std::size_t instance) {
    json request = {
        {"recipient",
         {{"type", "phone"}, {"value", "+1201555" + std::to_string(10'000 + n).substr(1)}}},
        {"message", {{"type", "text"}, {"content", "multi " + std::to_string(n)}}}};
    if (n < kScheduled) request["options"]["scheduledAt"] = formatIso8601(scheduled_at_);
    const auto reply = post(
        instance, "/api/v2/messages/send", request.dump(),
        {{"Authorization", "Bearer " + sandbox_.keyA()}, {"Content-Type", "application/json"}});
    if (!reply) return;
    std::lock_guard lock(mutex_);
    if (reply->status >= 200 && reply->status < 300) {
      accepted_sends_.insert(reply->json()["messageId"].get<std::string>());
      progressed_.notify_all();
    } else {
      refusals_.push_back(reply->body);
    }
  }

  // The same delivery to both instances at once (their dedup meets on payload_hash); every
  // fourth is also redelivered with other bytes (dedup by the event's key).
  void webhook(int n) {
    const std::string path = std::string("/api/v2/webhooks/whatsapp/") + kClinicA;
    auto deliver = [&](std::size_t instance, const std::string& body) {
      return post(instance, path, body,
                  {{"Content-Type", "application/json"},
                   {"X-Hub-Signature-256", security::signHubSignature(kAppSecretA, body)}});
    };
    const std::string body =
        inboundWebhook(kPhoneNumberIdA, wamid(n), sender(n), "Paciente", "mensaje");
    const std::size_t first = instanceFor(n);
    auto other = std::async(std::launch::async, [&] { return deliver(1 - first, body); });
    std::vector<std::optional<Reply>> replies{deliver(first, body), other.get()};
    if (n % 4 == 0) {
      const std::string rebatched =
          inboundWebhook(kPhoneNumberIdA, wamid(n), sender(n), "Paciente B", "mensaje");
      replies.push_back(deliver(instanceFor(n + 1), rebatched));
    }
    std::lock_guard lock(mutex_);
    for (const auto& reply : replies) {
      if (!reply) continue;
      if (reply->status == 200) {
        accepted_webhooks_.insert(n);
      } else {
        refusals_.push_back(reply->body);
      }
    }
  }

  Sandbox& sandbox_;
  const long long scheduled_at_;
  std::atomic<int> next_{0};
  std::atomic<bool> second_alive_{true};
  mutable std::mutex mutex_;
  std::condition_variable progressed_;
  std::set<std::string> accepted_sends_;  // guarded by mutex_
  std::set<int> accepted_webhooks_;       // guarded by mutex_
  std::vector<std::string> refusals_;     // guarded by mutex_
  bool finished_ = false;                 // guarded by mutex_
};

TEST(MultiInstanceTest, TwoGatewaysShareTheWorkAndASigkillLosesNothing) {
  if (!suiteRunsOnPostgres()) {
    GTEST_SKIP() << "PostgreSQL only (gateway_integration_test_postgres runs it)";
  }
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200, lease_ms: 5000}",
                   .limits = "{api_requests_per_second: 100000, api_burst: 100000, "
                             "channel_messages_per_second: 100000, channel_burst: 1000}"});
  sandbox.startGateway(1);
  const long long scheduled_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count() +
                                 2'000;

  SpreadLoad load(sandbox, scheduled_at);
  std::thread clients([&] { load.run(); });
  load.awaitAcceptedSends(kKillAfter);
  EXPECT_EQ(sandbox.stopGateway(SIGKILL, 1), 128 + SIGKILL);
  load.secondInstanceDied();
  clients.join();

  const auto refusals = load.refusals();
  EXPECT_TRUE(refusals.empty()) << refusals.size() << " refused, first: " << refusals.front();
  const std::set<std::string> accepted = load.acceptedSends();
  ASSERT_EQ(accepted.size(), static_cast<std::size_t>(kSends));

  const DeliveryTally tally = awaitDeliveries(sandbox, accepted, std::chrono::seconds(60));

  // Rows the dead instance stored but did not process are processed by the survivor.
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT count(*) FROM webhook_logs WHERE status = 'received'") == 0;
  }));
  const std::set<int> webhooks = load.acceptedWebhooks();
  std::string accepted_wamids;
  std::set<std::string> senders;
  for (int n : webhooks) {
    accepted_wamids += (accepted_wamids.empty() ? "'" : ", '") + wamid(n) + "'";
    senders.insert(sender(n));
  }
  const long long inbound_rows =
      sandbox.queryNumber("SELECT count(*) FROM messages WHERE direction = 'inbound'");
  const long long inbound_distinct = sandbox.queryNumber(
      "SELECT count(DISTINCT external_id) FROM messages WHERE direction = 'inbound'");

  std::cout << "[ report ] two instances: accepted " << accepted.size() << " sends, delivered "
            << "distinct " << tally.distinct << ", missing " << tally.missing << ", duplicates "
            << tally.duplicates << "; webhooks accepted " << webhooks.size() << ", inbound rows "
            << inbound_rows << " (distinct " << inbound_distinct << ")\n";
  ::testing::Test::RecordProperty("accepted", static_cast<int>(accepted.size()));
  ::testing::Test::RecordProperty("duplicates", tally.duplicates);
  EXPECT_TRUE(tally.all_arrived);
  EXPECT_EQ(tally.missing, 0);
  // Only attempts in flight on the killed instance can be sent twice: at most one per worker.
  EXPECT_LE(tally.duplicates, 8);

  ASSERT_EQ(webhooks.size(), static_cast<std::size_t>(kWebhooks));
  EXPECT_EQ(inbound_rows, inbound_distinct);
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages WHERE direction = 'inbound' AND "
                                "external_id IN (" +
                                accepted_wamids + ")"),
            static_cast<long long>(webhooks.size()));
  // Patients writing to both instances at once still get one conversation each.
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM message_conversations WHERE "
                                "channel_identifier LIKE '+1201556000%'"),
            static_cast<long long>(senders.size()));
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber(
               "SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
               "delivery_status = 'pending'") == 0;
  }));
}

}  // namespace
}  // namespace mensajero::testing
