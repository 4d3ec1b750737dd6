#include "webhook_target.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace mensajero::provider_sim {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_webhook_target", std::move(message));
}

Status readStatuses(const nlohmann::json& v, std::vector<std::string>& out) {
  if (!v.is_array()) {
    return invalid("'statuses' must be an array of status names");
  }
  std::vector<std::string> statuses;
  for (const auto& item : v) {
    if (!item.is_string() || !isMetaStatus(item.get<std::string>())) {
      return invalid("'statuses' items must be sent, delivered, read, failed or played");
    }
    statuses.push_back(item.get<std::string>());
  }
  out = std::move(statuses);
  return {};
}

Status readDelays(const nlohmann::json& v, std::vector<std::chrono::milliseconds>& out) {
  if (!v.is_array()) {
    return invalid("'status_delays_ms' must be an array of milliseconds");
  }
  std::vector<std::chrono::milliseconds> delays;
  for (const auto& item : v) {
    if (!item.is_number_integer() || item.get<std::int64_t>() < 0) {
      return invalid("'status_delays_ms' items must be non-negative integers");
    }
    delays.emplace_back(item.get<std::int64_t>());
  }
  out = std::move(delays);
  return {};
}

Status readString(const nlohmann::json& v, const std::string& key, std::string& out) {
  if (!v.is_string()) {
    return invalid("'" + key + "' must be a string");
  }
  out = v.get<std::string>();
  return {};
}

}  // namespace

std::chrono::milliseconds WebhookTarget::delayFor(std::size_t index) const {
  if (status_delays_ms.empty()) {
    return std::chrono::milliseconds(0);
  }
  return status_delays_ms[std::min(index, status_delays_ms.size() - 1)];
}

nlohmann::json WebhookTarget::toJson() const {
  nlohmann::json delays = nlohmann::json::array();
  for (auto delay : status_delays_ms) {
    delays.push_back(delay.count());
  }
  return {{"url", url},
          {"has_app_secret", !app_secret.empty()},
          {"display_phone_number", display_phone_number},
          {"statuses", statuses},
          {"status_delays_ms", delays}};
}

bool isMetaStatus(const std::string& status) {
  static constexpr std::array<std::string_view, 5> kStatuses{"sent", "delivered", "read", "failed",
                                                             "played"};
  return std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end();
}

Status mergeWebhookTarget(WebhookTarget& target, const nlohmann::json& patch) {
  if (!patch.is_object()) {
    return invalid("the body must be a JSON object");
  }
  WebhookTarget next = target;
  for (const auto& [key, value] : patch.items()) {
    Status read;
    if (key == "url") {
      read = readString(value, key, next.url);
    } else if (key == "app_secret") {
      read = readString(value, key, next.app_secret);
    } else if (key == "display_phone_number") {
      read = readString(value, key, next.display_phone_number);
    } else if (key == "statuses") {
      read = readStatuses(value, next.statuses);
    } else if (key == "status_delays_ms") {
      read = readDelays(value, next.status_delays_ms);
    } else {
      read = invalid("unknown field '" + key + "'");
    }
    if (!read.ok()) {
      return read;
    }
  }
  target = std::move(next);
  return {};
}

}  // namespace mensajero::provider_sim
