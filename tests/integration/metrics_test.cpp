// GET /metrics (issue 12): the real binary's exposition, read by two real parsers
// (prometheus_client's and promtool's), the counters traffic moves, the token, the label bound.
#include <cstdlib>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "integration/metrics_scrape.h"
#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

std::string sourcePath(const std::string& relative) {
  const char* root = std::getenv("MENSAJERO_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/" + relative;
}

// Runs tests/integration/<script> on the scrape (written to a file) and returns its JSON
// output; the run's exit code and output land in `result`.
json runPythonCheck(const std::string& script, const std::string& exposition,
                    const std::vector<std::string>& extra_args, CommandResult& result) {
  TempDir dir;
  const std::string path = (dir.path() / "metrics.txt").string();
  std::ofstream(path) << exposition;
  std::vector<std::string> argv{"/usr/bin/python3", sourcePath("tests/integration/" + script)};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  argv.push_back(path);
  result = runCommand(argv);
  return json::parse(result.out, nullptr, false);
}

// Every family of docs/monitoring/metrics.md, as prometheus_client names them (a counter's
// family without its _total).
const std::set<std::string>& expectedFamilies() {
  static const std::set<std::string> families{"mensajero_http_requests",
                                              "mensajero_http_request_duration_seconds",
                                              "mensajero_webhook_response_seconds",
                                              "mensajero_http_rate_limited",
                                              "mensajero_webhooks_received",
                                              "mensajero_webhooks_verified",
                                              "mensajero_webhooks_rejected",
                                              "mensajero_webhooks_duplicate",
                                              "mensajero_webhooks_stored",
                                              "mensajero_webhooks_processed",
                                              "mensajero_webhook_ingest_to_applied_seconds",
                                              "mensajero_messages",
                                              "mensajero_delivery_attempts",
                                              "mensajero_fallbacks",
                                              "mensajero_circuit_breaker_state",
                                              "mensajero_circuit_breaker_transitions",
                                              "mensajero_rate_limit_deferrals",
                                              "mensajero_outbox_depth",
                                              "mensajero_outbox_oldest_due_age_seconds",
                                              "mensajero_webhook_backlog",
                                              "mensajero_store_gauges_refreshed_timestamp_seconds",
                                              "mensajero_store_gauges_refresh_failures",
                                              "mensajero_db_call_duration_seconds",
                                              "mensajero_db_call_errors",
                                              "mensajero_auth_failures",
                                              "mensajero_auth_blocked",
                                              "mensajero_webhook_events_refused",
                                              "mensajero_inbound_texts_truncated",
                                              "mensajero_inbound_dropped",
                                              "mensajero_inbound_events_recorded",
                                              "mensajero_dispatcher_queue_depth",
                                              "process_resident_memory_bytes",
                                              "process_virtual_memory_bytes",
                                              "process_open_fds",
                                              "process_max_fds",
                                              "process_threads",
                                              "process_start_time_seconds",
                                              "process_cpu_seconds"};
  return families;
}

class MetricsTest : public ::testing::Test {
 protected:
  Sandbox sandbox;
};

TEST_F(MetricsTest, RealParsersReadEveryFamilyAndTheCountersTrafficMoved) {
  // A send that the simulator accepts, delivers and reads (its status webhooks are signed).
  const Reply sent =
      sandbox.send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", "+12015550190"}}},
                                    {"message", {{"type", "text"}, {"content", "Recordatorio"}}}});
  ASSERT_EQ(sent.json()["status"], "sent") << sent.body;
  // A signed inbound webhook, a forged one, and a path no route knows.
  ASSERT_EQ(
      sandbox
          .postWebhook(kClinicA,
                       inboundWebhook(kPhoneNumberIdA, "wamid.MET-1", "12015550191", "Ana", "Hola"),
                       kAppSecretA)
          .status,
      200);
  ASSERT_EQ(
      sandbox
          .postWebhook(kClinicA,
                       inboundWebhook(kPhoneNumberIdA, "wamid.MET-2", "12015550191", "Ana", "Hola"),
                       "not-the-app-secret")
          .status,
      401);
  ASSERT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/no/such/path")).status, 404);
  ASSERT_TRUE(eventually([&] {
    return metricValue(sandbox,
                       R"(mensajero_messages_total{channel_type="whatsapp",provider="meta",)"
                       R"(status="read"})") == 1;
  })) << scrapeMetrics(sandbox).body;
  ASSERT_TRUE(eventually([&] {
    return metricValue(sandbox,
                       R"(mensajero_webhooks_processed_total{provider="meta",result="success"})") >=
           4;  // the inbound message; sent, delivered, read
  }));

  const Reply scrape = scrapeMetrics(sandbox);
  ASSERT_EQ(scrape.status, 200);
  EXPECT_EQ(scrape.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  CommandResult run;
  const json parsed = runPythonCheck("check_metrics.py", scrape.body, {}, run);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(parsed.is_object()) << run.out;
  EXPECT_EQ(parsed["promtool"], 0) << parsed["promtool_output"];

  std::set<std::string> families;
  for (const auto& [name, type] : parsed["families"].items()) families.insert(name);
  for (const std::string& family : expectedFamilies()) {
    EXPECT_TRUE(families.contains(family)) << family;
  }
  EXPECT_EQ(parsed["families"]["mensajero_http_request_duration_seconds"], "histogram");
  EXPECT_EQ(parsed["families"]["mensajero_circuit_breaker_state"], "gauge");

  auto value = [&](const std::string& name, const json& labels) -> std::optional<double> {
    for (const auto& sample : parsed["samples"]) {
      if (sample[0] == name && sample[1] == labels) return sample[2].get<double>();
    }
    return std::nullopt;
  };
  EXPECT_EQ(value("mensajero_webhooks_rejected_total",
                  {{"provider", "meta"}, {"reason", "invalid_signature"}}),
            1.0);
  // The simulator's three statuses and the inbound message; the forged one is received only.
  EXPECT_EQ(value("mensajero_webhooks_verified_total", {{"provider", "meta"}}), 4.0);
  EXPECT_EQ(value("mensajero_webhooks_received_total", {{"provider", "meta"}}), 5.0);
  EXPECT_EQ(value("mensajero_webhooks_stored_total", {{"provider", "meta"}}), 4.0);
  EXPECT_EQ(value("mensajero_messages_total",
                  {{"channel_type", "whatsapp"}, {"provider", "meta"}, {"status", "accepted"}}),
            1.0);
  EXPECT_EQ(value("mensajero_messages_total",
                  {{"channel_type", "whatsapp"}, {"provider", "meta"}, {"status", "sent"}}),
            1.0);
  EXPECT_EQ(value("mensajero_messages_total",
                  {{"channel_type", "whatsapp"}, {"provider", "meta"}, {"status", "delivered"}}),
            1.0);
  EXPECT_EQ(value("mensajero_delivery_attempts_total",
                  {{"channel_type", "whatsapp"}, {"provider", "meta"}, {"outcome", "sent"}}),
            1.0);
  EXPECT_EQ(value("mensajero_http_requests_total",
                  {{"route", "unmatched"}, {"method", "GET"}, {"status_class", "4xx"}}),
            1.0);
  EXPECT_EQ(
      value("mensajero_http_requests_total",
            {{"route", "/api/v2/messages/send"}, {"method", "POST"}, {"status_class", "2xx"}}),
      1.0);
  EXPECT_EQ(value("mensajero_webhook_response_seconds_count", {{"provider", "meta"}}), 5.0);
  EXPECT_GE(value("mensajero_webhook_ingest_to_applied_seconds_count", {{"provider", "meta"}})
                .value_or(0),
            4.0);
  EXPECT_EQ(value("mensajero_circuit_breaker_state",
                  {{"instance_id", sandbox.queryText("SELECT id FROM channel_instances WHERE "
                                                     "organization_id = '" +
                                                     std::string(kClinicA) + "'")},
                   {"channel_type", "whatsapp"},
                   {"provider", "meta"}}),
            0.0);
  const std::string backend = sandbox.onPostgres() ? "postgres" : "sqlite";
  EXPECT_GT(
      value("mensajero_db_call_duration_seconds_count", {{"backend", backend}, {"kind", "write"}})
          .value_or(0),
      0.0);
  EXPECT_GT(value("process_resident_memory_bytes", json::object()).value_or(0), 0.0);
  EXPECT_GT(value("process_open_fds", json::object()).value_or(0), 0.0);
  // No phone number and no message id reaches a label.
  EXPECT_EQ(scrape.body.find("12015550190"), std::string::npos);
  EXPECT_EQ(scrape.body.find("wamid"), std::string::npos);
}

