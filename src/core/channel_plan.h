#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/records.h"

namespace mensajero::core {

// A message's channel plan: the channel types it may go out on, in the order they are tried.
// WhatsApp is always first; options.fallbackChannels (or the organization's default) follow.
// A message is on one step of its plan at a time and only ever moves forward, so a message
// that has fallen back never goes out on an earlier channel as well.
// Stored as comma-separated text ("whatsapp,sms") with the current step's index.
using ChannelPlan = std::vector<std::string>;

inline constexpr std::size_t kMaxFallbackChannels = 3;
inline constexpr std::string_view kFirstChannel = "whatsapp";

// Builds the plan of one message. `requested` is options.fallbackChannels when the request
// carries it (an empty list means "no fallback"); absent, the organization's default applies.
// Invalid: unknown_fallback_channel (not sms, voice or email), duplicate_fallback_channel,
// too_many_fallback_channels (more than kMaxFallbackChannels).
Result<ChannelPlan> buildChannelPlan(const std::optional<std::vector<std::string>>& requested,
                                     const std::vector<std::string>& organization_default);

// The same rules for an organization's default plan in the configuration.
Status validateFallbackChannels(const std::vector<std::string>& channels);

std::string formatChannelPlan(const ChannelPlan& plan);
// Unknown or empty text reads as the WhatsApp-only plan.
ChannelPlan parseChannelPlan(std::string_view text);
// The channel type of `step`, or the first channel when step is out of range.
std::string channelAtStep(std::string_view plan_text, int step);
// Whether the plan has a step after `step`.
bool hasStepAfter(std::string_view plan_text, int step);

// Where a message goes on `channel_type`: WhatsApp takes the address it was given (E.164 or
// wa_id), SMS and voice the E.164 phone number; nullopt when the recipient has none there
// (email: the gateway knows no patient's email address yet).
std::optional<std::string> addressOn(std::string_view channel_type,
                                     std::string_view whatsapp_address, std::string_view phone);

// An instance that may carry messages now: one an operator has not disabled ('inactive') and
// an emergency shutdown has not stopped ('error').
bool instanceUsable(const storage::ChannelInstanceRecord& instance);

struct PlanStep {
  int step = 0;
  std::string channel_type;
  std::string channel_instance_id;
  std::string recipient;  // the address on that channel
};

// The first step at or after `from` whose channel type has a usable instance among
// `instances` (the organization's) and an address for the recipient; nullopt when none.
std::optional<PlanStep> findStep(const ChannelPlan& plan, int from,
                                 const std::vector<storage::ChannelInstanceRecord>& instances,
                                 std::string_view whatsapp_address, std::string_view phone);

// Whether a failed attempt lets the message leave its channel for the next step: the provider
// classified it Fallback (Meta 131026 and kin), or a transient failure has used up the
// channel's retries. Never an invalid message or recipient (Invalid, Permanent): another
// channel would refuse it too, or deliver something wrong.
bool failureAllowsFallback(const Error& error, bool retries_exhausted);

}  // namespace mensajero::core
