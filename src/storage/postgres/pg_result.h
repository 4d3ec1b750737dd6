#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time_format.h"

struct pg_result;

namespace mensajero::storage::postgres {

// The rows of one executed statement, in libpq's text format; owns the PGresult. Times are
// selected as bigint milliseconds (PG_MILLIS in pg_sql.h), so time() reads an integer.
// Not thread-safe; cheap to move.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  ~PgResult();
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  bool empty() const { return rows() == 0; }
  // Rows inserted, updated or deleted by the statement (0 for a SELECT).
  int affected() const;

  bool isNull(int row, int column) const;
  std::string text(int row, int column) const;  // NULL reads as ""
  std::optional<std::string> optText(int row, int column) const;
  std::int64_t integer(int row, int column) const;  // NULL or malformed reads as 0
  bool boolean(int row, int column) const;
  // A time selected with PG_MILLIS.
  UnixMillis time(int row, int column) const { return integer(row, column); }
  std::optional<UnixMillis> optTime(int row, int column) const;
  // A bytea column, unescaped to its exact bytes.
  std::string bytes(int row, int column) const;
  // A json/jsonb column as compact JSON text (jsonb prints ", " and ": " separators).
  std::string json(int row, int column) const;

  // For libpq calls on the result itself (status, error fields); may be null.
  pg_result* raw() const { return result_; }

 private:
  pg_result* result_;
};

}  // namespace mensajero::storage::postgres
