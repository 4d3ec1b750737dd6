#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "failure_control.h"
#include "webhook_target.h"

namespace mensajero::provider_sim {

// A message the Graph API accepted.
struct SentMessage {
  std::string wamid;
  std::string phone_number_id;
  std::string to;     // as the caller sent it
  std::string wa_id;  // digits of `to`
  std::string type;
  std::string text;                          // text.body for type "text", else empty
  std::optional<std::string> callback_data;  // biz_opaque_callback_data
  std::int64_t received_at = 0;              // Unix milliseconds
  // The request body as sent, parsed again only when the messages are listed: a parsed
  // tree is dozens of allocations per message, and freeing 100,000 of them at once (DELETE
  // /_sim/messages) left mimalloc tens of milliseconds of deferred frees that the next send
  // paid (40-60 ms, the maximum of bench/sends.sh's phase C; issue 13).
  std::string request_body;

  nlohmann::json toJson() const;
};

// The fields of an accepted send request (already validated).
struct SendFields {
  std::string to;
  std::string type;
  std::string text;
  std::optional<std::string> callback_data;
  nlohmann::json request;    // parsed, to validate
  std::string request_body;  // as sent, to keep
};

// An injected Graph API failure, ready to answer.
struct InjectedFailure {
  unsigned http_status = 500;
  std::string body;                // Meta error JSON
  std::int64_t retry_after_s = 0;  // > 0: add Retry-After
  int code = 0;                    // the error code and message in `body`, for the routes
  std::string message;             // of providers that shape errors differently (Twilio)
};

// What to do with one Graph API call, decided when it arrives.
struct CallPlan {
  std::chrono::milliseconds delay{0};  // latency, plus hang_ms for a hung call
  bool hang = false;                   // answer 504 after `delay` instead of processing
  bool down = false;                   // drop the connection at once, answering nothing
  std::optional<InjectedFailure> failure;
};

// Everything the simulator remembers: failure-injection knobs, accepted messages and the
// webhook target. One mutex guards it all; every method is thread-safe and returns copies.
class SimState {
 public:
  // Oldest messages are forgotten past this many, so long benchmarks stay bounded.
  static constexpr std::size_t kMaxRecorded = 100'000;

  explicit SimState(WebhookTarget target);

  // Consumes hang_next / fail_next and draws from the failure_rate RNG. Calls that are not
  // authorised are never given an injected failure (they get 401), but can hang.
  CallPlan planCall(bool authorized);

  // Records an accepted message under a new "wamid.SIM<n>" (n increases and is never
  // reused, even across reset) and returns it.
  SentMessage accept(const std::string& phone_number_id, SendFields fields,
                     std::int64_t received_at);
  std::optional<SentMessage> findMessage(const std::string& wamid) const;
  // {"messages":[...],"count":N}
  nlohmann::json messagesJson() const;
  void clearMessages();

  FailureControl control() const;
  // Merges `patch`; Invalid error for unknown fields or bad values (nothing changes then).
  Result<FailureControl> updateControl(const nlohmann::json& patch);
  // Control back to defaults (reseeding the RNG) and messages cleared. The webhook target
  // is left as it is.
  void reset();

  WebhookTarget target() const;
  Result<WebhookTarget> updateTarget(const nlohmann::json& patch);

  // "wamid.SIMIN<n>" for inbound messages without a fixed id.
  std::string nextInboundWamid();

 private:
  InjectedFailure injectedFailureLocked() const;

  mutable std::mutex mutex_;
  FailureControl control_;            // guarded by mutex_
  std::mt19937_64 rng_;               // guarded by mutex_
  std::deque<SentMessage> messages_;  // guarded by mutex_
  std::uint64_t next_wamid_ = 1;      // guarded by mutex_
  std::uint64_t next_inbound_ = 1;    // guarded by mutex_
  WebhookTarget target_;              // guarded by mutex_
};

}  // namespace mensajero::provider_sim
