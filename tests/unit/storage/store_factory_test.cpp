#include "storage/store_factory.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace mensajero::storage {
namespace {

Error openError(const std::string& url) {
  StoreOptions options;
  options.url = url;
  auto store = openStore(options);
  EXPECT_FALSE(store.ok()) << url;
  return store.ok() ? Error{} : store.error();
}

TEST(StoreFactoryTest, OpensSqliteCreatingParentDirectoriesWithoutMigrating) {
  testing::TempDir dir;
  const auto file = dir.path() / "nested" / "deeper" / "mensajero.db";
  StoreOptions options;
  options.url = "sqlite:" + file.string();
  auto store = openStore(options);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ((*store)->schemaVersion().value(), 0);
}

TEST(StoreFactoryTest, ReadsSqliteDoubleSlashFormAsAPath) {
  testing::TempDir dir;
  const auto file = dir.path() / "mensajero.db";
  StoreOptions options;
  options.url = "sqlite://" + file.string();
  auto store = openStore(options);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(std::filesystem::exists(file));
}

TEST(StoreFactoryTest, UnreachablePostgresqlIsUnavailableWithoutEchoingThePassword) {
  // Port 1 on loopback refuses at once: no server, no DNS, no wait.
  const Error error =
      openError("postgresql://gateway:s3cret-pw@127.0.0.1:1/mensajero?connect_timeout=2");
  EXPECT_EQ(error.category, ErrorCategory::Unavailable);
  EXPECT_EQ(error.message.find("s3cret-pw"), std::string::npos) << error.message;
}

TEST(StoreFactoryTest, APasswordThatLooksLikeTheMaskIsStillMaskedOnce) {
  // The socket directory puts the password into libpq's message; masking "**" with "***"
  // must not find the password again inside its own mask.
  const Error error =
      openError("postgresql://gateway:**@/mensajero?host=/nonexistent-mensajero**dir");
  EXPECT_EQ(error.category, ErrorCategory::Unavailable);
  EXPECT_NE(error.message.find("/nonexistent-mensajero***dir"), std::string::npos) << error.message;
}

TEST(StoreFactoryTest, MalformedPostgresqlUrlIsRefusedWithoutQuotingIt) {
  // libpq's own message for this quotes the whole URI, password included.
  const Error error = openError("postgresql://gateway:s3cret-pw@[127.0.0.1/mensajero");
  EXPECT_EQ(error.category, ErrorCategory::Unavailable);
  EXPECT_EQ(error.message.find("s3cret-pw"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("storage.url"), std::string::npos) << error.message;
}

TEST(StoreFactoryTest, UnknownSchemeIsInvalidAndNamed) {
  const Error error = openError("mysql://db/mensajero");
  EXPECT_EQ(error.category, ErrorCategory::Invalid);
  EXPECT_NE(error.message.find("mysql"), std::string::npos);
  EXPECT_EQ(openError("mensajero.db").category, ErrorCategory::Invalid);
}

TEST(StoreFactoryTest, EmptyOrInMemorySqlitePathIsInvalid) {
  EXPECT_EQ(openError("sqlite:").category, ErrorCategory::Invalid);
  EXPECT_EQ(openError("sqlite::memory:").category, ErrorCategory::Invalid);
}

TEST(StoreFactoryTest, UnopenableSqliteFileIsUnavailable) {
  testing::TempDir dir;
  // A directory where the database file should be.
  std::filesystem::create_directories(dir.path() / "taken.db");
  const Error error = openError("sqlite:" + (dir.path() / "taken.db").string());
  EXPECT_EQ(error.category, ErrorCategory::Unavailable);
}

}  // namespace
}  // namespace mensajero::storage
