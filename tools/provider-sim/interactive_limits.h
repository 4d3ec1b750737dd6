#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {

// Why Meta would refuse a "type":"interactive" send, checked the way the Cloud API documents
// it (providers.md §1.2): reply buttons (1-3; title 20, id 256, ids unique; header text or
// image/video/document by link) or a list (button label 20; 1-10 sections, at most 10 rows
// in total; row title 24, id 200, description 72, ids unique; header text only); body 1024
// for buttons and 4096 for a list, footer 60, all in characters. A missing or mistyped
// parameter is code 100, a value past a limit code 131009, as Meta answers them.
struct InteractiveProblem {
  int code = 100;
  std::string message;  // "(#131009) Parameter value is not valid: ..."
};

// nullopt for any other message type, or an interactive message Meta would accept.
std::optional<InteractiveProblem> interactiveSendProblem(const nlohmann::json& request);

}  // namespace mensajero::provider_sim
