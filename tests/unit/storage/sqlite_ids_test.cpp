#include <chrono>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/ids.h"

namespace mensajero::storage::sqlite {
namespace {

long long nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

long long millisOf(const std::string& id) {
  return std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
}

TEST(SqliteIdsTest, IdsAreVersionSevenUuidsCarryingTheirMillisecond) {
  const long long before = nowMillis();
  const std::string id = newId();
  const long long after = nowMillis();
  ASSERT_EQ(id.size(), 36u) << id;
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[13], '-');
  EXPECT_EQ(id[18], '-');
  EXPECT_EQ(id[23], '-');
  EXPECT_EQ(id[14], '7') << id;
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
  EXPECT_GE(millisOf(id), before) << id;
  EXPECT_LE(millisOf(id), after) << id;
}

TEST(SqliteIdsTest, IdsMadeLaterSortAfterAndNoneRepeats) {
  std::set<std::string> seen;
  std::string previous = newId();
  for (int i = 0; i < 20'000; ++i) {
    const std::string id = newId();
    EXPECT_TRUE(seen.insert(id).second) << id;
    // Within one millisecond the random bits decide; across milliseconds the order is time's.
    if (millisOf(id) > millisOf(previous)) {
      EXPECT_GT(id, previous);
    }
    previous = id;
  }
}

}  // namespace
}  // namespace mensajero::storage::sqlite
