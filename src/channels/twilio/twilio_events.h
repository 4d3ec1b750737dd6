#pragma once

#include <string_view>

#include "channels/twilio/twilio_webhook.h"
#include "channels/webhook_events.h"

// Twilio's webhooks in the gateway's provider-neutral vocabulary (channels/webhook_events.h).
namespace mensajero::channels::twilio {

// "+14155238886" for "whatsapp:+14155238886"; other addresses as they are.
std::string_view withoutChannelPrefix(std::string_view address);

// One status callback or inbound message as neutral events. A status callback becomes a
// delivery step when it says one (gatewayStatusOf), keyed by MessageSid and naming our number
// (From, or the Messaging Service that sent it); queued/accepted/... say nothing and yield no
// event. An inbound message is an SMS or a WhatsApp message from From to our To (or Messaging
// Service), its text the Body (or a tapped button's text), media counted in `detail`. Twilio
// does not date its callbacks: at_ms stays 0 and core dates them by receipt.
WebhookEvents toWebhookEvents(const TwilioWebhook& webhook);

}  // namespace mensajero::channels::twilio
