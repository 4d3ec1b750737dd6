#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero::provider_sim {

// Where and how the simulator posts webhooks, as set on the command line and through
// POST /_sim/webhook-target. A plain value; SimState guards it.
struct WebhookTarget {
  std::string url;         // empty: status webhooks are not scheduled
  std::string app_secret;  // signs X-Hub-Signature-256
  std::string display_phone_number = "15550783881";
  // Sent, in this order, after every accepted message; statuses[i] goes out
  // status_delays_ms[i] after acceptance.
  std::vector<std::string> statuses{"sent", "delivered", "read"};
  std::vector<std::chrono::milliseconds> status_delays_ms{
      std::chrono::milliseconds(20), std::chrono::milliseconds(40), std::chrono::milliseconds(60)};

  // The delay of statuses[index]; the last delay repeats when the list is shorter, and an
  // empty list means no delay.
  std::chrono::milliseconds delayFor(std::size_t index) const;
  // The app secret is reported only as "has_app_secret".
  nlohmann::json toJson() const;
};

// "sent", "delivered", "read", "failed" or "played".
bool isMetaStatus(const std::string& status);

// Applies the fields present in `patch` (url, app_secret, display_phone_number, statuses,
// status_delays_ms). Unknown fields and wrong types are Invalid errors and leave `target`
// unchanged.
Status mergeWebhookTarget(WebhookTarget& target, const nlohmann::json& patch);

}  // namespace mensajero::provider_sim
