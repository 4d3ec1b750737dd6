#include "notify/signed_webhook.h"

#include <nlohmann/json.hpp>

#include "security/crypto.h"

namespace mensajero::notify {

std::string webhookPayload(const monitoring::AlertNotification& n) {
  nlohmann::json body = {
      {"version", 1},
      {"kind", monitoring::toString(n.kind)},
      {"rule", n.rule_name},
      {"severity", n.severity},
      {"condition", n.condition},
      {"metric", n.metric},
      {"value", n.value},
      {"threshold", n.threshold},
      {"since", formatIso8601(n.since)},
      {"at", formatIso8601(n.at)},
      {"dedup_key", n.dedup_key},
      {"source", n.source},
  };
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string webhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  return "v1=" + security::hmacSha256Hex(secret, signed_text);
}

std::string webhookTimestamp(UnixMillis at) { return std::to_string(at / 1000); }

}  // namespace mensajero::notify
