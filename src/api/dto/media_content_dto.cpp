#include "api/dto/media_content_dto.h"

#include <array>
#include <string_view>

namespace mensajero::api::dto {
namespace {

constexpr std::array<std::string_view, 5> kMembers = {"kind", "link", "mediaId", "caption",
                                                      "filename"};

Error memberError(std::string_view member, std::string_view problem) {
  return makeError(ErrorCategory::Invalid, "invalid_request",
                   "message.content." + std::string(member) + " " + std::string(problem));
}

bool isKnownMember(std::string_view name) {
  for (const auto member : kMembers) {
    if (member == name) return true;
  }
  return false;
}

}  // namespace

Result<std::string> parseMediaContent(const nlohmann::json& content) {
  if (!content.is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_request",
                     "message.content must be an object for a media message");
  }
  nlohmann::json normalised = nlohmann::json::object();
  for (const auto& [name, value] : content.items()) {
    // A misspelt member ("captoin") would otherwise be dropped without a word.
    if (!isKnownMember(name)) return memberError(name.substr(0, 64), "is not a known member");
    if (value.is_null()) continue;
    if (!value.is_string()) return memberError(name, "must be a string");
    normalised[name] = value;
  }
  return normalised.dump();
}

}  // namespace mensajero::api::dto
