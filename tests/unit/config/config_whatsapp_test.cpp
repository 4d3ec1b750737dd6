// whatsapp.enforce_service_window: on unless the file or the environment turns it off.
#include <gtest/gtest.h>

#include "config_test_util.h"

namespace mensajero::app::config_test {
namespace {

TEST(ConfigWhatsAppTest, EnforcesTheServiceWindowByDefault) {
  EXPECT_TRUE(Config{}.whatsapp.enforce_service_window);
  EXPECT_TRUE(loadText("logging: {level: info}\n").whatsapp.enforce_service_window);
}

TEST(ConfigWhatsAppTest, TheFileOrTheEnvironmentTurnsItOff) {
  EXPECT_FALSE(
      loadText("whatsapp:\n  enforce_service_window: false\n").whatsapp.enforce_service_window);
  EXPECT_FALSE(loadText("", {{"MENSAJERO_WHATSAPP_ENFORCE_SERVICE_WINDOW", "false"}})
                   .whatsapp.enforce_service_window);
  EXPECT_TRUE(loadText("whatsapp: {enforce_service_window: false}\n",
                       {{"MENSAJERO_WHATSAPP_ENFORCE_SERVICE_WINDOW", "true"}})
                  .whatsapp.enforce_service_window);
}

TEST(ConfigWhatsAppTest, AnythingButTrueOrFalseIsRefusedByName) {
  const ConfigError error = loadError("whatsapp: {enforce_service_window: maybe}\n");
  EXPECT_EQ(error.key(), "whatsapp.enforce_service_window");
  EXPECT_EQ(loadError("whatsapp: {enforce_window: true}\n").key(), "whatsapp.enforce_window");
}

}  // namespace
}  // namespace mensajero::app::config_test
