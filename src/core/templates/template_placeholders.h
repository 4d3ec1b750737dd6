#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

// The parameters written in a template's text: {{1}} or {{snake_name}}.
namespace mensajero::core::templates {

struct Placeholder {
  std::string name;  // "1", "2", ... or "patient_name"
  bool positional = true;
  std::size_t begin = 0;  // byte offset of "{{"
  std::size_t end = 0;    // byte offset just past "}}"
};

// Every placeholder in `text`, in order. Invalid template_parameter_malformed for "{{" not
// closed by "}}", or whose inside is neither a number without leading zero nor a name of
// [a-z0-9_] starting with a letter (at most 64 characters).
Result<std::vector<Placeholder>> findPlaceholders(std::string_view text);

// The distinct names of `placeholders`, in order of first appearance.
std::vector<std::string> distinctNames(const std::vector<Placeholder>& placeholders);

}  // namespace mensajero::core::templates
