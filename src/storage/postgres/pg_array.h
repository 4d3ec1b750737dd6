#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mensajero::storage::postgres {

// A one-dimensional array in PostgreSQL's text form ({"a","b",NULL}), bound as one text
// parameter and cast where the statement reads it ($1::uuid[]), so that a batch of rows travels
// as one parameter per column and one statement inserts them all. libpq has no array encoder;
// the text form is a few lines (every element double-quoted, backslash and double quote
// escaped), which this class owns so that no caller splices values by hand.
class PgArrayLiteral {
 public:
  PgArrayLiteral& add(std::string_view value);
  PgArrayLiteral& addInteger(std::int64_t value);
  PgArrayLiteral& addNull();
  // The literal; the builder is empty afterwards.
  std::string take();

 private:
  void separate();

  std::string text_ = "{";
  bool empty_ = true;
};

}  // namespace mensajero::storage::postgres
