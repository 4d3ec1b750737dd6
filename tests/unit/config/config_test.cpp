#include "app/config.h"

#include <cstdlib>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::loadError;
using config_test::loadText;
using ::testing::HasSubstr;

TEST(ConfigTest, NoPathGivesStructDefaults) {
  Config config = loadConfig(std::nullopt, {});
  const Config defaults;
  EXPECT_EQ(config.server.host, defaults.server.host);
  EXPECT_EQ(config.server.port, 8080);
  EXPECT_EQ(config.server.webhook_body_limit_bytes, std::size_t{4} << 20);
  EXPECT_EQ(config.storage.url, "sqlite:var/mensajero.db");
  EXPECT_EQ(config.delivery.send_wait_ms, defaults.delivery.send_wait_ms);
  EXPECT_EQ(config.webhooks.event_retention_days, defaults.webhooks.event_retention_days);
  EXPECT_EQ(config.logging.level, "info");
  EXPECT_TRUE(config.organizations.empty());
  // A send waiting for its first attempt when SIGTERM comes still gets its answer.
  EXPECT_EQ(config.server.shutdown_grace_ms, 15'000);
  EXPECT_GT(config.server.shutdown_grace_ms, config.delivery.send_wait_ms);
}

TEST(ConfigTest, EmptyFileAndEmptySectionsGiveDefaults) {
  EXPECT_EQ(loadText("").server.port, 8080);
  EXPECT_EQ(loadText("# only a comment\n").server.port, 8080);
  Config config = loadText("server:\nstorage:\norganizations:\n");
  EXPECT_EQ(config.server.port, 8080);
  EXPECT_TRUE(config.organizations.empty());
}

TEST(ConfigTest, FullFileSetsEveryScalarKey) {
  Config config = loadText(R"yaml(
server:
  host: 0.0.0.0
  port: 9000
  io_threads: 3
  blocking_threads: 5
  body_limit_bytes: 2048
  webhook_body_limit_bytes: 5000000000
  header_timeout_ms: 11
  body_timeout_ms: 12
  idle_timeout_ms: 13
  shutdown_grace_ms: 14
storage:
  url: postgresql://gateway@db/mensajero
  busy_timeout_ms: 15
  read_connections: 6
delivery:
  workers: 7
  send_wait_ms: 16
  lease_ms: 17
  poll_interval_ms: 18
webhooks:
  batch_size: 19
  event_retention_days: 20
logging:
  level: debug
)yaml");
  EXPECT_EQ(config.server.host, "0.0.0.0");
  EXPECT_EQ(config.server.port, 9000);
  EXPECT_EQ(config.server.io_threads, 3);
  EXPECT_EQ(config.server.blocking_threads, 5);
  EXPECT_EQ(config.server.body_limit_bytes, 2048u);
  EXPECT_EQ(config.server.webhook_body_limit_bytes, 5'000'000'000u);
  EXPECT_EQ(config.server.header_timeout_ms, 11);
  EXPECT_EQ(config.server.body_timeout_ms, 12);
  EXPECT_EQ(config.server.idle_timeout_ms, 13);
  EXPECT_EQ(config.server.shutdown_grace_ms, 14);
  EXPECT_EQ(config.storage.url, "postgresql://gateway@db/mensajero");
  EXPECT_EQ(config.storage.busy_timeout_ms, 15);
  EXPECT_EQ(config.storage.read_connections, 6);
  EXPECT_EQ(config.delivery.workers, 7);
  EXPECT_EQ(config.delivery.send_wait_ms, 16);
  EXPECT_EQ(config.delivery.lease_ms, 17);
  EXPECT_EQ(config.delivery.poll_interval_ms, 18);
  EXPECT_EQ(config.webhooks.batch_size, 19);
  EXPECT_EQ(config.webhooks.event_retention_days, 20);
  EXPECT_EQ(config.logging.level, "debug");
}

TEST(ConfigTest, UnknownKeysAreNamed) {
  ConfigError in_section = loadError("server:\n  prot: 80\n");
  EXPECT_EQ(in_section.key(), "server.prot");
  EXPECT_THAT(in_section.what(), HasSubstr("unknown key"));
  EXPECT_EQ(loadError("sever:\n  port: 80\n").key(), "sever");
}

TEST(ConfigTest, DuplicateKeyIsNamed) {
  EXPECT_EQ(loadError("server:\n  port: 80\n  port: 81\n").key(), "server.port");
}

TEST(ConfigTest, WrongTypesNameKeyAndExpectedType) {
  ConfigError port = loadError("server:\n  port: eighty\n");
  EXPECT_EQ(port.key(), "server.port");
  EXPECT_THAT(port.what(), HasSubstr("expected an integer"));
  ConfigError host = loadError("server:\n  host: [a, b]\n");
  EXPECT_EQ(host.key(), "server.host");
  EXPECT_THAT(host.what(), HasSubstr("expected a string, got a sequence"));
  ConfigError section = loadError("storage: sqlite:x.db\n");
  EXPECT_EQ(section.key(), "storage");
  EXPECT_THAT(section.what(), HasSubstr("expected a mapping"));
  EXPECT_EQ(loadError("server:\n  port:\n").key(), "server.port");
  EXPECT_EQ(loadError("server:\n  io_threads: 2.5\n").key(), "server.io_threads");
}

TEST(ConfigTest, PortOutsideRangeIsNamed) {
  for (const char* port : {"65536", "-1", "99999999999999999999"}) {
    ConfigError error = loadError(std::string("server:\n  port: ") + port + "\n");
    EXPECT_EQ(error.key(), "server.port") << port;
  }
  EXPECT_EQ(loadText("server:\n  port: 0\n").server.port, 0);
  EXPECT_EQ(loadText("server:\n  port: 65535\n").server.port, 65535);
}

TEST(ConfigTest, ThreadCountsAreBounded) {
  EXPECT_EQ(loadError("server:\n  io_threads: 0\n").key(), "server.io_threads");
  EXPECT_EQ(loadError("delivery:\n  workers: 257\n").key(), "delivery.workers");
  EXPECT_EQ(loadText("delivery:\n  workers: 256\n").delivery.workers, 256);
}

TEST(ConfigTest, LimitsAndTimeoutsMustBePositive) {
  EXPECT_EQ(loadError("server:\n  body_limit_bytes: 0\n").key(), "server.body_limit_bytes");
  EXPECT_EQ(loadError("delivery:\n  lease_ms: -5\n").key(), "delivery.lease_ms");
  EXPECT_EQ(loadError("webhooks:\n  batch_size: 0\n").key(), "webhooks.batch_size");
}

TEST(ConfigTest, BadLogLevelIsNamed) {
  ConfigError error = loadError("logging:\n  level: verbose\n");
  EXPECT_EQ(error.key(), "logging.level");
  EXPECT_THAT(error.what(), HasSubstr("trace, debug, info, warn, error, off"));
}

TEST(ConfigTest, StorageUrlNeedsAKnownScheme) {
  EXPECT_EQ(loadError("storage:\n  url: mysql://db\n").key(), "storage.url");
  EXPECT_EQ(loadError("storage:\n  url: 'sqlite:'\n").key(), "storage.url");
  EXPECT_EQ(loadText("storage:\n  url: postgres://db/m\n").storage.url, "postgres://db/m");
  EXPECT_EQ(loadText("storage:\n  url: 'sqlite::memory:'\n").storage.url, "sqlite::memory:");
}

TEST(ConfigTest, StorageUrlErrorDoesNotEchoThePassword) {
  ConfigError error = loadError("storage:\n  url: mysql://user:hunter2@db\n");
  EXPECT_THAT(error.what(), ::testing::Not(HasSubstr("hunter2")));
}

TEST(ConfigTest, VariablesAreSubstituted) {
  Config config =
      loadText("server:\n  host: ${HOST}\n  port: ${PORT}\nstorage:\n  url: sqlite:${DIR}/m.db\n",
               {{"HOST", "10.0.0.1"}, {"PORT", "7000"}, {"DIR", "/var/lib"}});
  EXPECT_EQ(config.server.host, "10.0.0.1");
  EXPECT_EQ(config.server.port, 7000);
  EXPECT_EQ(config.storage.url, "sqlite:/var/lib/m.db");
}

TEST(ConfigTest, MissingVariableNamesKeyAndVariable) {
  ConfigError error = loadError("server:\n  host: ${GATEWAY_HOST}\n");
  EXPECT_EQ(error.key(), "server.host");
  EXPECT_THAT(error.what(), HasSubstr("GATEWAY_HOST"));
}

TEST(ConfigTest, DoubleDollarEscapesAReference) {
  Config config = loadText("server:\n  host: a$${B}c$d\n");
  EXPECT_EQ(config.server.host, "a${B}c$d");
}

TEST(ConfigTest, MalformedReferencesAreNamed) {
  EXPECT_EQ(loadError("server:\n  host: ${HOST\n").key(), "server.host");
  EXPECT_EQ(loadError("server:\n  host: ${1X}\n", {{"1X", "a"}}).key(), "server.host");
}

TEST(ConfigTest, UnreadableFileIsAConfigError) {
  auto missing = std::filesystem::temp_directory_path() / "mensajero-no-such-file.yaml";
  try {
    loadConfig(missing.string(), {});
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "config");
    EXPECT_THAT(e.what(), HasSubstr("mensajero-no-such-file.yaml"));
  }
}

TEST(ConfigTest, DirectoryIsAConfigError) {
  try {
    loadConfig(std::filesystem::temp_directory_path().string(), {});
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "config");
  }
}

