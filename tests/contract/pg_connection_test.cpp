// The session PgConnection sets up, and how it handles a server that forgot its prepared
// statements or ended its session. Runs against the test cluster; skipped when none is set.
#include "storage/postgres/pg_connection.h"

#include <utility>

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/postgres/pg_error.h"
#include "storage/postgres/transaction.h"
#include "support/postgres_test_database.h"

namespace mensajero::storage::postgres {
namespace {

using testing::PostgresTestDatabase;
using testing::testClusterUrl;

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cluster = testClusterUrl();
    if (cluster.empty()) GTEST_SKIP() << "MENSAJERO_TEST_PG_URL_FILE is not set";
    database_ = std::make_unique<PostgresTestDatabase>(cluster);
    auto opened = PgConnection::open(database_->url());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    db_ = std::move(*opened);
  }

  std::string setting(const char* name) {
    auto shown = db_->run(name);
    EXPECT_TRUE(shown.ok()) << (shown.ok() ? "" : shown.error().message);
    return shown.ok() ? shown->text(0, 0) : "";
  }

  std::unique_ptr<PostgresTestDatabase> database_;
  std::unique_ptr<PgConnection> db_;
};

TEST_F(PgConnectionTest, EverySessionHasBoundedWaitsAlsoAfterAReconnect) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(setting("SHOW statement_timeout"), "30s");
    EXPECT_EQ(setting("SHOW lock_timeout"), "10s");
    EXPECT_EQ(setting("SHOW idle_in_transaction_session_timeout"), "1min");
    ASSERT_TRUE(db_->reconnect().ok());
  }
}

TEST_F(PgConnectionTest, ABoundTheDatabaseSetsWins) {
  database_->execute("ALTER DATABASE " + database_->name() + " SET lock_timeout = '3s'",
                     /*on_cluster=*/true);
  auto opened = PgConnection::open(database_->url());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  db_ = std::move(*opened);
  EXPECT_EQ(setting("SHOW lock_timeout"), "3s");
  EXPECT_EQ(setting("SHOW statement_timeout"), "30s");
}

TEST_F(PgConnectionTest, AStatementTheServerForgotIsPreparedAgain) {
  ASSERT_TRUE(db_->run("SELECT 41 + 1").ok());
  ASSERT_TRUE(db_->execute("DEALLOCATE ALL").ok());  // what a pooler's DISCARD ALL does
  auto again = db_->run("SELECT 41 + 1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->text(0, 0), "42");
  EXPECT_FALSE(db_->broken());
}

// Inside a transaction the statement cannot simply run again: the transaction is retried.
TEST_F(PgConnectionTest, AStatementForgottenInsideATransactionRetriesTheTransaction) {
  ASSERT_TRUE(db_->run("SELECT 41 + 1").ok());
  ASSERT_TRUE(db_->execute("DEALLOCATE ALL").ok());
  ASSERT_TRUE(db_->execute("BEGIN").ok());
  auto failed = db_->run("SELECT 41 + 1");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, kRetryTransactionCode);
  ASSERT_TRUE(db_->execute("ROLLBACK").ok());
  auto again = db_->run("SELECT 41 + 1");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->text(0, 0), "42");
}

// What a standby answers after a failover: the session is dropped, so the pool's next
// connection can reach the new primary.
TEST_F(PgConnectionTest, AReadOnlySessionIsMarkedForDiscard) {
  ASSERT_TRUE(db_->execute("SET default_transaction_read_only = on").ok());
  const Status refused = db_->execute("CREATE TABLE written (x integer)");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Unavailable);
  EXPECT_TRUE(db_->broken());
}

TEST_F(PgConnectionTest, ASessionTheServerEndedIsMarkedForDiscard) {
  auto pid = db_->run("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid.ok());
  database_->execute("SELECT pg_terminate_backend(" + pid->text(0, 0) + ", 10000)",
                     /*on_cluster=*/true);
  auto failed = db_->run("SELECT 1");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().category, ErrorCategory::Unavailable);
  EXPECT_TRUE(db_->broken());
  ASSERT_TRUE(db_->reconnect().ok());
  EXPECT_FALSE(db_->broken());
  EXPECT_TRUE(db_->run("SELECT 1").ok());
}