TEST_F(MetricsTest, TheGrafanaDashboardQueriesOnlyFamiliesTheGatewayExposes) {
  const Reply scrape = scrapeMetrics(sandbox);
  ASSERT_EQ(scrape.status, 200);
  CommandResult run;
  const json checked = runPythonCheck("check_dashboard.py", scrape.body,
                                      {sourcePath("docs/grafana/mensajero.json")}, run);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_TRUE(checked.is_object()) << run.out << run.err;
  EXPECT_GE(checked["panels"].get<int>(), 6);
  EXPECT_TRUE(checked["unknown"].empty()) << checked["unknown"].dump();
}

TEST_F(MetricsTest, UnknownPathsDoNotGrowTheSeries) {
  auto httpSeries = [&] {
    const std::string body = scrapeMetrics(sandbox).body;
    int lines = 0;
    for (std::size_t at = body.find("\nmensajero_http_requests_total{"); at != std::string::npos;
         at = body.find("\nmensajero_http_requests_total{", at + 1)) {
      ++lines;
    }
    return lines;
  };
  ASSERT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/probe/first")).status, 404);
  httpSeries();  // the scrape's own series (GET /metrics) exists from here on
  const int before = httpSeries();
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(
        sandbox.call("GET", sandbox.gatewayUrl("/probe/" + std::to_string(i) + "/x%22y")).status,
        404);
  }
  EXPECT_EQ(httpSeries(), before);
  EXPECT_GE(metricValue(sandbox, R"(mensajero_http_requests_total{route="unmatched",)"
                                 R"(method="GET",status_class="4xx"})"),
            301);
}

