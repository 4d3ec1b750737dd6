#include "core/domain/status_transition.h"

#include <gtest/gtest.h>

namespace mensajero::domain {
namespace {

using S = DeliveryStatus;

TEST(StatusTransitionTest, MovesForwardStepByStep) {
  EXPECT_TRUE(advances(S::Pending, S::Sent));
  EXPECT_TRUE(advances(S::Sent, S::Delivered));
  EXPECT_TRUE(advances(S::Delivered, S::Read));
}

TEST(StatusTransitionTest, MaySkipSteps) {
  EXPECT_TRUE(advances(S::Pending, S::Delivered));
  EXPECT_TRUE(advances(S::Sent, S::Read));
  EXPECT_TRUE(advances(S::Pending, S::Read));
}

TEST(StatusTransitionTest, NeverMovesBackOrStaysAsAMove) {
  EXPECT_FALSE(advances(S::Read, S::Delivered));
  EXPECT_FALSE(advances(S::Delivered, S::Sent));
  EXPECT_FALSE(advances(S::Sent, S::Pending));
  EXPECT_FALSE(advances(S::Delivered, S::Delivered));
  EXPECT_FALSE(advances(S::Pending, S::Pending));
}

TEST(StatusTransitionTest, FailsOnlyBeforeDelivery) {
  EXPECT_TRUE(advances(S::Pending, S::Failed));
  EXPECT_TRUE(advances(S::Sent, S::Failed));
  EXPECT_FALSE(advances(S::Delivered, S::Failed));
  EXPECT_FALSE(advances(S::Read, S::Failed));
}

TEST(StatusTransitionTest, TerminalStatusesNeverMove) {
  for (S to : {S::Pending, S::Sent, S::Delivered, S::Read, S::Failed, S::Rejected}) {
    EXPECT_FALSE(advances(S::Failed, to)) << static_cast<int>(to);
    EXPECT_FALSE(advances(S::Rejected, to)) << static_cast<int>(to);
  }
}

TEST(StatusTransitionTest, NothingMovesToRejected) {
  EXPECT_FALSE(advances(S::Pending, S::Rejected));
  EXPECT_FALSE(advances(S::Sent, S::Rejected));
}

TEST(StatusTransitionTest, ASkippingStatusDatesTheStepsItSkipped) {
  const StatusDates read = datesSetBy(S::Read);
  EXPECT_TRUE(read.sent_at);
  EXPECT_TRUE(read.delivered_at);
  EXPECT_TRUE(read.read_at);
  const StatusDates delivered = datesSetBy(S::Delivered);
  EXPECT_TRUE(delivered.sent_at);
  EXPECT_TRUE(delivered.delivered_at);
  EXPECT_FALSE(delivered.read_at);
  const StatusDates sent = datesSetBy(S::Sent);
  EXPECT_TRUE(sent.sent_at);
  EXPECT_FALSE(sent.delivered_at);
}

TEST(StatusTransitionTest, FailureDatesNothing) {
  const StatusDates failed = datesSetBy(S::Failed);
  EXPECT_FALSE(failed.sent_at);
  EXPECT_FALSE(failed.delivered_at);
  EXPECT_FALSE(failed.read_at);
}

}  // namespace
}  // namespace mensajero::domain
