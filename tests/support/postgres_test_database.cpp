#include "support/postgres_test_database.h"

#include <utility>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <libpq-fe.h>

namespace mensajero::testing {
namespace {

// Runs one statement on a short-lived connection and returns its rows' first column; records
// a test failure when it fails.
std::vector<std::string> queryOn(const std::string& url, const std::string& sql) {
  std::vector<std::string> values;
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to the test cluster: " << PQerrorMessage(conn);
    PQfinish(conn);
    return values;
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      << sql << ": " << PQresultErrorMessage(result);
  for (int row = 0; row < PQntuples(result); ++row) values.emplace_back(PQgetvalue(result, row, 0));
  PQclear(result);
  PQfinish(conn);
  return values;
}

std::string randomDatabaseName() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  std::ostringstream name;
  name << "mensajero_test_" << std::hex << random();
  return name.str();
}

}  // namespace

std::string testClusterUrl() {
  const char* file = std::getenv("MENSAJERO_TEST_PG_URL_FILE");
  if (file == nullptr || *file == '\0') return {};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  return url;
}

PostgresTestDatabase::PostgresTestDatabase(std::string cluster_url)
    : cluster_url_(std::move(cluster_url)), name_(randomDatabaseName()) {
  // The cluster URL ends with the maintenance database's name: swap in ours.
  url_ = cluster_url_.substr(0, cluster_url_.rfind('/') + 1) + name_;
  // The name is made here from hex digits, never taken from input; DDL takes no parameters.
  execute("CREATE DATABASE " + name_, /*on_cluster=*/true);
}

PostgresTestDatabase::~PostgresTestDatabase() {
  execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)", /*on_cluster=*/true);
}

void PostgresTestDatabase::execute(const std::string& sql, bool on_cluster) const {
  queryOn(on_cluster ? cluster_url_ : url_, sql);
}

std::vector<std::string> PostgresTestDatabase::column(const std::string& sql) const {
  return queryOn(url_, sql);
}

}  // namespace mensajero::testing
