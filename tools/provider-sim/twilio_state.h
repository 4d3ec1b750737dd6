#pragma once

#include <utility>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "sim_state.h"

namespace mensajero::provider_sim {

// The simulated Twilio account: its credentials and the status callbacks it posts after
// each accepted message (to the message's StatusCallback URL). A plain value.
struct TwilioAccount {
  std::string account_sid = "AC00000000000000000000000000000001";
  std::string auth_token = "sim-twilio-auth-token";  // checks Basic auth, signs callbacks
  std::vector<std::string> statuses{"sent", "delivered"};
  std::vector<std::chrono::milliseconds> status_delays_ms{std::chrono::milliseconds(20),
                                                          std::chrono::milliseconds(40)};

  std::chrono::milliseconds delayFor(std::size_t index) const;
  // The token is reported only as "has_auth_token".
  nlohmann::json toJson() const;
};

// Applies account_sid, auth_token, statuses, status_delays_ms present in `patch`; unknown
// fields and wrong types are Invalid and change nothing.
Status mergeTwilioAccount(TwilioAccount& account, const nlohmann::json& patch);

// A message Twilio's Messages.json accepted.
struct TwilioMessage {
  std::string sid;  // "SM" + 32 hex digits
  std::string account_sid;
  std::string to;    // as sent, e.g. "+12015550123" or "whatsapp:+12015550123"
  std::string from;  // empty when a MessagingServiceSid was given
  std::string messaging_service_sid;
  std::string body;
  std::string status_callback;
  std::int64_t received_at = 0;                           // Unix milliseconds
  std::vector<std::pair<std::string, std::string>> form;  // every field, in order

  nlohmann::json toJson() const;
};

// What the Twilio routes remember. Failure injection has knobs of its own (the fields of
// FailureControl, set through /_sim/twilio/control), so Meta's fail_next and Twilio's do not
// consume each other. Thread-safe; methods return copies.
class TwilioState {
 public:
  static constexpr std::size_t kMaxRecorded = 100'000;
  // Twilio's "Internal Server Error": what an injected failure carries unless told otherwise.
  static constexpr int kDefaultErrorCode = 20500;

  explicit TwilioState(TwilioAccount account);

  CallPlan planCall(bool authorized) { return knobs_.planCall(authorized); }
  FailureControl control() const { return knobs_.control(); }
  Result<FailureControl> updateControl(const nlohmann::json& patch) {
    return knobs_.updateControl(patch);
  }

  // Records under a new sid (never reused, even across reset) and returns it.
  TwilioMessage accept(TwilioMessage message);
  std::optional<TwilioMessage> findMessage(const std::string& sid) const;
  // {"messages":[...],"count":N}
  nlohmann::json messagesJson() const;
  void clearMessages();
  // Control back to defaults and messages cleared; the account is kept.
  void reset();

  TwilioAccount account() const;
  Result<TwilioAccount> updateAccount(const nlohmann::json& patch);
  // "SM" + 32 hex digits for an inbound message.
  std::string nextInboundSid();

 private:
  void resetKnobs();

  SimState knobs_;  // only its failure controls are used
  mutable std::mutex mutex_;
  std::deque<TwilioMessage> messages_;  // guarded by mutex_
  std::uint64_t next_sid_ = 1;          // guarded by mutex_
  TwilioAccount account_;               // guarded by mutex_
};

}  // namespace mensajero::provider_sim
