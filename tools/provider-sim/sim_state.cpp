#include "sim_state.h"

#include <utility>

#include "meta_payloads.h"

namespace mensajero::provider_sim {

nlohmann::json SentMessage::toJson() const {
  return {{"wamid", wamid},
          {"phone_number_id", phone_number_id},
          {"to", to},
          {"wa_id", wa_id},
          {"type", type},
          {"text", text},
          {"callback_data", callback_data ? nlohmann::json(*callback_data) : nlohmann::json()},
          {"received_at", received_at},
          {"request", nlohmann::json::parse(request_body, nullptr, /*allow_exceptions=*/false)}};
}

SimState::SimState(WebhookTarget target) : rng_(control_.seed), target_(std::move(target)) {}

CallPlan SimState::planCall(bool authorized) {
  std::lock_guard lock(mutex_);
  CallPlan plan;
  if (control_.down) {
    plan.down = true;
    return plan;
  }
  plan.delay = std::chrono::milliseconds(control_.latency_ms);
  if (control_.hang_next > 0) {
    --control_.hang_next;
    plan.delay += std::chrono::milliseconds(control_.hang_ms);
    if (!control_.hang_then_accept) {
      plan.hang = true;
      return plan;
    }
  }
  if (!authorized) {
    return plan;
  }
  if (control_.fail_next > 0) {
    --control_.fail_next;
    plan.failure = injectedFailureLocked();
  } else if (control_.failure_rate > 0.0 &&
             std::uniform_real_distribution<double>(0.0, 1.0)(rng_) < control_.failure_rate) {
    plan.failure = injectedFailureLocked();
  }
  return plan;
}

InjectedFailure SimState::injectedFailureLocked() const {
  return InjectedFailure{
      control_.http_status,
      metaErrorBody(control_.error_code, control_.effectiveErrorMessage(), control_.error_type),
      control_.retry_after_s, control_.error_code, control_.effectiveErrorMessage()};
}

SentMessage SimState::accept(const std::string& phone_number_id, SendFields fields,
                             std::int64_t received_at) {
  SentMessage message;
  message.phone_number_id = phone_number_id;
  message.wa_id = digitsOf(fields.to);
  message.to = std::move(fields.to);
  message.type = std::move(fields.type);
  message.text = std::move(fields.text);
  message.callback_data = std::move(fields.callback_data);
  message.received_at = received_at;
  message.request_body = std::move(fields.request_body);

  std::lock_guard lock(mutex_);
  message.wamid = "wamid.SIM" + std::to_string(next_wamid_++);
  messages_.push_back(message);
  if (messages_.size() > kMaxRecorded) {
    messages_.pop_front();
  }
  return message;
}

std::optional<SentMessage> SimState::findMessage(const std::string& wamid) const {
  std::lock_guard lock(mutex_);
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it) {
    if (it->wamid == wamid) {
      return *it;
    }
  }
  return std::nullopt;
}

nlohmann::json SimState::messagesJson() const {
  std::lock_guard lock(mutex_);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& message : messages_) {
    list.push_back(message.toJson());
  }
  const std::size_t count = list.size();
  return {{"messages", std::move(list)}, {"count", count}};
}

void SimState::clearMessages() {
  std::lock_guard lock(mutex_);
  messages_.clear();
}

FailureControl SimState::control() const {
  std::lock_guard lock(mutex_);
  return control_;
}

Result<FailureControl> SimState::updateControl(const nlohmann::json& patch) {
  std::lock_guard lock(mutex_);
  const std::uint64_t old_seed = control_.seed;
  Status merged = mergeFailureControl(control_, patch);
  if (!merged.ok()) {
    return merged.error();
  }
  if (patch.contains("seed") || control_.seed != old_seed) {
    rng_.seed(control_.seed);
  }
  return control_;
}

void SimState::reset() {
  std::lock_guard lock(mutex_);
  control_ = FailureControl{};
  rng_.seed(control_.seed);
  messages_.clear();
}

WebhookTarget SimState::target() const {
  std::lock_guard lock(mutex_);
  return target_;
}

Result<WebhookTarget> SimState::updateTarget(const nlohmann::json& patch) {
  std::lock_guard lock(mutex_);
  Status merged = mergeWebhookTarget(target_, patch);
  if (!merged.ok()) {
    return merged.error();
  }
  return target_;
}

std::string SimState::nextInboundWamid() {
  std::lock_guard lock(mutex_);
  return "wamid.SIMIN" + std::to_string(next_inbound_++);
}

}  // namespace mensajero::provider_sim
