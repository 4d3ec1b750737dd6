#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "storage/records.h"

namespace mensajero::core {

// A validated-shape request to send one message, as the API received it. Values are not
// yet checked against the domain rules; SendService::accept does that.
struct SendRequest {
  std::string organization_id;
  std::optional<std::string> conversation_id;
  std::string recipient_type;  // phone | whatsapp_id
  std::string recipient_value;
  std::string message_type = "text";
  std::string content;
  std::string priority = "normal";
  // options.fallbackChannels when the request carries it (may be empty: no fallback);
  // absent, the organization's default plan applies (core/channel_plan.h).
  std::optional<std::vector<std::string>> fallback_channels;
  std::optional<UnixMillis> scheduled_at;
  // Set when the request carries an Idempotency-Key already claimed for it.
  std::optional<storage::IdempotencyKeyId> idempotency_key;
};

// What accept() stored.
struct SendTicket {
  std::string message_id;
  std::string conversation_id;
  bool due_now = true;  // false when scheduled for later
  // The channel type the message starts on when it is not the plan's first (WhatsApp had no
  // usable instance at acceptance).
  std::optional<std::string> fallback_used;
  // A template send: the template's name and the language used (the organization's default
  // when the requested one does not exist).
  std::optional<std::string> template_name;
  std::optional<std::string> template_language;
};

}  // namespace mensajero::core
