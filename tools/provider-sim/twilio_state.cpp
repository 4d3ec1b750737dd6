#include "twilio_state.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

namespace mensajero::provider_sim {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_twilio_account", std::move(message));
}

bool isTwilioStatus(const std::string& status) {
  static constexpr std::array<std::string_view, 7> kStatuses{
      "queued", "sending", "sent", "delivered", "undelivered", "failed", "read"};
  return std::find(kStatuses.begin(), kStatuses.end(), status) != kStatuses.end();
}

Status readStatuses(const nlohmann::json& v, std::vector<std::string>& out) {
  std::vector<std::string> statuses;
  if (v.is_array()) {
    for (const auto& item : v) {
      if (!item.is_string() || !isTwilioStatus(item.get<std::string>())) {
        return invalid(
            "'statuses' items must be queued, sending, sent, delivered, undelivered, failed or "
            "read");
      }
      statuses.push_back(item.get<std::string>());
    }
  } else {
    return invalid("'statuses' must be an array of status names");
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
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
    return invalid("'" + key + "' must be a non-empty string");
  }
  out = v.get<std::string>();
  return {};
}

std::string sidOf(const char* prefix, std::uint64_t n) {
  char digits[33];
  std::snprintf(digits, sizeof digits, "%032llx", static_cast<unsigned long long>(n));
  return std::string(prefix) + digits;
}

}  // namespace

std::chrono::milliseconds TwilioAccount::delayFor(std::size_t index) const {
  if (status_delays_ms.empty()) {
    return std::chrono::milliseconds(0);
  }
  return status_delays_ms[std::min(index, status_delays_ms.size() - 1)];
}

nlohmann::json TwilioAccount::toJson() const {
  nlohmann::json delays = nlohmann::json::array();
  for (auto delay : status_delays_ms) {
    delays.push_back(delay.count());
  }
  return {{"account_sid", account_sid},
          {"has_auth_token", !auth_token.empty()},
          {"statuses", statuses},
          {"status_delays_ms", delays}};
}

Status mergeTwilioAccount(TwilioAccount& account, const nlohmann::json& patch) {
  if (!patch.is_object()) {
    return invalid("the body must be a JSON object");
  }
  TwilioAccount next = account;
  for (const auto& [key, value] : patch.items()) {
    Status read;
    if (key == "account_sid") {
      read = readString(value, key, next.account_sid);
    } else if (key == "auth_token") {
      read = readString(value, key, next.auth_token);
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
  account = std::move(next);
  return {};
}

nlohmann::json TwilioMessage::toJson() const {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : form) {
    fields.push_back({name, value});
  }
  return {{"sid", sid},
          {"account_sid", account_sid},
          {"to", to},
          {"from", from},
          {"messaging_service_sid", messaging_service_sid},
          {"body", body},
          {"status_callback", status_callback},
          {"received_at", received_at},
          {"form", std::move(fields)}};
}

TwilioState::TwilioState(TwilioAccount account)
    : knobs_(WebhookTarget{}), account_(std::move(account)) {
  resetKnobs();
}

void TwilioState::resetKnobs() {
  (void)knobs_.updateControl(
      {{"error_code", kDefaultErrorCode}, {"error_message", "Internal Server Error (simulated)"}});
}

TwilioMessage TwilioState::accept(TwilioMessage message) {
  std::lock_guard lock(mutex_);
  message.sid = sidOf("SM", next_sid_++);
  messages_.push_back(message);
  if (messages_.size() > kMaxRecorded) {
    messages_.pop_front();
  }
  return message;
}

std::optional<TwilioMessage> TwilioState::findMessage(const std::string& sid) const {
  std::lock_guard lock(mutex_);
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
    if (it->sid == sid) {
      return *it;
    }
  }
  return std::nullopt;
}

nlohmann::json TwilioState::messagesJson() const {
  std::lock_guard lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& message : messages_) {
    list.push_back(message.toJson());
  }
  const std::size_t count = list.size();
  return {{"messages", std::move(list)}, {"count", count}};
}

void TwilioState::clearMessages() {
  std::lock_guard lock(mutex_);
  messages_.clear();
}

void TwilioState::reset() {
  knobs_.reset();
  resetKnobs();
  clearMessages();
}

TwilioAccount TwilioState::account() const {
  std::lock_guard lock(mutex_);
  return account_;
}

Result<TwilioAccount> TwilioState::updateAccount(const nlohmann::json& patch) {
  std::lock_guard lock(mutex_);
  Status merged = mergeTwilioAccount(account_, patch);
  if (!merged.ok()) {
    return merged.error();
  }
  return account_;
}

std::string TwilioState::nextInboundSid() {
  std::lock_guard lock(mutex_);
  // Inbound sids count down from the top of the range, so they never meet outbound ones.
  return sidOf("SM", ~std::uint64_t{0} - next_sid_++);
}

}  // namespace mensajero::provider_sim
