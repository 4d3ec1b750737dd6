#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {

// Checks a send body of a media type (image, document, audio, video, sticker) as Meta does
// (provider reference §1.2): an object named after the type holding exactly one of "id" and
// "link" (https), "caption" only for image, video and document (up to 1024 characters),
// "filename" only for documents, nothing else. The problem in Meta's words, or nullopt when
// the body is fine or is not a media send.
std::optional<std::string> mediaSendProblem(const nlohmann::json& request);

}  // namespace mensajero::provider_sim
