// Migration 3 on a database written by migration 2: webhook deduplication becomes per
// organization, and the stored deliveries survive in their order.
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/schema_v1.h"
#include "storage/sqlite/schema_v2.h"
#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

constexpr const char* kClinic = "00000000-0000-4000-8000-0000000000a1";
constexpr const char* kOther = "00000000-0000-4000-8000-0000000000b2";

long long number(Connection& db, const std::string& sql) {
  auto select = db.prepare(sql);
  EXPECT_TRUE(select.ok()) << sql;
  if (!select.ok()) return -1;
  auto row = select->next();
  EXPECT_TRUE(row.ok() && *row) << sql;
  return select->integer(0);
}

Status insertLog(Connection& db, const std::string& id, const char* organization_id,
                 const std::string& hash) {
  auto insert = db.prepare(
      "INSERT INTO webhook_logs (id, organization_id, provider, event_type, status, payload, "
      "payload_hash, received_at) VALUES (?1, ?2, 'meta', 'messages', 'received', '{}', ?3, "
      "'2026-01-01T00:00:00.000Z')");
  if (!insert) return insert.error();
  insert->bindText(1, id);
  insert->bindText(2, organization_id);
  insert->bindText(3, hash);
  return insert->run();
}

class SqliteMigrationV3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Connection::open(dir_.file("v2.db"), Connection::Mode::Writer, 5000);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    // A database as version 2 of the binary left it, with deliveries waiting and an event key.
    ASSERT_TRUE(db_->execute("BEGIN IMMEDIATE").ok());
    ASSERT_TRUE(db_->execute(kSchemaV1).ok());
    ASSERT_TRUE(db_->execute(kSchemaV2).ok());
    ASSERT_TRUE(db_->execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                             "applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES "
                             "(1, 'then'), (2, 'then')")
                    .ok());
    ASSERT_TRUE(insertLog(*db_, "log-2", kClinic, "hash-2").ok());
    ASSERT_TRUE(insertLog(*db_, "log-1", kClinic, "hash-1").ok());
    ASSERT_TRUE(db_->execute("INSERT INTO webhook_events VALUES ('meta:wamid.X:read', "
                             "'2026-01-01T00:00:00.000Z')")
                    .ok());
    // Version 2 dedups across organizations: the other clinic's identical bytes are refused.
    ASSERT_FALSE(insertLog(*db_, "log-other", kOther, "hash-1").ok());
    ASSERT_TRUE(db_->execute("COMMIT").ok());
  }

  void migrate() {
    ASSERT_TRUE(db_->execute("BEGIN IMMEDIATE").ok());
    auto version = applyMigrations(*db_);
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_EQ(*version, 5);  // through v3 to the newest, v5
    ASSERT_TRUE(db_->execute("COMMIT").ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(SqliteMigrationV3Test, KeepsDeliveriesInOrderAndDedupsPerOrganization) {
  migrate();
  EXPECT_EQ(number(*db_, "SELECT max(version) FROM schema_migrations"), 5);
  EXPECT_EQ(number(*db_, "SELECT count(*) FROM webhook_logs"), 2);
  // The unprocessed queue keeps its order (timestamp ties are broken by rowid).
  auto first = db_->prepare("SELECT id FROM webhook_logs ORDER BY timestamp, rowid LIMIT 1");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next().ok());
  EXPECT_EQ(first->text(0), "log-2");

  EXPECT_TRUE(insertLog(*db_, "log-other", kOther, "hash-1").ok());
  EXPECT_FALSE(insertLog(*db_, "log-again", kClinic, "hash-1").ok());
  EXPECT_EQ(number(*db_,
                   "SELECT count(*) FROM sqlite_master WHERE name IN "
                   "('idx_webhook_logs_provider_time', 'idx_webhook_logs_status_time', "
                   "'idx_webhook_events_processed')"),
            3);
}

TEST_F(SqliteMigrationV3Test, EventKeysBecomePerOrganization) {
  migrate();
  EXPECT_EQ(number(*db_, "SELECT count(*) FROM webhook_events"), 0);
  const std::string both = "INSERT INTO webhook_events VALUES ('" + std::string(kClinic) +
                           "', 'meta:k', 'now'), ('" + kOther + "', 'meta:k', 'now')";
  EXPECT_TRUE(db_->execute(both.c_str()).ok());
  const std::string again =
      "INSERT INTO webhook_events VALUES ('" + std::string(kClinic) + "', 'meta:k', 'now')";
  EXPECT_FALSE(db_->execute(again.c_str()).ok());
}

}  // namespace
}  // namespace mensajero::storage::sqlite
