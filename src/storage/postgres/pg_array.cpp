#include "storage/postgres/pg_array.h"

#include <utility>

namespace mensajero::storage::postgres {

void PgArrayLiteral::separate() {
  if (!empty_) text_ += ',';
  empty_ = false;
}

PgArrayLiteral& PgArrayLiteral::add(std::string_view value) {
  separate();
  text_ += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') text_ += '\\';
    text_ += c;
  }
  text_ += '"';
  return *this;
}

PgArrayLiteral& PgArrayLiteral::addInteger(std::int64_t value) {
  separate();
  text_ += std::to_string(value);
  return *this;
}

PgArrayLiteral& PgArrayLiteral::addNull() {
  separate();
  text_ += "NULL";
  return *this;
}

std::string PgArrayLiteral::take() {
  text_ += '}';
  std::string literal = std::move(text_);
  text_ = "{";
  empty_ = true;
  return literal;
}

}  // namespace mensajero::storage::postgres
