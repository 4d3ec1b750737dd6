#include "api/caller_limits.h"

#include <gtest/gtest.h>

namespace mensajero::api {
namespace {

std::string headerOf(const http::Response& response, const std::string& name) {
  for (const auto& header : response.headers) {
    if (header.name == name) return header.value;
  }
  return "";
}

TEST(CallerLimitsTest, RefusesBeyondTheBurstWith429AndQuotaHeaders) {
  resilience::ManualClock clock;
  CallerLimits limits(2, 3, clock);
  const Caller caller{"org-1", "key-1", {}};
  for (int i = 0; i < 3; ++i) {
    const auto admitted = limits.admit(caller);
    ASSERT_TRUE(admitted.allowed) << i;
    http::Response ok = http::Response::json(200, "{}");
    limits.annotate(ok, admitted);
    EXPECT_EQ(headerOf(ok, "RateLimit-Limit"), "3");
    EXPECT_EQ(headerOf(ok, "RateLimit-Remaining"), std::to_string(2 - i));
    EXPECT_EQ(headerOf(ok, "RateLimit-Policy"), "3;w=2");
  }
  const auto refused = limits.admit(caller);
  ASSERT_FALSE(refused.allowed);
  const http::Response answer = limits.refusal(refused);
  EXPECT_EQ(answer.status, 429u);
  EXPECT_EQ(headerOf(answer, "Retry-After"), "1");  // 500 ms, rounded up
  EXPECT_EQ(headerOf(answer, "RateLimit-Remaining"), "0");
  EXPECT_NE(answer.body.find("rate_limited"), std::string::npos);

  clock.advance(std::chrono::milliseconds(500));
  EXPECT_TRUE(limits.admit(caller).allowed);
  EXPECT_TRUE(limits.admit(Caller{"org-1", "key-2", {}}).allowed);
}

TEST(CallerLimitsTest, RatesAboveAThousandPerSecondKeepAQuota) {
  resilience::ManualClock clock;
  CallerLimits limits(5'000, 10, clock);
  int admitted = 0;
  for (int i = 0; i < 20; ++i) admitted += limits.admit(Caller{"org", "key", {}}).allowed ? 1 : 0;
  EXPECT_EQ(admitted, 10);
  clock.advance(std::chrono::milliseconds(1));
  for (int i = 0; i < 20; ++i) admitted += limits.admit(Caller{"org", "key", {}}).allowed ? 1 : 0;
  EXPECT_EQ(admitted, 15);  // 5 per ms
}

}  // namespace
}  // namespace mensajero::api
