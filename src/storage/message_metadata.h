#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/time_format.h"

// What inbound events add to a message's metadata (JSON text), the same for every backend:
//   "reactions": {"<sender key>": {"emoji": "...", "at": "<ISO-8601>"}}  latest per sender
//   "edits": [{"content": "<previous text>", "replacedAt": "<ISO-8601>"}]  oldest first, the
//            latest kMaxEdits only, so a message edited again and again stays bounded
// Metadata that is not a JSON object (never written by the gateway) is started afresh.
namespace mensajero::storage::message_metadata {

inline nlohmann::json parseObject(std::string_view metadata) {
  auto parsed = nlohmann::json::parse(metadata, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

// An empty emoji removes the sender's reaction.
inline std::string withReaction(std::string_view metadata, const std::string& sender,
                                const std::string& emoji, UnixMillis at) {
  nlohmann::json object = parseObject(metadata);
  nlohmann::json& reactions = object["reactions"];
  if (!reactions.is_object()) reactions = nlohmann::json::object();
  if (emoji.empty()) {
    reactions.erase(sender);
  } else {
    reactions[sender] = {{"emoji", emoji}, {"at", formatIso8601(at)}};
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

inline constexpr std::size_t kMaxEdits = 20;

inline std::string withEdit(std::string_view metadata, const std::string& previous_content,
                            UnixMillis at) {
  nlohmann::json object = parseObject(metadata);
  nlohmann::json& edits = object["edits"];
  if (!edits.is_array()) edits = nlohmann::json::array();
  edits.push_back({{"content", previous_content}, {"replacedAt", formatIso8601(at)}});
  if (edits.size() > kMaxEdits) {
    edits.erase(edits.begin(),
                edits.begin() + static_cast<std::ptrdiff_t>(edits.size() - kMaxEdits));
  }
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mensajero::storage::message_metadata
