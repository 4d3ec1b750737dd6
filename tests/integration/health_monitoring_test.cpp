// Issue 12: the spec's HealthResponse with exactly its five services, the
// Graph API probe at most once per interval per channel instance, /livez and /readyz, and the
// sampled history of system_health_metrics.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "support/eventually.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

Reply getWithKey(Sandbox& sandbox, const std::string& path, const std::string& key) {
  return sandbox.call("GET", sandbox.gatewayUrl(path), "", {{"Authorization", "Bearer " + key}});
}

std::set<std::string> keysOf(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

TEST(HealthMonitoringTest, HealthHasTheSpecsShapeAndExactlyItsFiveServices) {
  Sandbox sandbox;
  const Reply reply = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json health = reply.json();
  EXPECT_EQ(keysOf(health), (std::set<std::string>{"status", "timestamp", "services", "metrics"}));
  EXPECT_EQ(keysOf(health["services"]),
            (std::set<std::string>{"database", "whatsapp_api", "circuit_breaker", "message_queue",
                                   "webhook_endpoint"}));
  for (const auto& [name, service] : health["services"].items()) {
    EXPECT_EQ(service["status"], "healthy") << name << ": " << service.dump();
    EXPECT_TRUE(service["responseTime"].is_number()) << name;
    EXPECT_TRUE(service["lastCheck"].is_string()) << name;
  }
  const std::set<std::string> spec_metrics = {"uptime", "requestsPerMinute", "errorRate",
                                              "averageResponseTime"};
  for (const std::string& metric : spec_metrics) {
    EXPECT_TRUE(health["metrics"][metric].is_number()) << metric;
  }
  // An organization's caller sees its breakers; the anonymous caller sees no details at all.
  const Reply as_a = getWithKey(sandbox, "/api/v2/health", sandbox.keyA());
  const std::string details = as_a.json()["services"]["circuit_breaker"].value("details", "");
  EXPECT_NE(details.find("2 CLOSED"), std::string::npos) << as_a.body;
  EXPECT_NE(details.find("can deliver"), std::string::npos) << as_a.body;
}

// Point 2: however many health requests arrive within one interval, the simulated Graph API
// sees at most one business-profile call per channel instance.
TEST(HealthMonitoringTest, TheBusinessProfileIsProbedAtMostOncePerIntervalPerInstance) {
  SandboxOptions options;
  options.health = "{whatsapp_check_interval_seconds: 600}";
  Sandbox sandbox(options);
  for (int i = 0; i < 25; ++i) {
    ASSERT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).status, 200);
    ASSERT_EQ(getWithKey(sandbox, "/api/v2/health", i % 2 ? sandbox.keyA() : sandbox.keyB()).status,
              200);
  }
  const json calls = sandbox.call("GET", sandbox.simUrl("/_sim/business-profile-calls")).json();
  EXPECT_EQ(calls["calls"].value(kPhoneNumberIdA, 0), 1) << calls.dump();
  EXPECT_EQ(calls["calls"].value(kPhoneNumberIdB, 0), 1) << calls.dump();
  EXPECT_EQ(calls["total"], 2) << calls.dump();
}

TEST(HealthMonitoringTest, LivezAndReadyzAnswerWhenTheGatewayIsReady) {
  Sandbox sandbox;
  const Reply live = sandbox.call("GET", sandbox.gatewayUrl("/livez"));
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.json()["status"], "alive");
  const Reply ready = sandbox.call("GET", sandbox.gatewayUrl("/readyz"));
  ASSERT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(ready.json()["status"], "ready");
  EXPECT_EQ(keysOf(ready.json()["checks"]),
            (std::set<std::string>{"database", "migrations", "shutdown"}));
  EXPECT_EQ(ready.json()["checks"]["migrations"]["status"], "healthy");
  EXPECT_FALSE(ready.json().contains("failed"));
}

// /readyz says "not ready" and names the check when the schema is behind the binary (a
// database another, older binary migrated back, or one restored from an old backup).
TEST(HealthMonitoringTest, ReadyzIs503NamingMigrationsWhenTheSchemaIsNotCurrent) {
  Sandbox sandbox;
  sandbox.executeSql(
      "DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
  const Reply ready = sandbox.call("GET", sandbox.gatewayUrl("/readyz"));
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(ready.json()["status"], "not_ready");
  EXPECT_EQ(ready.json()["failed"], json::array({"migrations"})) << ready.body;
  EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/livez")).status, 200);
}

// Point 3: with a 1-second sample interval the history fills with every service's samples.
TEST(HealthMonitoringTest, HistoryReturnsTheSamplesOfEveryServiceWithoutTenantData) {
  SandboxOptions options;
  options.health = "{sample_interval_seconds: 1}";
  Sandbox sandbox(options);
  const std::string range =
      "/api/v2/health/history?from=" + isoTimeFromNow(std::chrono::seconds(-3600)) +
      "&to=" + isoTimeFromNow(std::chrono::seconds(3600));
  json history;
  ASSERT_TRUE(eventually([&] {
    history = getWithKey(sandbox, range, sandbox.keyA()).json();
    std::set<std::string> services;
    for (const json& sample : history["samples"]) services.insert(sample["service"]);
    return services.size() == 6 && history["samples"].size() >= 26;  // two rounds at least
  })) << history.dump();
  EXPECT_EQ(history["truncated"], false);
  const json& first = history["samples"][0];
  EXPECT_TRUE(first["value"].is_number());
  EXPECT_TRUE(first["timestamp"].is_string());
  EXPECT_TRUE(first["instanceId"].is_string());
  const std::string body = history.dump();
  EXPECT_EQ(body.find(kClinicA), std::string::npos);
  EXPECT_EQ(body.find(kPhoneNumberIdA), std::string::npos);

  const json filtered =
      getWithKey(sandbox, range + "&service=database&metric=status", sandbox.keyB()).json();
  ASSERT_FALSE(filtered["samples"].empty()) << filtered.dump();
  for (const json& sample : filtered["samples"]) {
    EXPECT_EQ(sample["service"], "database");
    EXPECT_EQ(sample["metric"], "status");
    EXPECT_EQ(sample["value"], 0);
  }
}

TEST(HealthMonitoringTest, HistoryRefusesBadRangesWithClearCodes) {
  Sandbox sandbox;
  const auto codeOf = [&](const std::string& query) {
    const Reply reply = getWithKey(sandbox, "/api/v2/health/history" + query, sandbox.keyA());
    EXPECT_EQ(reply.status, 400) << query << ": " << reply.body;
    return reply.json()["error"]["code"].get<std::string>();
  };
  EXPECT_EQ(codeOf(""), "invalid_timestamp");
  EXPECT_EQ(codeOf("?from=2026-01-01T00:00:00Z"), "invalid_timestamp");
  EXPECT_EQ(codeOf("?from=yesterday&to=2026-01-01T00:00:00Z"), "invalid_timestamp");
  EXPECT_EQ(codeOf("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), "invalid_time_range");
  EXPECT_EQ(codeOf("?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"), "invalid_time_range");
  EXPECT_EQ(codeOf("?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&service=clinic"),
            "invalid_service");
  EXPECT_EQ(codeOf("?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&metric=cpu"),
            "invalid_metric");
  const Reply anonymous = sandbox.call(
      "GET", sandbox.gatewayUrl(
                 "/api/v2/health/history?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"));
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
}

}  // namespace
}  // namespace mensajero::testing
