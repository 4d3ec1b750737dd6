// Issue 4: a PostgreSQL outage. While the server is down the gateway says so (health 503) and
// refuses sends and webhooks quickly with 503 and Retry-After, so clients and Meta retry; when
// the server is back it recovers by itself. The test stops a cluster of its own: the suite's
// shared cluster stays up for the tests running beside this one.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "integration/gateway_database.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

// A throwaway cluster made by scripts/pg-test-cluster, removed with the object.
class ThrowawayCluster {
 public:
  ThrowawayCluster() {
    // As root the script runs the server as `postgres`, which must reach the cluster's folder.
    std::filesystem::permissions(
        dir_.path(), std::filesystem::perms::group_exec | std::filesystem::perms::others_exec,
        std::filesystem::perm_options::add);
    script("start");
    std::ifstream(dir_.file("cluster/url")) >> url_;
    if (url_.empty()) throw std::runtime_error("pg-test-cluster wrote no URL");
  }
  ~ThrowawayCluster() { runCommand({scriptPath(), "stop", dir_.file("cluster")}); }
  ThrowawayCluster(const ThrowawayCluster&) = delete;
  ThrowawayCluster& operator=(const ThrowawayCluster&) = delete;

  const std::string& url() const { return url_; }
  // Stops the server, keeping its data (fast shutdown: every session is ended).
  void pause() { script("pause"); }
  // Starts it again on the same port.
  void resume() { script("resume"); }

 private:
  static std::string scriptPath() {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in the tests sets the environment.
    return std::string(std::getenv("MENSAJERO_SOURCE_DIR")) + "/scripts/pg-test-cluster";
  }
  void script(const std::string& command) {
    const auto result = runCommand({scriptPath(), command, dir_.file("cluster")});
    if (result.exit_code != 0) {
      throw std::runtime_error("pg-test-cluster " + command + " failed: " + result.err);
    }
  }

  TempDir dir_;
  std::string url_;
};

json textTo(const std::string& phone) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", "Recordatorio"}}}};
}

// Runs `request` and checks that its answer came within the bound: a refusal, not a hang.
template <typename Request>
Reply answeredWithin(std::chrono::seconds bound, Request request) {
  const auto started = steady_clock::now();
  Reply reply = request();
  EXPECT_LT(steady_clock::now() - started, bound);
  return reply;
}

TEST(DatabaseOutageTest, RefusesWith503WhileTheServerIsDownAndRecoversByItself) {
  if (!suiteRunsOnPostgres()) {
    GTEST_SKIP() << "PostgreSQL only (gateway_integration_test_postgres runs it)";
  }
  ThrowawayCluster cluster;
  Sandbox sandbox({}, cluster.url());
  const std::string health_url = sandbox.gatewayUrl("/api/v2/health");
  ASSERT_EQ(sandbox.call("GET", health_url).status, 200);
  ASSERT_EQ(sandbox.send(sandbox.keyA(), textTo("+12015550150")).status, 200);

  cluster.pause();

  const Reply health =
      answeredWithin(std::chrono::seconds(10), [&] { return sandbox.call("GET", health_url); });
  EXPECT_EQ(health.status, 503) << health.body;
  EXPECT_EQ(health.json()["status"], "unhealthy");
  EXPECT_EQ(health.json()["services"]["database"]["status"], "unhealthy");
  // Issue 12: a load balancer sends traffic elsewhere (/readyz names the database), but the
  // orchestrator does not restart a process that is alive (/livez needs no database).
  const Reply ready = answeredWithin(
      std::chrono::seconds(10), [&] { return sandbox.call("GET", sandbox.gatewayUrl("/readyz")); });
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.json()["status"], "not_ready");
  EXPECT_NE(ready.json()["failed"].dump().find("database"), std::string::npos) << ready.body;
  EXPECT_EQ(ready.body.find("connection to server"), std::string::npos) << ready.body;
  EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/livez")).status, 200);

  // Clinic A's key was used before (it is cached), clinic B's was not (its lookup needs the
  // database): both are refused the same way.
  for (const std::string& key : {sandbox.keyA(), sandbox.keyB()}) {
    const Reply refused = answeredWithin(std::chrono::seconds(10),
                                         [&] { return sandbox.send(key, textTo("+12015550151")); });
    EXPECT_EQ(refused.status, 503) << refused.body;
    EXPECT_EQ(refused.json()["error"]["code"], "db_unavailable");
    EXPECT_EQ(refused.json()["error"]["retryable"], true);
    EXPECT_FALSE(refused.header("retry-after").empty());
    // Issue 8 item 16: a fixed message; libpq's text (host, port) stays in the log.
    EXPECT_EQ(refused.json()["error"]["message"], "the database is unavailable; try again later");
    EXPECT_EQ(refused.body.find("connection to server"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("database:"), std::string::npos) << refused.body;
  }

  const std::string inbound =
      inboundWebhook(kPhoneNumberIdA, "wamid.OUTAGE-1", "12015550152", "Ana", "hola");
  const Reply webhook = answeredWithin(std::chrono::seconds(10), [&] {
    return sandbox.postWebhook(kClinicA, inbound, kAppSecretA);
  });
  EXPECT_EQ(webhook.status, 503) << webhook.body;
  EXPECT_FALSE(webhook.header("retry-after").empty());
  EXPECT_EQ(webhook.body.find("connection to server"), std::string::npos) << webhook.body;
  EXPECT_EQ(webhook.body.find("database:"), std::string::npos) << webhook.body;

  cluster.resume();

  Reply recovered;
  EXPECT_TRUE(eventually([&] {
    recovered = sandbox.call("GET", health_url);
    return recovered.status == 200 && recovered.json()["status"] == "healthy";
  })) << recovered.body;
  EXPECT_TRUE(
      eventually([&] { return sandbox.call("GET", sandbox.gatewayUrl("/readyz")).status == 200; }));
  Reply sent;
  EXPECT_TRUE(eventually([&] {
    sent = sandbox.send(sandbox.keyB(), textTo("+12015550151"));
    return sent.status == 200;
  })) << sent.body;
  EXPECT_EQ(sent.json()["status"], "sent");
  // Meta redelivers the refused webhook; this time it is stored and processed.
  Reply redelivered;
  EXPECT_TRUE(eventually([&] {
    redelivered = sandbox.postWebhook(kClinicA, inbound, kAppSecretA);
    return redelivered.status == 200;
  })) << redelivered.body;
  EXPECT_EQ(redelivered.json()["duplicate"], false);
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT count(*) FROM messages WHERE direction = 'inbound'") == 1;
  }));
}

}  // namespace
}  // namespace mensajero::testing
