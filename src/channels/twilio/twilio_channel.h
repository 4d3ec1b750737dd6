#pragma once

#include "channels/channel.h"
#include "channels/twilio/twilio_config.h"
#include "transport/http_client.h"

namespace mensajero::channels::twilio {

// Sends SMS, or WhatsApp through Twilio, with the Messaging API:
// POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json, HTTP Basic auth
// (account_sid:auth_token), form-encoded To, From (or MessagingServiceSid), Body and
// StatusCallback (when configured). WhatsApp instances address "whatsapp:+E164".
// send() refuses, as Invalid and without calling Twilio: a type other than text
// ("unsupported_message_type"), a recipient that is not a phone number ("invalid_recipient"),
// an empty body ("empty_body"), a body over 1600 characters ("body_too_long"), and an SMS
// needing more than max_segments parts ("too_many_segments"). Twilio's refusals are
// classified by twilio_errors.h. The borrowed client must outlive the channel. Thread-safe.
class TwilioChannel final : public Channel {
 public:
  TwilioChannel(TwilioConfig config, transport::HttpClient& client);
  Result<SendAccepted> send(const OutboundSend& message) override;
  // GET {base_url}/2010-04-01/Accounts/{account_sid}.json
  Status checkHealth() override;

 private:
  TwilioConfig config_;
  transport::HttpClient& client_;
};

}  // namespace mensajero::channels::twilio
