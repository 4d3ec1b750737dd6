// health.*: the probe interval, the sample interval and the samples' retention (issue 12).
#include <gtest/gtest.h>

#include "config_test_util.h"

namespace mensajero::app::config_test {
namespace {

TEST(ConfigHealthTest, DefaultsAreThirtySecondsSixtySecondsAndThirtyDays) {
  const Config config = loadText("logging: {level: info}\n");
  EXPECT_EQ(config.health.whatsapp_check_interval_seconds, 30);
  EXPECT_EQ(config.health.sample_interval_seconds, 60);
  EXPECT_EQ(config.health.retention_days, 30);
}

TEST(ConfigHealthTest, TheFileAndTheEnvironmentSetThem) {
  const Config config =
      loadText("health:\n  whatsapp_check_interval_seconds: 120\n  sample_interval_seconds: 1\n",
               {{"MENSAJERO_HEALTH_RETENTION_DAYS", "7"}});
  EXPECT_EQ(config.health.whatsapp_check_interval_seconds, 120);
  EXPECT_EQ(config.health.sample_interval_seconds, 1);
  EXPECT_EQ(config.health.retention_days, 7);
}

TEST(ConfigHealthTest, OutOfRangeOrUnknownKeysAreRefusedByName) {
  EXPECT_EQ(loadError("health: {sample_interval_seconds: 0}\n").key(),
            "health.sample_interval_seconds");
  EXPECT_EQ(loadError("health: {whatsapp_check_interval_seconds: -5}\n").key(),
            "health.whatsapp_check_interval_seconds");
  EXPECT_EQ(loadError("health: {retention_days: 100000}\n").key(), "health.retention_days");
  EXPECT_EQ(loadError("health: {sample_every: 5}\n").key(), "health.sample_every");
}

}  // namespace
}  // namespace mensajero::app::config_test
