#include "core/domain/message_type.h"

#include <gtest/gtest.h>

namespace mensajero::domain {
namespace {

TEST(MessageTypeTest, StoresTheSchemasTypes) {
  EXPECT_TRUE(isStoredMessageType("text"));
  EXPECT_TRUE(isStoredMessageType("template"));
  EXPECT_TRUE(isStoredMessageType("media"));
  EXPECT_TRUE(isStoredMessageType("interactive"));
}

TEST(MessageTypeTest, RefusesAnythingElse) {
  EXPECT_FALSE(isStoredMessageType("image"));
  EXPECT_FALSE(isStoredMessageType("Text"));
  EXPECT_FALSE(isStoredMessageType(""));
}

}  // namespace
}  // namespace mensajero::domain
