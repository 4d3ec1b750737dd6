// The `mensajero` command line as scripts use it: results on the last stdout line, config
// errors naming the key.
#include <fstream>

#include <gtest/gtest.h>

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

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(dir.file("cli.yaml"))
        << "storage: {url: \"sqlite:" << dir.file("cli.db") << "\"}\nlogging: {level: warn}\n";
  }
  CommandResult run(std::vector<std::string> args) {
    args.insert(args.begin(), {gatewayBinary(), "--config", dir.file("cli.yaml")});
    return runCommand(args);
  }
  TempDir dir;
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
  // Only the hash is stored: the token itself is nowhere in the database file.
  std::ifstream db(dir.file("cli.db"), std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(db)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(token.substr(3)), std::string::npos);
}

TEST_F(CliTest, KeyForUnknownOrganizationFails) {
  const auto key = run({"key", "create", "--org", "0b7e3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e99"});
  EXPECT_NE(key.exit_code, 0);
}

TEST_F(CliTest, MigrateReportsTheSchemaVersion) {
  const auto migrate = run({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("schema version 2"), std::string::npos) << migrate.out;
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
