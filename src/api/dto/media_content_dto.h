#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero::api::dto {

// message.content of a media message ({kind, link | mediaId, caption?, filename?}) -> the
// same object as JSON text, holding only those members. Invalid "invalid_request" naming the
// member when content is not an object, a member is not a string, or a member is unknown.
// The values' rules (kinds, https links, lengths) are core's: core/message_content.
Result<std::string> parseMediaContent(const nlohmann::json& content);

}  // namespace mensajero::api::dto
