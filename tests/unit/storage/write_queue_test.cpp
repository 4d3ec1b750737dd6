#include "storage/sqlite/write_queue.h"

#include <functional>
#include <future>
#include <memory>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

// An op made of a function, reporting its outcome through a promise.
class TestOp final : public WriteOp {
 public:
  explicit TestOp(std::function<Status(Connection&)> body) : body_(std::move(body)) {}
  Status apply(Connection& db) override { return body_(db); }
  void complete(Status outcome) override { done_.set_value(std::move(outcome)); }
  std::future<Status> outcome() { return done_.get_future(); }

 private:
  std::function<Status(Connection&)> body_;
  std::promise<Status> done_;
};

Status exec(Connection& db, const char* sql) { return db.execute(sql); }

class WriteQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "queue.db").string();
    auto db = Connection::open(path_, Connection::Mode::Writer, 5000);
    ASSERT_TRUE(db.ok()) << db.error().message;
    ASSERT_TRUE((*db)
                    ->execute("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER "
                              "REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);"
                              "CREATE TABLE item (name TEXT UNIQUE);")
                    .ok());
    queue_ = std::make_unique<WriteQueue>(std::move(*db), 8);
  }

  // Holds the writer inside an op until release() so that the next submissions are
  // guaranteed to be drained together into one batch.
  void holdWriter() {
    auto gate = std::make_shared<std::promise<void>>();
    gate_ = gate;
    std::promise<void> entered;
    auto in_writer = entered.get_future();
    auto op = std::make_unique<TestOp>([gate, &entered](Connection&) {
      entered.set_value();
      gate->get_future().wait();
      return Status{};
    });
    queue_->submit(std::move(op));
    in_writer.wait();
  }
  void release() { gate_->set_value(); }

  int64_t count(const char* table) {
    auto reader = Connection::open(path_, Connection::Mode::Reader, 5000);
    EXPECT_TRUE(reader.ok());
    auto select = (*reader)->prepare(std::string("SELECT count(*) FROM ") + table);
    EXPECT_TRUE(select.ok());
    EXPECT_TRUE(select->next().ok());
    return select->integer(0);
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<WriteQueue> queue_;
  std::shared_ptr<std::promise<void>> gate_;
};

TEST_F(WriteQueueTest, AFailingOpRollsBackAloneAndTheRestOfItsBatchCommits) {
  holdWriter();
  auto good = std::make_unique<TestOp>([](Connection& db) {
    return exec(db, "INSERT INTO item VALUES ('a'); INSERT INTO item VALUES ('b');");
  });
  auto bad = std::make_unique<TestOp>([](Connection& db) {
    // The first statement succeeds; the savepoint must undo it with the second.
    return exec(db, "INSERT INTO item VALUES ('c'); INSERT INTO item VALUES ('a');");
  });
  auto good_outcome = good->outcome();
  auto bad_outcome = bad->outcome();
  queue_->submit(std::move(good));
  queue_->submit(std::move(bad));
  release();
  EXPECT_TRUE(good_outcome.get().ok());
  const Status refused = bad_outcome.get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Conflict);
  EXPECT_EQ(count("item"), 2);
}

TEST_F(WriteQueueTest, AFailedCommitFailsEveryOpOfTheBatchAsUnavailable) {
  holdWriter();
  auto innocent = std::make_unique<TestOp>(
      [](Connection& db) { return exec(db, "INSERT INTO item VALUES ('x')"); });
  // A deferred foreign key is only checked by COMMIT, which then fails.
  auto orphan = std::make_unique<TestOp>(
      [](Connection& db) { return exec(db, "INSERT INTO child VALUES (1, 42)"); });
  auto innocent_outcome = innocent->outcome();
  auto orphan_outcome = orphan->outcome();
  queue_->submit(std::move(innocent));
  queue_->submit(std::move(orphan));
  release();
  for (std::future<Status>* outcome : {&innocent_outcome, &orphan_outcome}) {
    const Status status = outcome->get();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().category, ErrorCategory::Unavailable);
  }
  EXPECT_EQ(count("item"), 0);
  EXPECT_EQ(count("child"), 0);

  // The writer recovers: the next batch commits.
  auto later = std::make_unique<TestOp>(
      [](Connection& db) { return exec(db, "INSERT INTO item VALUES ('y')"); });
  auto later_outcome = later->outcome();
  queue_->submit(std::move(later));
  EXPECT_TRUE(later_outcome.get().ok());
  EXPECT_EQ(count("item"), 1);
}

TEST_F(WriteQueueTest, AFullQueueRefusesAtOnceWithUnavailable) {
  holdWriter();
  std::vector<std::future<Status>> outcomes;
  for (int i = 0; i < 9; ++i) {
    auto op = std::make_unique<TestOp>([](Connection&) { return Status{}; });
    outcomes.push_back(op->outcome());
    queue_->submit(std::move(op));
  }
  ASSERT_EQ(outcomes.back().wait_for(std::chrono::seconds(0)), std::future_status::ready);
  const Status refused = outcomes.back().get();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unavailable);
  release();
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(outcomes[i].get().ok());
}

TEST_F(WriteQueueTest, RunReturnsTheCommittedValue) {
  auto result = queue_->run<int>([](Connection& db) -> Result<int> {
    if (Status inserted = exec(db, "INSERT INTO item VALUES ('v')"); !inserted) {
      return inserted.error();
    }
    return 7;
  });
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(count("item"), 1);
}

TEST_F(WriteQueueTest, CloseCompletesQueuedOpsAndRefusesNewOnes) {
  holdWriter();
  auto queued = std::make_unique<TestOp>(
      [](Connection& db) { return exec(db, "INSERT INTO item VALUES ('q')"); });
  auto queued_outcome = queued->outcome();
  queue_->submit(std::move(queued));
  release();
  queue_->close();
  EXPECT_TRUE(queued_outcome.get().ok());
  auto late = std::make_unique<TestOp>([](Connection&) { return Status{}; });
  auto late_outcome = late->outcome();
  queue_->submit(std::move(late));
  EXPECT_EQ(late_outcome.get().error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(count("item"), 1);
}

}  // namespace
}  // namespace mensajero::storage::sqlite
