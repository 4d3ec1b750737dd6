#include <set>
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/outbox_ops.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

std::string firstText(Connection& db, const std::string& sql) {
  auto select = db.prepare(sql);
  EXPECT_TRUE(select.ok()) << (select.ok() ? "" : select.error().message);
  if (!select.ok()) return {};
  auto row = select->next();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return select->text(0);
}

std::set<std::string> names(Connection& db, const char* type) {
  auto select = db.prepare("SELECT name FROM sqlite_master WHERE type = ?1");
  EXPECT_TRUE(select.ok());
  select->bindText(1, type);
  std::set<std::string> found;
  while (true) {
    auto row = select->next();
    if (!row.ok() || !*row) break;
    found.insert(select->text(0));
  }
  return found;
}

class SqliteSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db =
        Connection::open((dir_.path() / "schema.db").string(), Connection::Mode::Writer, 5000);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->execute("BEGIN IMMEDIATE").ok());
    auto version = applyMigrations(*db_);
    ASSERT_TRUE(version.ok()) << version.error().message;
    ASSERT_TRUE(db_->execute("COMMIT").ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(SqliteSchemaTest, WriterIsWalWithFullSyncAndForeignKeys) {
  EXPECT_EQ(firstText(*db_, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(firstText(*db_, "PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(firstText(*db_, "PRAGMA foreign_keys"), "1");
}

TEST_F(SqliteSchemaTest, MigrationOneCreatesTheSpecTablesAndIndexes) {
  const std::set<std::string> tables = names(*db_, "table");
  for (const char* table :
       {"schema_migrations", "organizations", "patients", "api_keys", "message_conversations",
        "messages", "message_attempts", "message_templates", "channel_instances",
        "system_health_metrics", "circuit_breaker_events", "webhook_logs", "webhook_events"}) {
    EXPECT_TRUE(tables.contains(table)) << table;
  }
  const std::set<std::string> indexes = names(*db_, "index");
  for (const char* index :
       {"idx_messages_conversation_created", "idx_messages_external_id",
        "idx_messages_status_created", "idx_messages_inbound_external_id", "idx_messages_outbox",
        "idx_health_metrics_service_time", "idx_health_metrics_type_time",
        "idx_circuit_breaker_service_time", "idx_webhook_logs_provider_time",
        "idx_webhook_logs_status_time", "idx_webhook_events_processed"}) {
    EXPECT_TRUE(indexes.contains(index)) << index;
  }
  EXPECT_EQ(firstText(*db_, "SELECT max(version) FROM schema_migrations"),
            std::to_string(latestSchemaVersion()));
}

TEST_F(SqliteSchemaTest, DefaultsProduceUuidsAndIsoTimestamps) {
  ASSERT_TRUE(db_->execute("INSERT INTO organizations (name) VALUES ('Clinic')").ok());
  const std::string id = firstText(*db_, "SELECT id FROM organizations");
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  const std::string created = firstText(*db_, "SELECT created_at FROM organizations");
  EXPECT_TRUE(parseIso8601(created).has_value()) << created;
  EXPECT_EQ(formatIso8601(*parseIso8601(created)), created);
}

TEST_F(SqliteSchemaTest, ClaimReadsOneOutboxIndexRangePerPriorityAndNeverScans) {
  auto plan = db_->prepare(std::string("EXPLAIN QUERY PLAN ") + claimQueryForTest());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  std::string details;
  while (true) {
    auto row = plan->next();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    details += plan->text(3) + "\n";
  }
  // Each of the three ranks is a range (rank = ?, due before now): O(due messages), however
  // many are scheduled for later. Only the picked rows are sorted (at most three limits).
  const std::string range = "USING INDEX idx_messages_outbox (<expr>=? AND next_attempt_at<?)";
  std::size_t ranges = 0;
  for (std::size_t at = details.find(range); at != std::string::npos;
       at = details.find(range, at + 1)) {
    ++ranges;
  }
  EXPECT_EQ(ranges, 3u) << details;
  EXPECT_EQ(details.find("SCAN messages"), std::string::npos) << details;
}

TEST(SqliteStoreTest, StoresTimestampsAsFixedWidthUtcText) {
  testing::TempDir dir;
  StoreOptions options;
  options.url = "sqlite:" + (dir.path() / "store.db").string();
  auto store = openStore(options);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->migrate().ok());
  OrganizationRecord clinic;
  clinic.name = "Clinic";
  clinic.created_at = 1'767'225'600'123;
  ASSERT_TRUE((*store)->createOrganization(clinic).ok());
  store->reset();

  auto db = Connection::open((dir.path() / "store.db").string(), Connection::Mode::Reader, 5000);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(firstText(**db, "SELECT created_at FROM organizations"), "2026-01-01T00:00:00.123Z");
}

}  // namespace
}  // namespace mensajero::storage::sqlite
