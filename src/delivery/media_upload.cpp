#include "delivery/media_upload.h"

#include <utility>

#include <nlohmann/json.hpp>

namespace mensajero::delivery {
namespace {

using nlohmann::json;

// The id the message's media goes by at the provider, uploading the file when this instance
// has none cached. nullopt: the channel takes no files.
Result<std::optional<std::string>> providerMediaId(storage::Store& store,
                                                   channels::Channel& channel,
                                                   const std::string& instance_id,
                                                   const std::string& media_id) {
  auto instance = store.findChannelInstance(instance_id);
  if (!instance) return instance.error();
  if (!*instance) return makeError(ErrorCategory::NotFound, "no_channel", "channel not found");
  const std::string& organization_id = (*instance)->organization_id;
  auto media = store.findMedia(organization_id, media_id, /*with_bytes=*/false);
  if (!media) return media.error();
  if (!*media) {
    return makeError(ErrorCategory::Permanent, "media_not_found", "the message's media is gone");
  }
  if ((*media)->provider == instance_id && (*media)->provider_media_id) {
    return std::optional<std::string>{*(*media)->provider_media_id};
  }
  auto file = store.findMedia(organization_id, media_id, /*with_bytes=*/true);
  if (!file) return file.error();
  if (!*file || !(*file)->bytes) {
    return makeError(ErrorCategory::Permanent, "media_not_sendable",
                     "the message's media bytes are no longer kept");
  }
  channels::MediaFile upload{std::string(domain::toText((*file)->kind)), (*file)->mime_type,
                             (*file)->filename.value_or(""), std::move(*(*file)->bytes)};
  auto uploaded = channel.uploadMedia(upload);
  if (!uploaded) {
    if (uploaded.error().code == "media_not_supported") return std::optional<std::string>{};
    return uploaded.error();
  }
  // A failed cache write costs only a second upload later; the send goes on.
  (void)store.setProviderMediaId(organization_id, media_id, instance_id, *uploaded);
  return std::optional<std::string>{std::move(*uploaded)};
}

}  // namespace

Result<std::string> metadataWithProviderMedia(storage::Store& store, channels::Channel& channel,
                                              const storage::MessageRecord& message) {
  if (message.message_type != "media" || !message.channel_instance_id) return message.metadata;
  json metadata = json::parse(message.metadata, nullptr, false);
  if (!metadata.is_object() || !metadata.contains("media") || !metadata["media"].is_object()) {
    return message.metadata;
  }
  json& media = metadata["media"];
  const auto media_id = media.find("mediaId");
  if (media_id == media.end() || !media_id->is_string()) return message.metadata;
  auto id =
      providerMediaId(store, channel, *message.channel_instance_id, media_id->get<std::string>());
  if (!id) return id.error();
  if (!*id) return message.metadata;
  media["providerMediaId"] = std::move(**id);
  return metadata.dump();
}

}  // namespace mensajero::delivery
