#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"

namespace mensajero::app {
namespace {

// CTest sets MENSAJERO_SOURCE_DIR; run by hand, the test skips instead of guessing a path.
std::string sourceFile(const std::string& relative) {
  const char* root = std::getenv("MENSAJERO_SOURCE_DIR");
  if (root == nullptr) {
    return {};
  }
  return std::string(root) + "/" + relative;
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* const kVariables[] = {
    "MENSAJERO_METRICS_TOKEN",
    "MENSAJERO_METRICS_REFRESH_INTERVAL_MS",
    "MENSAJERO_SERVER_HOST",
    "MENSAJERO_SERVER_PORT",
    "MENSAJERO_SERVER_IO_THREADS",
    "MENSAJERO_SERVER_BLOCKING_THREADS",
    "MENSAJERO_SERVER_BODY_LIMIT_BYTES",
    "MENSAJERO_SERVER_WEBHOOK_BODY_LIMIT_BYTES",
    "MENSAJERO_SERVER_HEADER_TIMEOUT_MS",
    "MENSAJERO_SERVER_BODY_TIMEOUT_MS",
    "MENSAJERO_SERVER_IDLE_TIMEOUT_MS",
    "MENSAJERO_SERVER_SHUTDOWN_GRACE_MS",
    "MENSAJERO_SERVER_PUBLIC_BASE_URL",
    "MENSAJERO_STORAGE_URL",
    "MENSAJERO_STORAGE_BUSY_TIMEOUT_MS",
    "MENSAJERO_STORAGE_READ_CONNECTIONS",
    "MENSAJERO_DELIVERY_WORKERS",
    "MENSAJERO_DELIVERY_SEND_WAIT_MS",
    "MENSAJERO_DELIVERY_LEASE_MS",
    "MENSAJERO_DELIVERY_POLL_INTERVAL_MS",
    "MENSAJERO_DELIVERY_MAX_ATTEMPTS",
    "MENSAJERO_DELIVERY_BACKOFF_BASE_MS",
    "MENSAJERO_DELIVERY_BACKOFF_CAP_MS",
    "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_FAILURE_THRESHOLD",
    "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_RECOVERY_TIMEOUT_MS",
    "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_MONITORING_WINDOW_MS",
    "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS",
    "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_EMERGENCY_SHUTDOWN_THRESHOLD",
    "MENSAJERO_WEBHOOKS_BATCH_SIZE",
    "MENSAJERO_WEBHOOKS_EVENT_RETENTION_DAYS",
    "MENSAJERO_MEDIA_MAX_UPLOAD_BYTES",
    "MENSAJERO_MEDIA_RETENTION_DAYS",
    "MENSAJERO_ALERTING_EVALUATION_INTERVAL_SECONDS",
    "MENSAJERO_ALERTING_REPEAT_INTERVAL_MINUTES",
    "MENSAJERO_ALERTING_LEASE_SECONDS",
    "MENSAJERO_LOGGING_LEVEL",
    "MENSAJERO_WHATSAPP_ENFORCE_SERVICE_WINDOW",
};

TEST(ConfigExampleTest, ExampleFileLoadsWithItsSecretsSet) {
  std::string path = sourceFile("config/mensajero.example.yaml");
  if (path.empty()) {
    GTEST_SKIP() << "MENSAJERO_SOURCE_DIR is not set";
  }
  Config config = loadConfig(path, {{"META_ACCESS_TOKEN", "token"},
                                    {"META_APP_SECRET", "secret"},
                                    {"META_VERIFY_TOKEN", "verify"}});
  const Config defaults;
  EXPECT_EQ(config.server.port, defaults.server.port);
  EXPECT_EQ(config.server.webhook_body_limit_bytes, defaults.server.webhook_body_limit_bytes);
  EXPECT_EQ(config.storage.url, defaults.storage.url);
  EXPECT_EQ(config.webhooks.event_retention_days, defaults.webhooks.event_retention_days);
  ASSERT_EQ(config.organizations.size(), 1u);
  ASSERT_EQ(config.organizations[0].channels.size(), 1u);
  auto provider_config =
      nlohmann::json::parse(config.organizations[0].channels[0].provider_config_json);
  EXPECT_EQ(provider_config["access_token"], "token");
  EXPECT_EQ(provider_config["verify_token"], "verify");
}

TEST(ConfigExampleTest, ExampleFileNeedsItsSecrets) {
  std::string path = sourceFile("config/mensajero.example.yaml");
  if (path.empty()) {
    GTEST_SKIP() << "MENSAJERO_SOURCE_DIR is not set";
  }
  EXPECT_THROW(loadConfig(path, {}), ConfigError);
}

// The example and the reference must not fall behind the loader.
TEST(ConfigExampleTest, ExampleAndDocsNameEveryVariable) {
  std::string example = sourceFile("config/mensajero.example.yaml");
  if (example.empty()) {
    GTEST_SKIP() << "MENSAJERO_SOURCE_DIR is not set";
  }
  std::string example_text = readText(example);
  std::string docs_text = readText(sourceFile("docs/configuration.md"));
  for (const char* variable : kVariables) {
    EXPECT_NE(example_text.find(variable), std::string::npos) << "example lacks " << variable;
    EXPECT_NE(docs_text.find(variable), std::string::npos) << "docs lack " << variable;
  }
}

TEST(ConfigExampleTest, TwilioExampleDeclaresSmsAndWhatsAppChannels) {
  std::string path = sourceFile("config/twilio-sms.example.yaml");
  if (path.empty()) {
    GTEST_SKIP() << "MENSAJERO_SOURCE_DIR is not set";
  }
  EXPECT_THROW(loadConfig(path, {}), ConfigError);  // the token must come from the environment
  Config config = loadConfig(path, {{"TWILIO_AUTH_TOKEN", "tok"}});
  ASSERT_EQ(config.organizations.size(), 1u);
  const auto& channels = config.organizations[0].channels;
  ASSERT_EQ(channels.size(), 2u);
  EXPECT_EQ(channels[0].type, "sms");
  EXPECT_EQ(channels[0].provider, "twilio");
  EXPECT_EQ(channels[1].type, "whatsapp");
  EXPECT_EQ(nlohmann::json::parse(channels[0].provider_config_json)["auth_token"], "tok");
}

}  // namespace
}  // namespace mensajero::app
