#pragma once

#include "channels/channel.h"
#include "channels/meta/meta_config.h"
#include "transport/http_client.h"

namespace mensajero::channels::meta {

// Sends through the Cloud API: POST {base_url}/{api_version}/{phone_number_id}/messages with
// "Authorization: Bearer {access_token}", biz_opaque_callback_data = our message id.
// Borrowed client must outlive the channel.
class MetaChannel final : public Channel {
 public:
  MetaChannel(MetaConfig config, transport::HttpClient& client);
  Result<SendAccepted> send(const OutboundSend& message) override;
  // GET {base_url}/{api_version}/{phone_number_id}/whatsapp_business_profile
  Status checkHealth() override;
  // POST {base_url}/{api_version}/{phone_number_id}/media, multipart (messaging_product,
  // type, file); returns Meta's media id. Defined in meta_media_transfer.cpp.
  Result<std::string> uploadMedia(const MediaFile& file) override;
  // GET {base_url}/{api_version}/{media_id} for the file's short-lived URL, then GET that URL
  // with the same Bearer token. The URL must be Meta's (an https *.fbsbx.com, *.fbcdn.net or
  // *.facebook.com host) or on base_url's origin, so the token never goes elsewhere.
  // Defined in meta_media_transfer.cpp.
  Result<DownloadedMedia> downloadMedia(const std::string& provider_media_id,
                                        const std::string& sha256, std::size_t max_bytes) override;

 private:
  MetaConfig config_;
  transport::HttpClient& client_;
};

}  // namespace mensajero::channels::meta
