// One `serve` per SQLite file: the second exclusive open is refused while the first lives;
// the CLI's plain opens are not.
#include <gtest/gtest.h>

#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::storage {
namespace {

Result<StorePtr> openOn(const std::string& path, bool exclusive) {
  StoreOptions options;
  options.url = "sqlite:" + path;
  options.exclusive_process = exclusive;
  return openStore(options);
}

TEST(ProcessLockTest, ASecondServingStoreOnTheFileIsRefusedUntilTheFirstCloses) {
  testing::TempDir dir;
  const std::string path = dir.file("gateway.db");
  auto serving = openOn(path, /*exclusive=*/true);
  ASSERT_TRUE(serving.ok()) << serving.error().message;

  auto second = openOn(path, /*exclusive=*/true);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "db_in_use");
  EXPECT_NE(second.error().message.find("another mensajero serve"), std::string::npos)
      << second.error().message;

  auto cli = openOn(path, /*exclusive=*/false);
  EXPECT_TRUE(cli.ok()) << cli.error().message;

  serving->reset();
  EXPECT_TRUE(openOn(path, /*exclusive=*/true).ok());
}

}  // namespace
}  // namespace mensajero::storage
