#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"

namespace mensajero::storage::postgres {

// The bound parameters of one statement, $1, $2, ... in the order they are added. Values
// travel separately from the SQL text, so no value is ever spliced into a query. Text format,
// except bytes(), which is sent in binary so every byte arrives exactly.
// Times are bound as ISO-8601 text with milliseconds and "Z", which a timestamptz column or
// comparison reads exactly; the placeholder must stand where PostgreSQL infers timestamptz.
// Not thread-safe; one statement's worth.
class PgParams {
 public:
  PgParams& text(std::string_view value);
  PgParams& textOrNull(std::string_view value);  // empty binds NULL
  PgParams& optText(const std::optional<std::string>& value);
  PgParams& integer(std::int64_t value);
  PgParams& time(UnixMillis value);
  PgParams& optTime(std::optional<UnixMillis> value);
  PgParams& null();
  // A row id. Text that is not a UUID binds NULL, which equals no row: a lookup by a
  // malformed id finds nothing instead of failing the statement.
  PgParams& id(std::string_view value);
  PgParams& optId(const std::optional<std::string>& value);
  // Binary (bytea). Does not copy: `value` must outlive the statement's execution.
  PgParams& bytesRef(std::string_view value);

  // True when a value was added with bytesRef: these params do not own all their bytes.
  bool borrows() const;

  int size() const { return static_cast<int>(values_.size()); }
  // Arrays for PQexecPrepared, valid until the next change to this object.
  const char* const* values() const;
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }

 private:
  struct Value {
    std::string owned;
    std::string_view borrowed;
    bool is_borrowed = false;
    bool is_null = false;
  };
  PgParams& add(Value value, int format);

  std::vector<Value> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  mutable std::vector<const char*> pointers_;
};

}  // namespace mensajero::storage::postgres
