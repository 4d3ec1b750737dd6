#pragma once

#include <string>
#include <vector>

namespace mensajero::testing {

// The URL of the test cluster's maintenance database, read from the file named by
// MENSAJERO_TEST_PG_URL_FILE (written by scripts/pg-test-cluster); empty when that variable
// is not set.
std::string testClusterUrl();

// A database of its own on a test cluster, created with the object and dropped with it
// (WITH (FORCE), which also ends connections a failed test left open). Failures to create or
// drop it are test failures. Shared by the contract and integration suites.
class PostgresTestDatabase {
 public:
  explicit PostgresTestDatabase(std::string cluster_url);
  ~PostgresTestDatabase();
  PostgresTestDatabase(const PostgresTestDatabase&) = delete;
  PostgresTestDatabase& operator=(const PostgresTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  // A postgresql:// URL for this database.
  const std::string& url() const { return url_; }
  // Runs parameterless SQL on this database (or, with `on_cluster`, on the maintenance
  // database); records a test failure when it fails.
  void execute(const std::string& sql, bool on_cluster = false) const;
  // The first column of every row `sql` returns on this database, as text ("" for NULL).
  std::vector<std::string> column(const std::string& sql) const;

 private:
  std::string cluster_url_;
  std::string name_;
  std::string url_;
};

}  // namespace mensajero::testing
