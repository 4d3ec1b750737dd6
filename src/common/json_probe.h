#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bounded_json.h"
#include "common/result.h"

namespace mensajero {

// One step into a JSON document: an object member by name or an array element by index.
using JsonPathStep = std::variant<std::string, std::size_t>;

struct JsonProbe {
  bool is_object = false;            // the root is an object
  std::optional<std::string> value;  // the string at the path, when there is one
};

// Checks untrusted JSON text as parseBoundedJson does (the same grammar, bounds and error
// codes) without building the document, and picks the string at `path`, if the document has
// one there. For the webhook hot path, which must refuse what is not JSON before its 200 but
// needs one field only: building the whole document there was 6 % of ingestion's CPU, and the
// processor parses the stored bytes in full anyway (issue 13).
Result<JsonProbe> probeBoundedJson(std::string_view text, const std::vector<JsonPathStep>& path,
                                   std::size_t max_depth = kMaxJsonDepth);

}  // namespace mensajero
