#include "channels/meta/meta_media_payload.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

Error badMetadata(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_media_metadata", std::move(message));
}

bool isMediaKind(const std::string& kind) {
  return kind == "image" || kind == "document" || kind == "audio" || kind == "video" ||
         kind == "sticker";
}

}  // namespace

Result<std::string> mediaPayload(const OutboundSend& message, std::string to) {
  const Json metadata = jf::parseOrNull(message.metadata);
  const Json* media = jf::member(metadata, "media");
  if (media == nullptr || !media->is_object()) return badMetadata("the message has no media");
  const std::string kind = jf::getString(*media, "kind");
  if (!isMediaKind(kind)) return badMetadata("the message's media kind is unknown");

  Json object = Json::object();
  // An uploaded file goes by Meta's id for it; a link is fetched by Meta itself.
  if (auto id = jf::getOptionalString(*media, "providerMediaId")) {
    object["id"] = std::move(*id);
  } else if (auto link = jf::getOptionalString(*media, "link")) {
    object["link"] = std::move(*link);
  } else {
    return badMetadata("the message's media has neither a link nor an uploaded id");
  }
  if (auto caption = jf::getOptionalString(*media, "caption")) object["caption"] = *caption;
  if (auto filename = jf::getOptionalString(*media, "filename")) object["filename"] = *filename;

  const Json payload = {
      {"messaging_product", "whatsapp"},
      {"recipient_type", "individual"},
      {"to", std::move(to)},
      {"type", kind},
      {kind, std::move(object)},
      {"biz_opaque_callback_data", message.message_id},
  };
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mensajero::channels::meta
