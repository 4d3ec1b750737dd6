// Spec A.1 scheduling: options.scheduledAt in the future queues, in the past sends at once,
// malformed is a 400. (The on-time-across-a-restart case is in crash_recovery_test.cpp.)
#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json scheduledText(const std::string& phone, const std::string& when) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", "Recordatorio"}}},
          {"options", {{"scheduledAt", when}}}};
}

TEST(SchedulingTest, FutureTimeQueuesWithItsEstimatedDelivery) {
  Sandbox sandbox;
  const std::string when = isoTimeFromNow(std::chrono::hours(24 * 7));
  const Reply reply = sandbox.send(sandbox.keyA(), scheduledText("+12015550190", when));
  ASSERT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(reply.json()["status"], "queued");
  EXPECT_EQ(reply.json()["estimatedDelivery"], when.substr(0, 19) + ".000Z");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

TEST(SchedulingTest, PastTimeIsSentAtOnce) {
  Sandbox sandbox;
  const Reply reply =
      sandbox.send(sandbox.keyA(), scheduledText("+12015550191", "2020-01-01T08:00:00Z"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["status"], "sent");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 1);
}

TEST(SchedulingTest, MalformedTimeIs400AndStoresNothing) {
  Sandbox sandbox;
  for (const std::string bad : {"tomorrow", "2099-13-01T08:00:00Z", "2099-01-01 08:00"}) {
    const Reply reply = sandbox.send(sandbox.keyA(), scheduledText("+12015550192", bad));
    EXPECT_EQ(reply.status, 400) << bad << ": " << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], "invalid_scheduled_at") << bad;
  }
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 0);
}

// Issue 8 item 5: a far-future message would sit in the outbox for ever, counted against the
// organization's backlog bound. Beyond limits.max_schedule_ahead_days (30) the answer is 422.
TEST(SchedulingTest, TimeBeyondTheHorizonIs422AndStoresNothing) {
  Sandbox sandbox;
  for (const std::string& far :
       {isoTimeFromNow(std::chrono::hours(24 * 31)), std::string("2099-01-01T08:00:00Z"),
        std::string("9999-12-31T23:59:59Z")}) {
    const Reply reply = sandbox.send(sandbox.keyA(), scheduledText("+12015550193", far));
    EXPECT_EQ(reply.status, 422) << far << ": " << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], "scheduled_too_far") << far;
  }
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 0);
  const Reply within = sandbox.send(
      sandbox.keyA(), scheduledText("+12015550193", isoTimeFromNow(std::chrono::hours(24 * 29))));
  EXPECT_EQ(within.status, 202) << within.body;
}

}  // namespace
}  // namespace mensajero::testing
