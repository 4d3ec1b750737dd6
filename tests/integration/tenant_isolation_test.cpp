// Issue 8 item 5: one clinic's load must not starve another clinic, nor the health endpoint.
// The real gateway, the simulator slowed to 1.5 s per call (under the sandbox channel's 2 s
// timeout, so every call succeeds, slowly), and 40 concurrent sends from clinic A: with 8
// delivery workers the last first attempts come after about 7.5 s, and each send would hold a
// blocking thread until then if its wait were not asynchronous; health and clinic B would
// queue behind them.
#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

json textTo(const std::string& phone) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", "Recordatorio"}}}};
}

// How long `request` took to answer.
template <typename Request>
milliseconds timed(Request request, Reply& reply) {
  const auto started = steady_clock::now();
  reply = request();
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
}

TEST(TenantIsolationTest, OneClinicsSlowSendsDelayNeitherHealthNorAnotherClinicsReads) {
  Sandbox sandbox({.delivery = "{send_wait_ms: 10000, poll_interval_ms: 200}",
                   .limits = "{api_requests_per_second: 1000, api_burst: 1000}"});
  ASSERT_EQ(sandbox.simControl("/_sim/control", {{"latency_ms", 1500}}).status, 200);

  constexpr int kSends = 40;
  std::atomic<int> answered{0};
  std::atomic<int> server_errors{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < kSends; ++i) {
    clients.emplace_back([&, i] {
      // A client refused for concurrency (429) tries again, as the Retry-After invites.
      for (int attempt = 0; attempt < 200; ++attempt) {
        const Reply reply =
            sandbox.send(sandbox.keyA(), textTo("+1201555" + std::to_string(3000 + i)));
        if (reply.status == 429) {
          std::this_thread::sleep_for(milliseconds(50));
          continue;
        }
        if (reply.status >= 500) ++server_errors;
        break;
      }
      ++answered;
    });
  }
  // The load is in place once most of the sends are accepted and waiting for the provider.
  const bool loaded =
      eventually([&] { return sandbox.queryNumber("SELECT count(*) FROM messages") >= kSends / 2; },
                 std::chrono::seconds(20));
  EXPECT_TRUE(loaded);
  EXPECT_LT(answered.load(), kSends / 2) << "the provider answered too fast to load anything";

  // Health and clinic B's read at the same moment, several times while the load lasts.
  for (int probe = 0; loaded && probe < 5; ++probe) {
    Reply health;
    Reply channels;
    auto health_took = std::async(std::launch::async, [&] {
      return timed([&] { return sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")); },
                   health);
    });
    const milliseconds channels_took = timed(
        [&] {
          return sandbox.call("GET", sandbox.gatewayUrl("/api/v2/channels"), "",
                              {{"Authorization", "Bearer " + sandbox.keyB()}});
        },
        channels);
    EXPECT_LT(health_took.get(), milliseconds(1000)) << "probe " << probe;
    EXPECT_EQ(health.status, 200) << health.body;
    EXPECT_LT(channels_took, milliseconds(1000)) << "probe " << probe;
    EXPECT_EQ(channels.status, 200) << channels.body;
    // Issue 12: the orchestrator's probes are not held up by a tenant's load either.
    for (const char* probe_path : {"/livez", "/readyz"}) {
      Reply answer;
      EXPECT_LT(timed([&] { return sandbox.call("GET", sandbox.gatewayUrl(probe_path)); }, answer),
                milliseconds(1000))
          << probe_path;
      EXPECT_EQ(answer.status, 200) << probe_path << ": " << answer.body;
    }
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(answered.load(), kSends);
  EXPECT_EQ(server_errors.load(), 0);
}

// A clinic's scheduled backlog counts against its own bound only: clinic B at its bound is
// refused, clinic A's sends are not.
TEST(TenantIsolationTest, OneClinicsFullBacklogDoesNotRefuseAnotherClinicsSends) {
  Sandbox sandbox({.limits = "{max_backlog: 3}"});
  json later = textTo("+12015550401");
  later["options"]["scheduledAt"] = isoTimeFromNow(std::chrono::hours(24 * 20));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sandbox.send(sandbox.keyB(), later).status, 202);
  const Reply b_full = sandbox.send(sandbox.keyB(), later);
  EXPECT_EQ(b_full.status, 503) << b_full.body;
  EXPECT_EQ(b_full.json()["error"]["code"], "backlog_full");

  const Reply a_send = sandbox.send(sandbox.keyA(), textTo("+12015550402"));
  EXPECT_EQ(a_send.status, 200) << a_send.body;
  const Reply a_later = sandbox.send(sandbox.keyA(), later);
  EXPECT_EQ(a_later.status, 202) << a_later.body;
}

}  // namespace
}  // namespace mensajero::testing
