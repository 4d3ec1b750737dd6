#pragma once

#include <string>

#include "channels/channel.h"
#include "common/result.h"
#include "storage/store.h"

namespace mensajero::delivery {

// The metadata a media message sent by mediaId is handed to its channel with: the stored
// metadata plus media.providerMediaId, the provider's id for the file. The id is cached in
// the media row per channel instance (media.provider names the instance): the first send
// through an instance uploads the file (Channel::uploadMedia) and later sends reuse the id.
// Uploading on first use rather than at POST /api/v2/media means an upload needs no
// channel at all, an organization with several WhatsApp numbers uploads to the one that
// sends, and a failed upload is retried by the send's own retry policy.
// Any other message, and a channel that takes no media files ("media_not_supported", e.g.
// SMS, which sends the caption), get the stored metadata unchanged. Errors: the store's, or
// the upload's as the channel classified them (a send attempt that failed).
Result<std::string> metadataWithProviderMedia(storage::Store& store, channels::Channel& channel,
                                              const storage::MessageRecord& message);

}  // namespace mensajero::delivery
