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

 private:
  MetaConfig config_;
  transport::HttpClient& client_;
};

}  // namespace mensajero::channels::meta
