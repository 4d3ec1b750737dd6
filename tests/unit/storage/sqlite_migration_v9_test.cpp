// Migration 9 on a database written by migration 8: each conversation's last inbound time
// (the customer-service window) is backfilled from its newest inbound message.
#include <string>

#include <gtest/gtest.h>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/schema_v1.h"
#include "storage/sqlite/schema_v2.h"
#include "storage/sqlite/schema_v3.h"
#include "storage/sqlite/schema_v4.h"
#include "storage/sqlite/schema_v5.h"
#include "storage/sqlite/schema_v6.h"
#include "storage/sqlite/schema_v7.h"
#include "storage/sqlite/schema_v8.h"
#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

class SqliteMigrationV9Test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Connection::open(dir_.file("v8.db"), Connection::Mode::Writer, 5000);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(db_->execute("BEGIN IMMEDIATE").ok());
    for (const char* schema :
         {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5, kSchemaV6, kSchemaV7, kSchemaV8}) {
      ASSERT_TRUE(db_->execute(schema).ok());
    }
    ASSERT_TRUE(db_->execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                             "PRIMARY KEY, applied_at TEXT NOT NULL); INSERT OR REPLACE INTO "
                             "schema_migrations VALUES (1, 'then'), (2, 'then'), (3, 'then'), "
                             "(4, 'then'), (5, 'then'), (6, 'then'), (7, 'then'), (8, 'then')")
                    .ok());
    // One conversation the patient wrote in twice (and we answered later), one never.
    ASSERT_TRUE(
        db_->execute("INSERT INTO organizations (id, name) VALUES ('org', 'Clinic');"
                     "INSERT INTO message_conversations (id, organization_id, channel_type, "
                     "channel_identifier) VALUES ('wrote', 'org', 'whatsapp', '+12015550101'), "
                     "('silent', 'org', 'whatsapp', '+12015550102');"
                     "INSERT INTO messages (id, conversation_id, direction, message_type, "
                     "created_at) VALUES "
                     "('in1', 'wrote', 'inbound', 'text', '2026-01-01T08:00:00.000Z'), "
                     "('in2', 'wrote', 'inbound', 'text', '2026-01-01T09:30:00.000Z'), "
                     "('out1', 'wrote', 'outbound', 'text', '2026-01-01T10:00:00.000Z'), "
                     "('out2', 'silent', 'outbound', 'text', '2026-01-01T10:00:00.000Z')")
            .ok());
    ASSERT_TRUE(db_->execute("COMMIT").ok());
  }

  std::string lastInbound(const std::string& conversation_id) {
    auto select = db_->prepare(
        "SELECT coalesce(last_inbound_at, 'none') FROM message_conversations WHERE id = ?1");
    EXPECT_TRUE(select.ok());
    if (!select.ok()) return "";
    select->bindText(1, conversation_id);
    auto row = select->next();
    EXPECT_TRUE(row.ok() && *row);
    return select->text(0);
  }

  testing::TempDir dir_;
  std::unique_ptr<Connection> db_;
};

TEST_F(SqliteMigrationV9Test, BackfillsEachConversationFromItsNewestInboundMessage) {
  ASSERT_TRUE(db_->execute("BEGIN IMMEDIATE").ok());
  auto version = applyMigrations(*db_);
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(*version, latestSchemaVersion());
  ASSERT_TRUE(db_->execute("COMMIT").ok());
  EXPECT_EQ(lastInbound("wrote"), "2026-01-01T09:30:00.000Z");
  EXPECT_EQ(lastInbound("silent"), "none");
}

}  // namespace
}  // namespace mensajero::storage::sqlite
