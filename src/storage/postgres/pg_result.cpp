#include "storage/postgres/pg_result.h"

#include <charconv>
#include <cstdlib>

#include <libpq-fe.h>
#include <nlohmann/json.hpp>

namespace mensajero::storage::postgres {

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (result_ != nullptr) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

int PgResult::rows() const { return result_ != nullptr ? PQntuples(result_) : 0; }

int PgResult::affected() const {
  if (result_ == nullptr) return 0;
  const char* count = PQcmdTuples(result_);
  int value = 0;
  std::from_chars(count, count + std::char_traits<char>::length(count), value);
  return value;
}

bool PgResult::isNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string PgResult::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> PgResult::optText(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return text(row, column);
}

std::int64_t PgResult::integer(int row, int column) const {
  const char* value = PQgetvalue(result_, row, column);
  std::int64_t number = 0;
  std::from_chars(value, value + PQgetlength(result_, row, column), number);
  return number;
}

bool PgResult::boolean(int row, int column) const {
  return PQgetvalue(result_, row, column)[0] == 't';
}

std::optional<UnixMillis> PgResult::optTime(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return time(row, column);
}

std::string PgResult::bytes(int row, int column) const {
  if (isNull(row, column)) return {};
  std::size_t length = 0;
  unsigned char* raw = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)), &length);
  if (raw == nullptr) return {};
  std::string decoded(reinterpret_cast<const char*>(raw), length);
  PQfreemem(raw);
  return decoded;
}

std::string PgResult::json(int row, int column) const {
  if (isNull(row, column)) return {};
  std::string stored = text(row, column);
  // ordered_json keeps the key order jsonb chose; only the separators change.
  auto parsed = nlohmann::ordered_json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return stored;
  return parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace mensajero::storage::postgres
