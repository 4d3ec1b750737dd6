#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero {

// How deep any JSON the gateway reads may nest. Real payloads (API bodies, Meta webhooks,
// Graph API answers, provider configs) stay under ten levels; the bound exists because
// nlohmann::json's dump(), comparison and copy recurse once per level, so an unbounded
// document can exhaust a worker thread's stack.
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses untrusted JSON text without ever letting a document deeper than `max_depth`
// containers, or a number outside the range of a double, into the program. Parsing stops at
// the first container past the bound, so the cost is linear in the bytes read up to it.
//
// Invalid with one of these codes, never an exception:
//   "json_too_deep"        an array or object nests deeper than max_depth;
//   "number_out_of_range"  a number overflows a double (1e500, a 400-digit integer);
//   "malformed_json"       anything else the JSON grammar refuses, with the byte offset.
// Messages never quote the input, which may carry PHI.
Result<nlohmann::json> parseBoundedJson(std::string_view text,
                                        std::size_t max_depth = kMaxJsonDepth);

}  // namespace mensajero
