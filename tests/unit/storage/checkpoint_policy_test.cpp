#include "storage/sqlite/checkpoint_policy.h"

#include <gtest/gtest.h>

namespace mensajero::storage::sqlite {
namespace {

constexpr int kThreshold = 800;
constexpr int kHardLimit = 3200;
constexpr int kStep = 100;

TEST(CheckpointPolicyTest, BelowTheThresholdNothingIsAsked) {
  CheckpointPolicy policy(kThreshold, kHardLimit, kStep);
  for (int pages : {1, 100, kThreshold - 1}) {
    const auto decision = policy.onCommit(pages);
    EXPECT_FALSE(decision.wake_checkpointer) << pages;
    EXPECT_FALSE(decision.writer_checkpoints) << pages;
    EXPECT_FALSE(decision.past_threshold) << pages;
  }
}

TEST(CheckpointPolicyTest, PastTheThresholdTheThreadIsAskedOncePerStep) {
  CheckpointPolicy policy(kThreshold, kHardLimit, kStep);
  EXPECT_TRUE(policy.onCommit(kThreshold).wake_checkpointer);
  // The WAL did not restart: the commits that follow only add a few pages each.
  for (int pages = kThreshold + 1; pages < kThreshold + kStep; ++pages) {
    const auto decision = policy.onCommit(pages);
    EXPECT_FALSE(decision.wake_checkpointer) << pages;
    EXPECT_TRUE(decision.past_threshold) << pages << ": the Checkpointer copies it after a pause";
  }
  EXPECT_TRUE(policy.onCommit(kThreshold + kStep).wake_checkpointer);
  EXPECT_FALSE(policy.onCommit(kThreshold + kStep + 1).wake_checkpointer);
}

TEST(CheckpointPolicyTest, AfterTheWalRestartsTheThresholdAsksAgain) {
  CheckpointPolicy policy(kThreshold, kHardLimit, kStep);
  EXPECT_TRUE(policy.onCommit(kThreshold + 50).wake_checkpointer);
  EXPECT_FALSE(policy.onCommit(10).wake_checkpointer);  // restarted from its beginning
  EXPECT_TRUE(policy.onCommit(kThreshold).wake_checkpointer)
      << "a smaller WAL than at the last ask means it restarted; the step starts over";
}

TEST(CheckpointPolicyTest, TheWriterCheckpointsItselfAtEveryCommitFromTheHardLimit) {
  CheckpointPolicy policy(kThreshold, kHardLimit, kStep);
  EXPECT_FALSE(policy.onCommit(kHardLimit - 1).writer_checkpoints);
  EXPECT_TRUE(policy.onCommit(kHardLimit).writer_checkpoints);
  EXPECT_TRUE(policy.onCommit(kHardLimit + 1).writer_checkpoints)
      << "the bound on the WAL holds whatever the step";
}

}  // namespace
}  // namespace mensajero::storage::sqlite
