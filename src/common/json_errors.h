#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

// The errors both bounded JSON readers (bounded_json.cpp, json_probe.cpp) report. Messages
// never quote the input, which may carry PHI.
namespace mensajero::json_errors {

inline Error tooDeep(std::size_t max_depth) {
  return makeError(ErrorCategory::Invalid, "json_too_deep",
                   "JSON nests deeper than " + std::to_string(max_depth) + " levels");
}

// What nlohmann's SAX parse_error() reports, as ours.
inline Error syntax(std::size_t position, const nlohmann::json::exception& error) {
  constexpr int kNumberOverflowId = 406;  // nlohmann's out_of_range "number overflow parsing"
  if (error.id == kNumberOverflowId) {
    return makeError(ErrorCategory::Invalid, "number_out_of_range",
                     "a JSON number at byte " + std::to_string(position) + " is out of range");
  }
  return makeError(ErrorCategory::Invalid, "malformed_json",
                   "malformed JSON at byte " + std::to_string(position));
}

inline Error malformed() {
  return makeError(ErrorCategory::Invalid, "malformed_json", "malformed JSON");
}

}  // namespace mensajero::json_errors
