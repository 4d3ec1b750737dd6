#include "core/service_window.h"

#include <chrono>

#include <gtest/gtest.h>

#include "resilience/clock.h"

namespace mensajero::core {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

class ServiceWindowTest : public ::testing::Test {
 protected:
  resilience::ManualClock clock_;
};

TEST_F(ServiceWindowTest, IsClosedWhileThePatientNeverWrote) {
  const ServiceWindow window = serviceWindowAt(std::nullopt, clock_.now());
  EXPECT_FALSE(window.open);
  EXPECT_FALSE(window.last_inbound_at);
  EXPECT_FALSE(window.expires_at);
}

TEST_F(ServiceWindowTest, OpensWithAMessageAndExpiresTwentyFourHoursAfterIt) {
  const UnixMillis inbound = clock_.now();
  ServiceWindow window = serviceWindowAt(inbound, clock_.now());
  EXPECT_TRUE(window.open);
  EXPECT_EQ(window.last_inbound_at, inbound);
  EXPECT_EQ(window.expires_at, inbound + 24 * 3'600'000LL);

  clock_.advance(hours(24) - milliseconds(1));
  EXPECT_TRUE(serviceWindowAt(inbound, clock_.now()).open) << "one millisecond before the end";
  clock_.advance(milliseconds(1));
  EXPECT_FALSE(serviceWindowAt(inbound, clock_.now()).open) << "closed at the exact instant";
}

TEST_F(ServiceWindowTest, ANewerMessageMovesTheEnd) {
  const UnixMillis first = clock_.now();
  clock_.advance(hours(20));
  const UnixMillis second = clock_.now();
  clock_.advance(hours(10));
  EXPECT_FALSE(serviceWindowAt(first, clock_.now()).open);
  EXPECT_TRUE(serviceWindowAt(second, clock_.now()).open);
}

TEST_F(ServiceWindowTest, FreeFormTypesNeedTheWindowAndATemplateDoesNot) {
  EXPECT_TRUE(typeNeedsServiceWindow("text"));
  EXPECT_TRUE(typeNeedsServiceWindow("media"));
  EXPECT_TRUE(typeNeedsServiceWindow("interactive"));
  EXPECT_FALSE(typeNeedsServiceWindow("template"));
  EXPECT_TRUE(typeNeedsServiceWindow("something-new")) << "unknown types are held to it";
}

TEST_F(ServiceWindowTest, OnlyWhatsAppHasAWindow) {
  EXPECT_TRUE(channelHasServiceWindow("whatsapp"));
  EXPECT_FALSE(channelHasServiceWindow("sms"));
  EXPECT_FALSE(channelHasServiceWindow("voice"));
  EXPECT_FALSE(channelHasServiceWindow("email"));
}

TEST_F(ServiceWindowTest, RefusesFreeTextOnWhatsAppOutsideTheWindowAsAFallbackError) {
  const UnixMillis inbound = clock_.now();
  clock_.advance(hours(24));
  auto refusal = serviceWindowRefusal("whatsapp", "text", inbound, clock_.now());
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->code, "outside_customer_service_window");
  EXPECT_EQ(refusal->category, ErrorCategory::Fallback);
  EXPECT_FALSE(refusal->retryable());

  auto never_wrote = serviceWindowRefusal("whatsapp", "media", std::nullopt, clock_.now());
  ASSERT_TRUE(never_wrote);
  EXPECT_EQ(never_wrote->code, "outside_customer_service_window");
}

TEST_F(ServiceWindowTest, LetsTemplatesOtherChannelsAndOpenWindowsThrough) {
  const UnixMillis inbound = clock_.now();
  EXPECT_FALSE(serviceWindowRefusal("whatsapp", "template", std::nullopt, clock_.now()));
  EXPECT_FALSE(serviceWindowRefusal("sms", "text", std::nullopt, clock_.now()));
  clock_.advance(hours(23));
  EXPECT_FALSE(serviceWindowRefusal("whatsapp", "interactive", inbound, clock_.now()));
}

}  // namespace
}  // namespace mensajero::core
