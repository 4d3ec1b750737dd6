// Migration 4 (API key scopes and revocation) on a database made by an older release: its keys
// keep working with every scope.
#include <gtest/gtest.h>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/schema_v1.h"
#include "storage/sqlite/schema_v2.h"
#include "support/temp_dir.h"

namespace mensajero::storage::sqlite {
namespace {

TEST(SqliteApiKeyMigrationTest, KeysFromBeforeScopesGetEveryScopeAndStayActive) {
  testing::TempDir dir;
  auto db = Connection::open((dir.path() / "old.db").string(), Connection::Mode::Writer, 5000);
  ASSERT_TRUE(db.ok()) << db.error().message;
  Connection& old = **db;
  // The database as the release with schema version 2 left it, with one key.
  ASSERT_TRUE(old.execute("CREATE TABLE schema_migrations ("
                          "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                  .ok());
  ASSERT_TRUE(old.execute(kSchemaV1).ok());
  ASSERT_TRUE(old.execute(kSchemaV2).ok());
  ASSERT_TRUE(old.execute("INSERT INTO schema_migrations VALUES (1, 'x'), (2, 'x')").ok());
  ASSERT_TRUE(old.execute("INSERT INTO organizations (id, name) VALUES ('org-1', 'Clinic')").ok());
  ASSERT_TRUE(old.execute("INSERT INTO api_keys (id, organization_id, key_hash) "
                          "VALUES ('key-1', 'org-1', 'hash-1')")
                  .ok());

  ASSERT_TRUE(old.execute("BEGIN IMMEDIATE").ok());
  auto version = applyMigrations(old);
  ASSERT_TRUE(version.ok()) << version.error().message;
  ASSERT_TRUE(old.execute("COMMIT").ok());

  auto select = old.prepare("SELECT scopes, revoked_at IS NULL FROM api_keys WHERE id = 'key-1'");
  ASSERT_TRUE(select.ok()) << select.error().message;
  auto row = select->next();
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ(select->text(0), "send,read,admin");
  EXPECT_EQ(select->integer(1), 1);
}

}  // namespace
}  // namespace mensajero::storage::sqlite
