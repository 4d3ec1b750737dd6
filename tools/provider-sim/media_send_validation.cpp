#include "media_send_validation.h"

#include <array>
#include <string_view>

namespace mensajero::provider_sim {
namespace {

constexpr std::array<std::string_view, 5> kMediaTypes = {"image", "document", "audio", "video",
                                                         "sticker"};
constexpr std::size_t kMaxCaptionCodePoints = 1024;

bool isMediaType(std::string_view type) {
  for (const auto media : kMediaTypes) {
    if (media == type) return true;
  }
  return false;
}

std::size_t codePoints(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool isString(const nlohmann::json& object, const char* key) {
  return object.contains(key) && object[key].is_string() && !object[key].get<std::string>().empty();
}

}  // namespace

std::optional<std::string> mediaSendProblem(const nlohmann::json& request) {
  const std::string type = request.value("type", std::string());
  if (!isMediaType(type)) return std::nullopt;
  const auto it = request.find(type);
  if (it == request.end() || !it->is_object()) {
    return "The parameter " + type + " is required.";
  }
  const nlohmann::json& media = *it;
  for (const auto& [key, value] : media.items()) {
    if (key != "id" && key != "link" && key != "caption" && key != "filename") {
      return "Param " + type + "['" + key + "'] is not a valid parameter.";
    }
  }
  const bool has_id = isString(media, "id");
  const bool has_link = isString(media, "link");
  if (has_id == has_link) return "Param " + type + " must have exactly one of id and link.";
  if (has_link && media["link"].get<std::string>().rfind("https://", 0) != 0) {
    return "Param " + type + "['link'] must be an https URL.";
  }
  if (media.contains("caption")) {
    if (type == "audio" || type == "sticker") {
      return "Param " + type + "['caption'] is not allowed for this type.";
    }
    if (!media["caption"].is_string() ||
        codePoints(media["caption"].get_ref<const std::string&>()) > kMaxCaptionCodePoints) {
      return "Param " + type + "['caption'] must be a string of at most 1024 characters.";
    }
  }
  if (media.contains("filename") && (type != "document" || !media["filename"].is_string())) {
    return "Param " + type + "['filename'] is allowed for documents only.";
  }
  return std::nullopt;
}

}  // namespace mensajero::provider_sim
