#include "core/media/inbound_media.h"

#include <nlohmann/json.hpp>

#include "core/domain/media_kind.h"
#include "security/crypto.h"

namespace mensajero::core {
namespace {

using nlohmann::json;

// Meta's inbound kinds, with a voice note stored as the audio it is.
std::optional<domain::MediaKind> storedKind(const std::string& kind) {
  if (kind == "voice") return domain::MediaKind::Audio;
  return domain::parseMediaKind(kind);
}

std::string mimeEssence(std::string mime_type) {
  mime_type.resize(std::min(mime_type.find(';'), mime_type.size()));
  while (!mime_type.empty() && mime_type.back() == ' ') mime_type.pop_back();
  return mime_type;
}

}  // namespace

std::string inboundMediaId(std::string_view organization_id, std::string_view provider,
                           std::string_view provider_media_id) {
  std::string key = "inbound-media";
  for (const auto part : {organization_id, provider, provider_media_id}) {
    key.push_back('\0');
    key.append(part);
  }
  std::string hex = security::sha256Hex(key).substr(0, 32);
  // Shaped as a version 4 UUID (the variant and version nibbles set) so every id column and
  // parser takes it.
  hex[12] = '4';
  hex[16] = "89ab"[hex[16] % 4];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::vector<storage::NewMediaRecord> claimInboundMedia(std::vector<storage::InboundEvent>& inbound,
                                                       std::string_view provider) {
  std::vector<storage::NewMediaRecord> records;
  for (auto& event : inbound) {
    if (!event.content_json || !event.channel_instance_id) continue;
    json content = json::parse(*event.content_json, nullptr, false);
    if (!content.is_object()) continue;
    const auto kind = storedKind(content.value("kind", std::string()));
    const std::string media_id = content.value("mediaId", std::string());
    if (!kind || media_id.empty()) continue;
    storage::NewMediaRecord record;
    record.id = inboundMediaId(event.organization_id, provider, media_id);
    record.organization_id = event.organization_id;
    record.kind = *kind;
    record.source = domain::MediaSource::Inbound;
    record.mime_type = mimeEssence(content.value("mimeType", std::string()));
    record.sha256 = content.value("sha256", std::string());
    if (content.contains("filename") && content["filename"].is_string()) {
      record.filename = content["filename"].get<std::string>();
    }
    record.provider = *event.channel_instance_id;
    record.inbound_media_id = media_id;
    record.created_at = event.at;
    content["gatewayMediaId"] = *record.id;
    event.content_json = content.dump(-1, ' ', false, json::error_handler_t::replace);
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace mensajero::core
