// The `mensajero` command line as scripts use it: results on the last stdout line, config
// errors naming the key.
#include <fstream>

#include <gtest/gtest.h>

#include "integration/gateway_database.h"
#include "security/crypto.h"
#include "support/child_process.h"
#include "support/temp_dir.h"

namespace mensajero::testing {
namespace {

std::string gatewayBinary() {
  return std::string(std::getenv("MENSAJERO_BINARY_DIR")) + "/src/app/mensajero";
}

std::string lastLine(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

// On the suite's store: a SQLite file, or a database of its own on PostgreSQL.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir.file("cli.yaml"))
        << "storage: {url: \"" << database.url() << "\"}\nlogging: {level: warn}\n";
  }
  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {gatewayBinary(), "--config", dir.file("cli.yaml")});
    return runCommand(args);
  }
  TempDir dir;
  GatewayDatabase database{dir.file("cli.db"), suitePostgresCluster()};
};

TEST_F(CliTest, OrgCreateAndKeyCreatePrintIdAndTokenLast) {
  const auto org = run({"org", "create", "--name", "Clinica Norte", "--region", "MX"});
  ASSERT_EQ(org.exit_code, 0) << org.err;
  const std::string org_id = lastLine(org.out);
  EXPECT_TRUE(security::isUuid(org_id)) << org.out;

  const auto key = run({"key", "create", "--org", org_id, "--name", "frontdesk"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string token = lastLine(key.out);
  EXPECT_EQ(token.rfind("mj_", 0), 0u) << key.out;
  // Only the hash is stored: the token itself is nowhere in the database file, nor (on
  // PostgreSQL) in any column of the key's row.
  const std::string secret = token.substr(3);
  if (database.onPostgres()) {
    EXPECT_EQ(database.queryNumber("SELECT count(*) FROM api_keys k WHERE strpos(k::text, '" +
                                   secret + "') > 0"),
              0);
    EXPECT_EQ(database.queryNumber("SELECT count(*) FROM api_keys"), 1);
  } else {
    std::ifstream db(dir.file("cli.db"), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(secret), std::string::npos);
  }
}

TEST_F(CliTest, KeyForUnknownOrganizationFails) {
  const auto key = run({"key", "create", "--org", "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99"});
  EXPECT_NE(key.exit_code, 0);
}

TEST_F(CliTest, MigrateReportsTheSchemaVersion) {
  const auto migrate = run({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("schema version 3"), std::string::npos) << migrate.out;
  // Running it again changes nothing.
  const auto again = run({"migrate"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("schema version 3"), std::string::npos) << again.out;
}

TEST_F(CliTest, MigrateAndServeRefuseADatabaseNewerThanTheBinary) {
  ASSERT_EQ(run({"migrate"}).exit_code, 0);
  // What a newer release's migration would leave behind.
  database.execute(
      "INSERT INTO schema_migrations (version, applied_at) VALUES (99, "
      "'2099-01-01T00:00:00.000Z')");
  for (const char* command : {"migrate", "serve"}) {
    const auto refused = run({command});
    EXPECT_EQ(refused.exit_code, 1) << command;
    EXPECT_NE(refused.err.find("schema version 99 is newer than this binary supports"),
              std::string::npos)
        << command << ": " << refused.err;
  }
  EXPECT_EQ(database.queryNumber("SELECT max(version) FROM schema_migrations"), 99);
}

TEST_F(CliTest, ConfigErrorNamesTheKeyAndStopsStartUp) {
  std::ofstream(dir.file("bad.yaml")) << "server: {port: 99999}\n";
  const auto serve = runCommand({gatewayBinary(), "--config", dir.file("bad.yaml"), "serve"});
  EXPECT_EQ(serve.exit_code, 2);
  EXPECT_NE(serve.err.find("server.port"), std::string::npos) << serve.err;
}

TEST_F(CliTest, EnvironmentOverrideIsValidatedToo) {
  setenv("MENSAJERO_SERVER_PORT", "not-a-port", 1);
  const auto serve = run({"serve"});
  unsetenv("MENSAJERO_SERVER_PORT");
  EXPECT_EQ(serve.exit_code, 2);
  EXPECT_NE(serve.err.find("server.port"), std::string::npos) << serve.err;
}

}  // namespace
}  // namespace mensajero::testing
