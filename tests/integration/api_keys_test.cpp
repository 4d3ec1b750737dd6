// Issue 8 item 6 against the real binary: keys revoked with the CLI are refused within a
// second (by every instance on one database), scopes limit what a key may do, and a source
// that keeps failing to authenticate is slowed down.
#include <chrono>

#include <gtest/gtest.h>

#include "integration/metrics_scrape.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Revocation takes effect within a second of its commit; the rest of the bound is for the
// requests that observe it (the gateway runs under sanitizers).
constexpr milliseconds kRevocationBound{1'500};

json textTo(const std::string& phone) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", "Test message"}}}};
}

std::string lastLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

Reply bearerCall(Sandbox& sandbox, const std::string& method, const std::string& url,
                 const std::string& key) {
  return sandbox.call(method, url, "", {{"Authorization", "Bearer " + key}});
}

// The id of clinic A's only key (the sandbox's), read with `key list`.
std::string onlyKeyIdOfClinicA(Sandbox& sandbox) {
  const auto listed = sandbox.runGatewayCommand({"key", "list", "--org", kClinicA});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  const std::string row = lastLine(listed.out);
  return row.substr(0, row.find('\t'));
}

// Creates a key for clinic A with `scopes`; returns its token.
std::string keyWithScopes(Sandbox& sandbox, const std::string& scopes) {
  const auto created = sandbox.runGatewayCommand(
      {"key", "create", "--org", kClinicA, "--name", "scoped", "--scopes", scopes});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  return lastLine(created.out);
}

// Waits until every instance refuses `key` and returns how long that took.
milliseconds untilRefusedEverywhere(Sandbox& sandbox, const std::string& key,
                                    const std::vector<std::size_t>& instances,
                                    steady_clock::time_point since) {
  for (std::size_t instance : instances) {
    EXPECT_TRUE(eventually(
        [&] {
          return bearerCall(sandbox, "GET", sandbox.gatewayUrl("/api/v2/channels", instance), key)
                     .status == 401;
        },
        std::chrono::seconds(5)))
        << "instance " << instance;
  }
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - since);
}

TEST(ApiKeysTest, KeyRevokedWithTheCliIsRefusedWithinASecond) {
  Sandbox sandbox;
  const std::string url = sandbox.gatewayUrl("/api/v2/channels");
  // In use, so the gateway holds it in its cache.
  ASSERT_EQ(bearerCall(sandbox, "GET", url, sandbox.keyA()).status, 200);

  const std::string id = onlyKeyIdOfClinicA(sandbox);
  const auto revoked = sandbox.runGatewayCommand({"key", "revoke", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  const auto committed = steady_clock::now();
  EXPECT_EQ(lastLine(revoked.out), id);

  EXPECT_LE(untilRefusedEverywhere(sandbox, sandbox.keyA(), {0}, committed), kRevocationBound);
  const Reply refused = bearerCall(sandbox, "GET", url, sandbox.keyA());
  EXPECT_EQ(refused.json()["error"]["code"], "unauthorized");
  // Clinic B's key is untouched.
  EXPECT_EQ(bearerCall(sandbox, "GET", url, sandbox.keyB()).status, 200);
  // The listing shows when it was revoked.
  const auto listed = sandbox.runGatewayCommand({"key", "list", "--org", kClinicA});
  EXPECT_EQ(lastLine(listed.out).substr(lastLine(listed.out).rfind('\t') + 1).size(), 24u)
      << listed.out;
}

TEST(ApiKeysTest, RevocationReachesEveryInstanceOnOneDatabaseWithinASecond) {
  if (!suiteRunsOnPostgres()) {
    GTEST_SKIP() << "PostgreSQL only (gateway_integration_test_postgres runs it)";
  }
  Sandbox sandbox;
  sandbox.startGateway(1);
  for (std::size_t instance : {0, 1}) {
    ASSERT_EQ(
        bearerCall(sandbox, "GET", sandbox.gatewayUrl("/api/v2/channels", instance), sandbox.keyA())
            .status,
        200);
  }
  const auto revoked = sandbox.runGatewayCommand({"key", "revoke", onlyKeyIdOfClinicA(sandbox)});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  const auto committed = steady_clock::now();
  EXPECT_LE(untilRefusedEverywhere(sandbox, sandbox.keyA(), {0, 1}, committed), kRevocationBound);
}

TEST(ApiKeysTest, ReadOnlyKeyReadsButCannotSend) {
  Sandbox sandbox;
  const std::string reader = keyWithScopes(sandbox, "read");
  const Reply sent = sandbox.send(reader, textTo("+12015550170"));
  EXPECT_EQ(sent.status, 403) << sent.body;
  EXPECT_EQ(sent.json()["error"]["code"], "insufficient_scope");
  EXPECT_EQ(sent.json()["error"]["retryable"], false);
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 0);
  EXPECT_EQ(bearerCall(sandbox, "GET", sandbox.gatewayUrl("/api/v2/channels"), reader).status, 200);
}

TEST(ApiKeysTest, DisablingAChannelNeedsTheAdminScope) {
  Sandbox sandbox;
  const std::string operator_key = keyWithScopes(sandbox, "send,read");
  const json channels =
      bearerCall(sandbox, "GET", sandbox.gatewayUrl("/api/v2/channels"), operator_key).json();
  ASSERT_EQ(channels["channels"].size(), 1u) << channels.dump();
  const std::string id = channels["channels"][0]["id"];
  const std::string disable = sandbox.gatewayUrl("/api/v2/channels/" + id + "/disable");

  const Reply refused = bearerCall(sandbox, "POST", disable, operator_key);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "insufficient_scope");
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM channel_instances WHERE status = 'inactive'"),
            0);
  // The sandbox's key was made without --scopes: every scope, as before scopes existed.
  EXPECT_EQ(bearerCall(sandbox, "POST", disable, sandbox.keyA()).status, 200);
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM channel_instances WHERE status = 'inactive'"),
            1);
}

TEST(ApiKeysTest, ASourceThatKeepsFailingGets429AndTheSecretIsNotLogged) {
  Sandbox sandbox;
  const std::string url = sandbox.gatewayUrl("/api/v2/channels");
  ASSERT_EQ(bearerCall(sandbox, "GET", url, sandbox.keyA()).status, 200);
  // limits.auth_failures_per_minute defaults to 10.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(bearerCall(sandbox, "GET", url, "mj_guess_" + std::to_string(i)).status, 401) << i;
  }
  const Reply blocked = bearerCall(sandbox, "GET", url, "mj_guess_10");
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.json()["error"]["code"], "too_many_failed_authentications");
  EXPECT_EQ(blocked.header("retry-after"), "60");
  // A key the source was already using keeps working: a clinic behind the same proxy as the
  // guesser is not locked out.
  EXPECT_EQ(bearerCall(sandbox, "GET", url, sandbox.keyA()).status, 200);

  const std::string metrics = scrapeMetrics(sandbox).body;
  EXPECT_EQ(seriesValue(metrics, "mensajero_auth_failures_total"), 10);
  EXPECT_EQ(seriesValue(metrics, "mensajero_auth_blocked_total"), 1);
  const std::string log = sandbox.gatewayLog();
  EXPECT_NE(log.find("authentication failed from 127.0.0.1: unknown API key"), std::string::npos);
  EXPECT_NE(log.find("blocking authentication from 127.0.0.1"), std::string::npos);
  EXPECT_EQ(log.find("mj_guess_"), std::string::npos);
}

}  // namespace
}  // namespace mensajero::testing