// The spec's circuit_breaker_state alert reads mensajero_circuit_breaker_state >= 2.
TEST(MetricsBreakerTest, AnOpenBreakerShowsInItsStateTransitionsAttemptsAndBacklog) {
  SandboxOptions options;
  options.metrics = "{refresh_interval_ms: 100}";
  Sandbox sandbox(options);
  ASSERT_EQ(
      sandbox
          .simControl(
              "/_sim/control",
              {{"fail_next", 5}, {"error_code", 2}, {"http_status", 503}, {"retry_after_s", 600}})
          .status,
      200);
  for (int i = 0; i < 6; ++i) {
    const Reply reply =
        sandbox.send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", "+12015550185"}}},
                                      {"message", {{"type", "text"}, {"content", "m"}}}});
    ASSERT_EQ(reply.status, 202) << reply.body;
  }
  const std::string instance = sandbox.queryText(
      "SELECT id FROM channel_instances WHERE organization_id = '" + std::string(kClinicA) + "'");
  const std::string labels =
      "instance_id=\"" + instance + "\",channel_type=\"whatsapp\",provider=\"meta\"";
  std::string text;
  EXPECT_TRUE(eventually([&] {
    text = scrapeMetrics(sandbox).body;
    return seriesValue(text, "mensajero_outbox_depth") == 6;
  })) << text;
  EXPECT_EQ(seriesValue(text, "mensajero_circuit_breaker_state{" + labels + "}"), 2);
  EXPECT_EQ(seriesValue(text, "mensajero_circuit_breaker_transitions_total{" + labels +
                                  ",to_state=\"opened\"}"),
            1);
  const std::string attempts =
      "mensajero_delivery_attempts_total{channel_type=\"whatsapp\",provider=\"meta\",outcome=";
  EXPECT_EQ(seriesValue(text, attempts + "\"retry\"}"), 5);
  EXPECT_EQ(seriesValue(text, attempts + "\"deferred\"}"), 1);  // the sixth: circuit_open
  EXPECT_EQ(seriesValue(text, "mensajero_webhook_backlog"), 0);
}

TEST(MetricsFallbackTest, AFallbackIsCountedWithTheChannelThatCarriedTheMessage) {
  SandboxOptions options;
  options.delivery =
      "{send_wait_ms: 5000, poll_interval_ms: 200, circuit_breaker: {failure_threshold: 5}}";
  options.clinic_a_channels = metaWhatsAppAndTwilioSms();
  Sandbox sandbox(options);
  ASSERT_EQ(
      sandbox
          .simControl(
              "/_sim/control",
              {{"fail_next", 5}, {"error_code", 2}, {"http_status", 503}, {"retry_after_s", 600}})
          .status,
      200);
  auto send = [&](const json& fallbacks) {
    json request = {{"recipient", {{"type", "phone"}, {"value", "+12015550186"}}},
                    {"message", {{"type", "text"}, {"content", "m"}}}};
    if (!fallbacks.is_null()) request["options"] = {{"fallbackChannels", fallbacks}};
    return sandbox.send(sandbox.keyA(), request);
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(send(nullptr).status, 202);
  ASSERT_EQ(sandbox.simControl("/_sim/reset", json::object()).status, 200);
  const Reply fell_back = send(json{"sms"});
  ASSERT_EQ(fell_back.status, 200) << fell_back.body;
  ASSERT_EQ(fell_back.json()["fallbackUsed"], "sms");

  const std::string text = scrapeMetrics(sandbox).body;
  EXPECT_EQ(seriesValue(text, R"(mensajero_fallbacks_total{from_channel_type="whatsapp",)"
                              R"(to_channel_type="sms"})"),
            1);
  EXPECT_EQ(seriesValue(text, R"(mensajero_messages_total{channel_type="sms",provider="twilio",)"
                              R"(status="sent"})"),
            1);
  EXPECT_EQ(seriesValue(text, R"(mensajero_messages_total{channel_type="whatsapp",)"
                              R"(provider="meta",status="accepted"})"),
            6);
}

TEST(MetricsTokenTest, WithATokenAScrapeNeedsIt) {
  SandboxOptions options;
  options.metrics = "{token: scrape-secret-1234}";
  Sandbox sandbox(options);
  const Reply without = scrapeMetrics(sandbox);
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(without.json()["error"]["code"], "invalid_metrics_token");
  EXPECT_EQ(scrapeMetrics(sandbox, "scrape-secret-123").status, 401);
  EXPECT_EQ(scrapeMetrics(sandbox, sandbox.keyA()).status, 401);  // an API key is not it
  const Reply with = scrapeMetrics(sandbox, "scrape-secret-1234");
  EXPECT_EQ(with.status, 200);
  EXPECT_NE(with.body.find("# TYPE mensajero_http_requests_total counter"), std::string::npos);
}

TEST(MetricsTokenTest, WithoutATokenTheEndpointIsOpen) {
  Sandbox sandbox;
  EXPECT_EQ(scrapeMetrics(sandbox).status, 200);
}

}  // namespace
}  // namespace mensajero::testing