TEST(ConfigTest, InvalidYamlGivesLineAndColumn) {
  ConfigError error = loadError("server:\n  port: [80,\nlogging: {}\n");
  EXPECT_EQ(error.key(), "config");
  EXPECT_THAT(error.what(), ::testing::ContainsRegex(R"(\.yaml:[0-9]+:[0-9]+: )"));
}

TEST(ConfigTest, TopLevelMustBeAMapping) {
  EXPECT_EQ(loadError("- server\n").key(), "config");
  EXPECT_EQ(loadError("just text\n").key(), "config");
}

TEST(ConfigTest, ProcessEnvironmentReadsTheProcess) {
  ASSERT_EQ(::setenv("MENSAJERO_CONFIG_TEST_VALUE", "a=b", 1), 0);
  EXPECT_EQ(processEnvironment().at("MENSAJERO_CONFIG_TEST_VALUE"), "a=b");
  ::unsetenv("MENSAJERO_CONFIG_TEST_VALUE");
}

}  // namespace
}  // namespace mensajero::app

namespace mensajero::app {
namespace {

// Issue 10: the URL URL-signing providers are checked against.
TEST(ConfigPublicBaseUrlTest, IsSchemeAndHostOnly) {
  EXPECT_EQ(loadText("server:\n  public_base_url: https://gw.example.org\n").server.public_base_url,
            "https://gw.example.org");
  EXPECT_TRUE(loadText("").server.public_base_url.empty());
  for (const char* bad : {"gw.example.org", "https://", "https://gw.example.org/api"}) {
    EXPECT_THROW(loadText(std::string("server:\n  public_base_url: ") + bad + "\n"), ConfigError)
        << bad;
  }
}

}  // namespace
}  // namespace mensajero::app
