#pragma once

#include <memory>
#include <string>

namespace mensajero::testing {

class PostgresTestDatabase;

// The PostgreSQL cluster the integration suite runs the gateway on: empty when it runs on
// SQLite, the test cluster's URL (from MENSAJERO_TEST_PG_URL_FILE) when
// MENSAJERO_TEST_STORE=postgres. Throws when PostgreSQL is asked for but no cluster is set.
std::string suitePostgresCluster();
bool suiteRunsOnPostgres();

// The database of one gateway under test: a SQLite file, or a fresh database on a PostgreSQL
// cluster that is dropped with this object. Tests query it with SQL both stores accept.
class GatewayDatabase {
 public:
  // PostgreSQL when `postgres_cluster` is a cluster URL, the SQLite file `sqlite_path` when it
  // is empty.
  GatewayDatabase(const std::string& sqlite_path, const std::string& postgres_cluster);
  ~GatewayDatabase();
  GatewayDatabase(const GatewayDatabase&) = delete;
  GatewayDatabase& operator=(const GatewayDatabase&) = delete;

  // What the gateway's storage.url says.
  const std::string& url() const { return url_; }
  bool onPostgres() const { return postgres_ != nullptr; }
  // The first column of the first row `sql` returns, as a number. Throws when the query fails
  // or returns no row.
  long long queryNumber(const std::string& sql) const;
  // The first column of the first row `sql` returns, as text. Throws when there is none.
  std::string queryText(const std::string& sql) const;
  // Runs one statement that returns no rows; its failure fails the test.
  void execute(const std::string& sql) const;

 private:
  std::string sqlite_path_;
  std::unique_ptr<PostgresTestDatabase> postgres_;
  std::string url_;
};

}  // namespace mensajero::testing
