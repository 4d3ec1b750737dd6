#pragma once

#include <string_view>

namespace mensajero::storage::common {

// How many columns a select list names: its commas outside parentheses, plus one. For reading a
// column selected after a list, at compile time, so that a column added to the list later moves
// the index with it.
constexpr int columnCount(std::string_view list) {
  int columns = 1;
  int depth = 0;
  for (char c : list) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) ++columns;
  }
  return columns;
}

}  // namespace mensajero::storage::common
