#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/records.h"
#include "storage/store.h"

namespace mensajero::core {

// The gateway's id for a file a patient sent: a UUID derived from the organization and the
// provider's media id (SHA-256 of both), so a redelivered webhook names the same row and the
// id can be written into the message before the row exists. Clients fetch the file with it
// (GET /api/v2/media/{id}); the provider's id and URL never need to leave the gateway.
std::string inboundMediaId(std::string_view organization_id, std::string_view provider,
                           std::string_view provider_media_id);

// For each inbound media message of `work` (content_json of kind image, video, audio, voice,
// document or sticker with a mediaId): adds "gatewayMediaId" to its content_json and returns
// the media rows to record (source Inbound, no bytes yet, `provider` = the channel instance
// that received it, so the download uses that instance's token). Messages without a channel
// instance (not matched to one of the organization's numbers) are left as they are.
std::vector<storage::NewMediaRecord> claimInboundMedia(std::vector<storage::InboundEvent>& inbound,
                                                       std::string_view provider);

}  // namespace mensajero::core