// The foreign-key check of an insert into `child` is planned once per session, for `parent`
// as it was then: one row, analyzed, so read whole. `parent` then grows with autovacuum off,
// so nothing invalidates that plan; only the session's own replanning makes a better one.
class PgReplanTest : public PgConnectionTest {
 protected:
  void SetUp() override {
    PgConnectionTest::SetUp();
    if (IsSkipped()) return;
    database_->execute(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY) WITH (autovacuum_enabled = false); "
        "CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id)) "
        "WITH (autovacuum_enabled = false); "
        "INSERT INTO parent VALUES (1); ANALYZE parent");
  }

  // Inserts `count` children of parent 1 in one transaction begun by `db_`, and returns how
  // the foreign-key checks read `parent`: {whole-table scans, index scans}.
  std::pair<long, long> parentReadsOfInserts(int count) {
    EXPECT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
    const std::pair<long, long> before = parentReads();
    for (int i = 0; i < count; ++i) {
      auto inserted = db_->run("INSERT INTO child (parent_id) VALUES ($1)", PgParams().integer(1));
      EXPECT_TRUE(inserted.ok()) << inserted.error().message;
    }
    const std::pair<long, long> after = parentReads();
    EXPECT_TRUE(commitTransaction(*db_).ok());
    return {after.first - before.first, after.second - before.second};
  }

  // This session's reads of `parent` not yet reported to the statistics (they are reported at
  // most once a second, so the view may still count earlier transactions'): only differences
  // mean something.
  std::pair<long, long> parentReads() {
    auto reads = db_->run(
        "SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
        "WHERE relname = 'parent'");
    EXPECT_TRUE(reads.ok() && reads->rows() == 1);
    if (!reads.ok() || reads->rows() != 1) return {-1, -1};
    return {std::stol(reads->text(0, 0)), std::stol(reads->text(0, 1))};
  }
};

TEST_F(PgReplanTest, PlansMadeForSmallTablesAreMadeAgainOnceTheSessionRanEnoughStatements) {
  // A plan's first five runs are each planned for their values; the sixth makes the plan
  // kept, here for a one-row table, which reads it whole.
  EXPECT_EQ(parentReadsOfInserts(10).first, 10);
  database_->execute("INSERT INTO parent SELECT n FROM generate_series(2, 20000) AS n");
  // The plan stays: each check still reads all 20,000 rows.
  EXPECT_EQ(parentReadsOfInserts(3), std::make_pair(3L, 0L));

  // Outside a transaction, at its 1,000th statement, the session discards its plans.
  for (int i = 0; i < 1'000; ++i) ASSERT_TRUE(db_->run("SELECT 1").ok());
  EXPECT_EQ(parentReadsOfInserts(3), std::make_pair(0L, 3L));
}

// Deferred statements (issue 13): sent with the next statement, in order, in one pipeline.
class PgDeferredTest : public PgConnectionTest {
 protected:
  void SetUp() override {
    PgConnectionTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(db_->execute("CREATE TABLE notes (n integer PRIMARY KEY, seen integer)").ok());
  }

  Status note(int n) {
    return db_->runDeferred("INSERT INTO notes (n) VALUES ($1)", PgParams().integer(n));
  }

  // The notes as another session sees them: committed ones only.
  std::string committedNotes() {
    auto other = PgConnection::open(database_->url());
    EXPECT_TRUE(other.ok());
    if (!other.ok()) return "?";
    auto rows =
        (*other)->run("SELECT coalesce(string_agg(n::text, ',' ORDER BY n), '') FROM notes");
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->text(0, 0) : "?";
  }
};

TEST_F(PgDeferredTest, TheNextStatementSeesTheDeferredOnesInTheOrderTheyCame) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(1).ok());
  ASSERT_TRUE(
      db_->runDeferred("UPDATE notes SET seen = n * 10 WHERE n = $1", PgParams().integer(1)).ok());
  ASSERT_TRUE(note(2).ok());
  EXPECT_EQ(committedNotes(), "");  // nothing was sent yet, or at least nothing committed
  auto rows =
      db_->run("SELECT string_agg(n || ':' || coalesce(seen, 0), ',' ORDER BY n) FROM notes");
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  EXPECT_EQ(rows->text(0, 0), "1:10,2:0");
  ASSERT_TRUE(commitTransaction(*db_).ok());
  EXPECT_EQ(committedNotes(), "1,2");
}

