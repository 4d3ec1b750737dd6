#include "storage/postgres/pg_params.h"

#include <utility>

#include <algorithm>

#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {

PgParams& PgParams::add(Value value, int format) {
  const std::size_t length = value.is_borrowed ? value.borrowed.size() : value.owned.size();
  lengths_.push_back(static_cast<int>(length));
  formats_.push_back(format);
  values_.push_back(std::move(value));
  return *this;
}

PgParams& PgParams::text(std::string_view value) {
  return add({std::string(value), {}, false, false}, 0);
}

PgParams& PgParams::textOrNull(std::string_view value) {
  return value.empty() ? null() : text(value);
}

PgParams& PgParams::optText(const std::optional<std::string>& value) {
  return value ? text(*value) : null();
}

PgParams& PgParams::integer(std::int64_t value) {
  return add({std::to_string(value), {}, false, false}, 0);
}

PgParams& PgParams::time(UnixMillis value) { return text(formatIso8601(value)); }

PgParams& PgParams::optTime(std::optional<UnixMillis> value) {
  return value ? time(*value) : null();
}

PgParams& PgParams::null() { return add({{}, {}, false, true}, 0); }

PgParams& PgParams::id(std::string_view value) { return isUuid(value) ? text(value) : null(); }

PgParams& PgParams::optId(const std::optional<std::string>& value) {
  return value ? id(*value) : null();
}

PgParams& PgParams::bytesRef(std::string_view value) { return add({{}, value, true, false}, 1); }

bool PgParams::borrows() const {
  return std::any_of(values_.begin(), values_.end(),
                     [](const Value& value) { return value.is_borrowed; });
}

const char* const* PgParams::values() const {
  // Built late: an owned std::string's buffer moves whenever values_ grows.
  pointers_.clear();
  for (const Value& value : values_) {
    if (value.is_null) {
      pointers_.push_back(nullptr);
    } else {
      pointers_.push_back(value.is_borrowed ? value.borrowed.data() : value.owned.data());
    }
  }
  return pointers_.data();
}

}  // namespace mensajero::storage::postgres
