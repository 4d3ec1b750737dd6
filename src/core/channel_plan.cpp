#include "core/channel_plan.h"

#include <algorithm>

namespace mensajero::core {
namespace {

Error invalid(std::string code, std::string message) {
  return makeError(ErrorCategory::Invalid, std::move(code), std::move(message));
}

bool knownFallbackChannel(std::string_view channel) {
  return channel == "sms" || channel == "voice" || channel == "email";
}

}  // namespace

Status validateFallbackChannels(const std::vector<std::string>& channels) {
  // The bound first: it is the answer a client sending a long list needs.
  if (channels.size() > kMaxFallbackChannels) {
    return invalid("too_many_fallback_channels", "options.fallbackChannels holds at most " +
                                                     std::to_string(kMaxFallbackChannels) +
                                                     " channels");
  }
  for (std::size_t i = 0; i < channels.size(); ++i) {
    if (!knownFallbackChannel(channels[i])) {
      return invalid("unknown_fallback_channel",
                     "options.fallbackChannels entries must be sms, voice or email");
    }
    if (std::find(channels.begin(), channels.begin() + static_cast<std::ptrdiff_t>(i),
                  channels[i]) != channels.begin() + static_cast<std::ptrdiff_t>(i)) {
      return invalid("duplicate_fallback_channel",
                     "options.fallbackChannels names '" + channels[i] + "' twice");
    }
  }
  return {};
}

Result<ChannelPlan> buildChannelPlan(const std::optional<std::vector<std::string>>& requested,
                                     const std::vector<std::string>& organization_default) {
  const std::vector<std::string>& fallbacks = requested ? *requested : organization_default;
  if (Status valid = validateFallbackChannels(fallbacks); !valid) return valid.error();
  ChannelPlan plan{std::string(kFirstChannel)};
  plan.insert(plan.end(), fallbacks.begin(), fallbacks.end());
  return plan;
}

std::string formatChannelPlan(const ChannelPlan& plan) {
  std::string text;
  for (const auto& channel : plan) {
    if (!text.empty()) text += ',';
    text += channel;
  }
  return text;
}

ChannelPlan parseChannelPlan(std::string_view text) {
  ChannelPlan plan;
  while (!text.empty()) {
    const auto comma = text.find(',');
    plan.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  if (plan.empty() || plan.front() != kFirstChannel) return {std::string(kFirstChannel)};
  return plan;
}

std::string channelAtStep(std::string_view plan_text, int step) {
  const ChannelPlan plan = parseChannelPlan(plan_text);
  if (step < 0 || static_cast<std::size_t>(step) >= plan.size()) return plan.front();
  return plan[static_cast<std::size_t>(step)];
}

bool hasStepAfter(std::string_view plan_text, int step) {
  return step >= 0 && static_cast<std::size_t>(step) + 1 < parseChannelPlan(plan_text).size();
}

std::optional<std::string> addressOn(std::string_view channel_type,
                                     std::string_view whatsapp_address, std::string_view phone) {
  if (channel_type == "whatsapp" && !whatsapp_address.empty()) {
    return std::string(whatsapp_address);
  }
  if ((channel_type == "sms" || channel_type == "voice") && phone.starts_with('+')) {
    return std::string(phone);
  }
  return std::nullopt;
}

bool instanceUsable(const storage::ChannelInstanceRecord& instance) {
  return instance.status != "inactive" && instance.status != "error";
}

std::optional<PlanStep> findStep(const ChannelPlan& plan, int from,
                                 const std::vector<storage::ChannelInstanceRecord>& instances,
                                 std::string_view whatsapp_address, std::string_view phone) {
  for (std::size_t step = static_cast<std::size_t>(std::max(from, 0)); step < plan.size(); ++step) {
    const std::string& type = plan[step];
    auto address = addressOn(type, whatsapp_address, phone);
    if (!address) continue;
    for (const auto& instance : instances) {
      if (domain::toText(instance.channel_type) == type && instanceUsable(instance)) {
        return PlanStep{static_cast<int>(step), type, instance.id, std::move(*address)};
      }
    }
  }
  return std::nullopt;
}

bool failureAllowsFallback(const Error& error, bool retries_exhausted) {
  switch (error.category) {
    case ErrorCategory::Fallback:
      return true;
    case ErrorCategory::Invalid:
    case ErrorCategory::Permanent:
      return false;
    default:
      return retries_exhausted && error.retryable();
  }
}

}  // namespace mensajero::core