TEST_F(PgDeferredTest, TheCommitCarriesTheDeferredStatements) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(3).ok());
  ASSERT_TRUE(note(4).ok());
  ASSERT_TRUE(commitTransaction(*db_).ok());
  EXPECT_TRUE(db_->idle());
  EXPECT_EQ(committedNotes(), "3,4");
}

TEST_F(PgDeferredTest, AFailedDeferredStatementFailsTheNextCallAndNothingIsCommitted) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(5).ok());
  ASSERT_TRUE(note(5).ok());  // a duplicate key: fails on the server, later
  auto next = db_->run("SELECT 1");
  ASSERT_FALSE(next.ok());
  EXPECT_NE(next.error().message.find("deferred statement: "), std::string::npos)
      << next.error().message;
  EXPECT_NE(next.error().message.find("duplicate key"), std::string::npos) << next.error().message;
  EXPECT_TRUE(db_->inFailedTransaction());
  EXPECT_FALSE(commitTransaction(*db_).ok());
  EXPECT_TRUE(db_->idle());
  EXPECT_FALSE(db_->broken());
  EXPECT_EQ(committedNotes(), "");
}

TEST_F(PgDeferredTest, AFailureTheCommitCarriesFailsTheCommitAndRollsBack) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(6).ok());
  ASSERT_TRUE(note(6).ok());
  const Status committed = commitTransaction(*db_);
  ASSERT_FALSE(committed.ok());
  EXPECT_NE(committed.error().message.find("duplicate key"), std::string::npos);
  EXPECT_TRUE(db_->idle());
  EXPECT_EQ(committedNotes(), "");
  // The connection is usable again, and the failed statements are not sent a second time.
  auto again = db_->run("SELECT count(*) FROM notes");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->text(0, 0), "0");
}

TEST_F(PgDeferredTest, ARollbackNeverSendsThem) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(7).ok());
  rollbackTransaction(*db_);
  EXPECT_TRUE(db_->idle());
  auto count = db_->run("SELECT count(*) FROM notes");
  ASSERT_TRUE(count.ok()) << count.error().message;
  EXPECT_EQ(count->text(0, 0), "0");
}

TEST_F(PgDeferredTest, OutsideATransactionTheStatementRunsAtOnce) {
  ASSERT_TRUE(note(8).ok());
  EXPECT_EQ(committedNotes(), "8");
  const Status duplicate = note(8);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.error().message.find("duplicate key"), std::string::npos);
}

TEST_F(PgDeferredTest, PipelinedAndUnpreparedStatementsAlsoSendTheDeferredFirst) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(9).ok());
  auto planned =
      db_->runPlannedEachTime("SELECT count(*) FROM notes WHERE n >= $1", PgParams().integer(9));
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_EQ(planned->text(0, 0), "1");
  ASSERT_TRUE(note(10).ok());
  auto piped = db_->runPipelined("SELECT count(*) FROM notes WHERE n >= $1",
                                 {PgParams().integer(9), PgParams().integer(10)});
  ASSERT_TRUE(piped.ok()) << piped.error().message;
  ASSERT_EQ(piped->size(), 2U);  // only the pipelined statements' own results
  EXPECT_EQ((*piped)[0].text(0, 0), "2");
  EXPECT_EQ((*piped)[1].text(0, 0), "1");
  ASSERT_TRUE(commitTransaction(*db_).ok());
  EXPECT_EQ(committedNotes(), "9,10");
}

TEST_F(PgDeferredTest, DifferentStatementsRunTogetherInOrderAfterTheDeferredOnes) {
  ASSERT_TRUE(beginTransaction(*db_, Access::ReadWrite).ok());
  ASSERT_TRUE(note(11).ok());
  const PgParams twelve = PgParams().integer(12);
  const PgParams none;
  auto rows = db_->runTogether({{"INSERT INTO notes (n) VALUES ($1) RETURNING n", &twelve},
                                {"SELECT string_agg(n::text, ',' ORDER BY n) FROM notes", &none}});
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].text(0, 0), "12");
  EXPECT_EQ((*rows)[1].text(0, 0), "11,12");
  ASSERT_TRUE(commitTransaction(*db_).ok());
  EXPECT_EQ(committedNotes(), "11,12");
}

}  // namespace
}  // namespace mensajero::storage::postgres
