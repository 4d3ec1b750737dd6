#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "http/message.h"

namespace mensajero::provider_sim {

// Meta's checks on a "type":"template" send, as far as the simulator can make them without
// knowing the account's templates: template.name and template.language.code present, and
// each component's parameters shaped as Graph documents them (providers.md §1.2). The Graph
// error answer when a check fails, nullopt otherwise (and for any other message type):
//   100    a missing or mistyped field (name, language.code, components, a component's type,
//          a button's sub_type or index);
//   132000 a header or body component whose parameters are missing or empty, or a text
//          parameter with no text (Meta: "number of parameters does not match");
//   132012 a parameter whose type lacks its value (Meta: "parameter format does not match"),
//          or named and positional parameters mixed in one component.
std::optional<http::Response> templateSendRefusal(const nlohmann::json& request);

}  // namespace mensajero::provider_sim
