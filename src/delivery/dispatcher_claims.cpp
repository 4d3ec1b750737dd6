// The poller's side of the Dispatcher: claims gated by the channels' token buckets and
// circuit breakers (docs/ARCHITECTURE.md, "A message going out").
#include <algorithm>

#include <spdlog/spdlog.h>

#include "delivery/dispatcher.h"

namespace mensajero::delivery {

void Dispatcher::claimDue() {
  std::size_t room = 0;
  {
    std::lock_guard lock(mutex_);
    const std::size_t wanted = static_cast<std::size_t>(options_.workers) * 4;
    room = queue_.size() >= wanted ? 0 : wanted - queue_.size();
  }
  if (room == 0) return;
  ClaimGate gate = claimGate();
  // A claim may return more messages of one instance than it admits (they come first in
  // priority order); those go back and the next round skips the instance, so one clinic's
  // throttled backlog never starves another's. Each round skips one more instance or ends.
  for (std::size_t round = 0; round <= gate.allowance.size() && room > 0; ++round) {
    std::size_t admitted = 0;
    for (const auto& [id, left] : gate.allowance) admitted += left;
    if (gate.unlisted_admitted) admitted = room;
    const std::size_t limit = std::min(room, admitted);
    if (limit == 0) return;
    const UnixMillis now = clock_.now();
    auto claimed = store_.claimDueOutbound(now, static_cast<int>(limit), options_.owner,
                                           now + options_.lease_ms, gate.skip);
    if (!claimed) {
      warnClaimFailed(claimed.error());
      return;
    }
    if (failed_claims_ > 0) {
      spdlog::info("claiming due messages works again after {} failed polls", failed_claims_);
      failed_claims_ = 0;
    }
    room -= std::min(room, claimed->size());
    const std::map<std::string, std::size_t> offered = gate.allowance;
    bool released = false;
    for (auto& message : *claimed) {
      if (!admitClaimed(message, gate)) {
        released = true;
        room += 1;
      }
    }
    noteBacklogs(offered, *claimed, claimed->size() < limit);
    if (!released || claimed->size() < limit) return;
  }
}

void Dispatcher::noteBacklogs(const std::map<std::string, std::size_t>& offered,
                              const std::vector<storage::MessageRecord>& claimed,
                              bool claimed_all_due) {
  std::map<std::string, std::size_t> taken;
  for (const auto& message : claimed) {
    if (message.channel_instance_id) ++taken[*message.channel_instance_id];
  }
  std::lock_guard lock(mutex_);
  for (const auto& [id, allowance] : offered) {
    if (allowance == 0) continue;  // skipped by this claim: nothing learnt
    const std::size_t count = taken.contains(id) ? taken.at(id) : 0;
    if (count >= allowance) {
      backlogged_.insert(id);  // it had at least as many due as the limits admit
    } else if (claimed_all_due) {
      backlogged_.erase(id);  // every due message of it was claimed
    }
  }
}

bool Dispatcher::backlogged(const std::string& channel_instance_id) const {
  std::lock_guard lock(mutex_);
  return backlogged_.contains(channel_instance_id);
}

bool Dispatcher::admitClaimed(const storage::MessageRecord& message, ClaimGate& gate) {
  Job job{message.id, nullptr};
  const auto allowance = message.channel_instance_id
                             ? gate.allowance.find(*message.channel_instance_id)
                             : gate.allowance.end();
  if (allowance != gate.allowance.end()) {
    // The token is taken now, in claim order, so the highest priority gets it. Another
    // thread (an immediate send) may have taken it since the gate looked.
    if (allowance->second == 0 || limits_.takeChannel(allowance->first)) {
      if (std::find(gate.skip.begin(), gate.skip.end(), allowance->first) == gate.skip.end()) {
        gate.skip.push_back(allowance->first);
      }
      allowance->second = 0;
      defer(message, makeError(ErrorCategory::Retryable, "channel_rate_limited",
                               "the channel's rate limit is reached; the message is queued"));
      return false;
    }
    --allowance->second;
    job.holds_channel_token = true;
  }
  // A full queue leaves the message leased: it is claimed again once the lease expires.
  enqueue(std::move(job));
  return true;
}

void Dispatcher::warnClaimFailed(const Error& error) {
  constexpr std::int64_t kWarnEveryMs = 30'000;
  const std::int64_t at = clock_.monotonicMillis();
  ++failed_claims_;
  if (failed_claims_ == 1 || at - last_claim_warning_ms_ >= kWarnEveryMs) {
    last_claim_warning_ms_ = at;
    spdlog::warn("claiming due messages failed ({} in a row): {}", failed_claims_, error.message);
  }
}

Dispatcher::ClaimGate Dispatcher::claimGate() {
  ClaimGate gate;
  auto channels = store_.listAllChannelInstances();
  if (!channels) {
    // The claim itself will most likely fail too; if not, the workers' gates still hold.
    gate.unlisted_admitted = true;
    return gate;
  }
  for (const storage::ChannelInstanceRecord& channel : *channels) {
    if (channel.status == "inactive" || channel.status == "error") continue;  // the claim skips
    // Re-enabled through another gateway instance: this one's breaker is reset here, since
    // a shut-down breaker admits nothing the claim could take to notice it otherwise.
    if (breakers_.state(channel.id) == resilience::BreakerState::Shutdown) {
      breakers_.resetIfReenabled(channel.id);
    }
    const std::size_t admitted =
        std::min(static_cast<std::size_t>(std::max(0, breakers_.admissibleCalls(channel.id))),
                 limits_.channelTokens(channel.id));
    if (admitted == 0) {
      gate.skip.push_back(channel.id);
    } else {
      gate.allowance[channel.id] = admitted;
    }
  }
  return gate;
}

}  // namespace mensajero::delivery
