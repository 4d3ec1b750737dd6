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

TEST_F(CliTest, KeyCreateTakesScopesAndKeyListShowsKeysWithoutTokens) {
  const std::string org_id = lastLine(run({"org", "create", "--name", "Clinica Sur"}).out);
  const auto all = run({"key", "create", "--org", org_id, "--name", "frontdesk"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("scopes send,read,admin"), std::string::npos) << all.out;
  const auto reader =
      run({"key", "create", "--org", org_id, "--name", "reports", "--scopes", "read"});
  ASSERT_EQ(reader.exit_code, 0) << reader.err;

  const auto listed = run({"key", "list", "--org", org_id});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out.rfind("id\tname\tscopes\tcreated_at\trevoked_at\n", 0), 0u) << listed.out;
  EXPECT_NE(listed.out.find("\tfrontdesk\tsend,read,admin\t"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\treports\tread\t"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("mj_"), std::string::npos) << listed.out;
  EXPECT_EQ(lastLine(listed.out).substr(lastLine(listed.out).rfind('\t') + 1), "-");
}

TEST_F(CliTest, KeyCreateRefusesAnUnknownScope) {
  const std::string org_id = lastLine(run({"org", "create", "--name", "Clinica Este"}).out);
  const auto refused = run({"key", "create", "--org", org_id, "--scopes", "send,write"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--scopes"), std::string::npos) << refused.err;
  EXPECT_EQ(database.queryNumber("SELECT count(*) FROM api_keys"), 0);
}

TEST_F(CliTest, KeyRevokePrintsTheIdAndKeyListShowsWhen) {
  const std::string org_id = lastLine(run({"org", "create", "--name", "Clinica Oeste"}).out);
  ASSERT_EQ(run({"key", "create", "--org", org_id}).exit_code, 0);
  const std::string row = lastLine(run({"key", "list", "--org", org_id}).out);
  const std::string key_id = row.substr(0, row.find('\t'));
  ASSERT_TRUE(security::isUuid(key_id)) << row;

  const auto revoked = run({"key", "revoke", key_id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(lastLine(revoked.out), key_id);
  const std::string after = lastLine(run({"key", "list", "--org", org_id}).out);
  EXPECT_NE(after.substr(after.rfind('\t') + 1), "-") << after;
  EXPECT_EQ(database.queryNumber("SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL"), 1);
}

TEST_F(CliTest, KeyRevokeAndKeyListFailOnUnknownIds) {
  ASSERT_EQ(run({"migrate"}).exit_code, 0);
  const auto revoke = run({"key", "revoke", "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99"});
  EXPECT_EQ(revoke.exit_code, 1);
  EXPECT_NE(revoke.err.find("API key not found"), std::string::npos) << revoke.err;
  const auto list = run({"key", "list", "--org", "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99"});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.err.find("organization not found"), std::string::npos) << list.err;
}

TEST_F(CliTest, MigrateReportsTheSchemaVersion) {
  const auto migrate = run({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("schema version 13"), std::string::npos) << migrate.out;
  // Running it again changes nothing.
  const auto again = run({"migrate"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("schema version 13"), std::string::npos) << again.out;
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
