// The session PgConnection sets up, and how it handles a server that forgot its prepared
// statements or ended its session. Runs against the test cluster; skipped when none is set.
#include "storage/postgres/pg_connection.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/postgres/pg_error.h"
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

}  // namespace
}  // namespace mensajero::storage::postgres
