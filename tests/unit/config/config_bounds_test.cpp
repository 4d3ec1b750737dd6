// Issue 8 item 1: a configuration file is bounded in size, depth and node count before the
// gateway walks it (the walk recurses once per level).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/config.h"
#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::loadError;
using config_test::loadText;
using ::testing::HasSubstr;

std::string nestedFlowSequences(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(ConfigBoundsTest, RefusesAFileLargerThanOneMebibyte) {
  // A comment keeps the text valid YAML; only its size is wrong.
  const std::string text = "server:\n  port: 8080\n#" + std::string(1 << 20, 'x') + "\n";
  const ConfigError error = loadError(text);
  EXPECT_EQ(error.key(), "config");
  EXPECT_THAT(error.what(), HasSubstr("larger than 1048576 bytes"));
}

TEST(ConfigBoundsTest, AcceptsAFileJustUnderTheSizeBound) {
  const std::string head = "server:\n  port: 9090\n#";
  const std::string text = head + std::string((1 << 20) - head.size() - 1, 'x') + "\n";
  ASSERT_EQ(text.size(), std::size_t{1} << 20);
  EXPECT_EQ(loadText(text).server.port, 9090);
}

TEST(ConfigBoundsTest, RefusesNestingDeeperThanSixtyFour) {
  // The top-level mapping is level 1, so 64 flow sequences under it reach level 65.
  const ConfigError error = loadError("x: " + nestedFlowSequences(64) + "\n");
  EXPECT_EQ(error.key(), "config");
  EXPECT_THAT(error.what(), HasSubstr("nests deeper than 64 levels"));
}

TEST(ConfigBoundsTest, NestingWithinTheBoundReachesTheUsualChecks) {
  const ConfigError error = loadError("x: " + nestedFlowSequences(63) + "\n");
  EXPECT_EQ(error.key(), "x");
  EXPECT_THAT(error.what(), HasSubstr("unknown key"));
}

TEST(ConfigBoundsTest, RefusesThousandsOfLevelsWithoutCrashing) {
  const ConfigError error = loadError("x: " + nestedFlowSequences(100'000) + "\n");
  EXPECT_EQ(error.key(), "config");
}

TEST(ConfigBoundsTest, RefusesMoreThanAHundredThousandNodes) {
  std::string list = "x: [";
  for (int i = 0; i < 100'001; ++i) list += "1,";
  list += "1]\n";
  const ConfigError error = loadError(list);
  EXPECT_EQ(error.key(), "config");
  EXPECT_THAT(error.what(), HasSubstr("more than 100000 YAML nodes"));
}

TEST(ConfigBoundsTest, RefusesNestedAliasesInsteadOfExpandingThem) {
  // "Billion laughs": each level names the one before ten times; 10^9 uses in all.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string previous = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i) text += (i == 0 ? "" : ", ") + previous;
    text += "]\n";
  }
  const ConfigError error = loadError(text);
  EXPECT_EQ(error.key(), "config");
  EXPECT_THAT(error.what(), HasSubstr("YAML nodes"));
}

}  // namespace
}  // namespace mensajero::app
