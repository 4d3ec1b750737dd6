#include "storage/sqlite/checkpointer.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/connection.h"
#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<Connection> openWriter(const std::filesystem::path& path) {
  auto db = Connection::open(path.string(), Connection::Mode::Writer, 5000);
  EXPECT_TRUE(db.ok());
  return db.ok() ? std::move(*db) : nullptr;
}

// Commits `rows` rows of about 4 KiB each, one transaction each: at least one WAL page per
// commit.
void commitRows(Connection& db, int rows) {
  for (int i = 0; i < rows; ++i) {
    ASSERT_TRUE(db.execute("INSERT INTO t (v) VALUES (randomblob(4000))").ok());
  }
}

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer_ = openWriter(dir_.path() / "db.sqlite");
    ASSERT_NE(writer_, nullptr);
    ASSERT_TRUE(writer_->execute("CREATE TABLE t (v BLOB)").ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> writer_;
};

TEST_F(CheckpointerTest, CommitsPastTheThresholdWakeTheThreadNotTheWriter) {
  Checkpointer checkpointer(openWriter(dir_.path() / "db.sqlite"), /*threshold_pages=*/64,
                            /*hard_limit_pages=*/100'000);
  int largest_reported = 0;
  writer_->onWalCommit([&](int pages) {
    largest_reported = std::max(largest_reported, pages);
    return checkpointer.walGrew(pages);
  });
  commitRows(*writer_, 2);
  EXPECT_LT(largest_reported, 64);
  EXPECT_FALSE(checkpointer.awaitCompleted(1, 0ms)) << "below the threshold nothing is asked";
  commitRows(*writer_, 60);
  EXPECT_GE(largest_reported, 64);
  ASSERT_TRUE(checkpointer.awaitCompleted(1, 10s));
  // Nothing was lost on the way: every committed row is still there.
  auto count = writer_->prepare("SELECT count(*) FROM t");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(count->next().ok());
  EXPECT_EQ(count->integer(0), 62);
}

TEST_F(CheckpointerTest, AtTheHardLimitTheWriterCheckpointsItself) {
  // The thread's connection is busy elsewhere in real life; here the limit is simply low.
  Checkpointer checkpointer(openWriter(dir_.path() / "db.sqlite"), /*threshold_pages=*/4,
                            /*hard_limit_pages=*/6);
  int asked_to_checkpoint = 0;
  writer_->onWalCommit([&](int pages) {
    const bool itself = checkpointer.walGrew(pages);
    if (itself) ++asked_to_checkpoint;
    return itself;
  });
  commitRows(*writer_, 30);
  EXPECT_GT(asked_to_checkpoint, 0);
}

// Between two steps the thread is not woken; when writes pause there, what they left in the
// WAL is still copied, so the next commit starts the WAL over instead of growing it.
TEST_F(CheckpointerTest, PagesLeftBetweenTwoStepsAreCopiedWhenWritesPause) {
  constexpr int kThreshold = 64;  // a step of 8 pages
  Checkpointer checkpointer(openWriter(dir_.path() / "db.sqlite"), kThreshold,
                            /*hard_limit_pages=*/100'000);
  int last_reported = 0;
  writer_->onWalCommit([&](int pages) {
    last_reported = pages;
    return checkpointer.walGrew(pages);
  });
  // A reader on an older snapshot keeps the first checkpoint from reaching the WAL's end, so
  // the WAL cannot start over at the next commit.
  auto reader =
      Connection::open((dir_.path() / "db.sqlite").string(), Connection::Mode::Reader, 5000);
  ASSERT_TRUE(reader.ok());
  commitRows(*writer_, 1);
  ASSERT_TRUE((*reader)->execute("BEGIN").ok());
  ASSERT_TRUE((*reader)->execute("SELECT count(*) FROM t").ok());
  while (last_reported < kThreshold) commitRows(*writer_, 1);
  ASSERT_TRUE(checkpointer.awaitCompleted(1, 10s));
  commitRows(*writer_, 1);  // past the threshold, within the step: no wake
  ASSERT_GT(last_reported, kThreshold) << "the WAL did not start over";
  ASSERT_TRUE((*reader)->execute("COMMIT").ok());

  ASSERT_TRUE(checkpointer.awaitCompleted(2, 10s)) << "the pause's pages were not copied";
  commitRows(*writer_, 1);
  EXPECT_LT(last_reported, kThreshold) << "the WAL was copied to its end and started over";
}

}  // namespace
}  // namespace mensajero::storage::sqlite
