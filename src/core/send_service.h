#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "common/result.h"
#include "core/send_request.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// The front half of the send pipeline: validate the request against the domain rules,
// choose the channel instance and make the message durable as 'pending' in the outbox.
// Delivery happens in delivery::Dispatcher. Thread-safe.
class SendService {
 public:
  // Longest text body WhatsApp accepts (characters, not bytes).
  static constexpr std::size_t kMaxTextLength = 4096;

  // `max_backlog`: pending outbound messages beyond which accept() refuses new ones.
  SendService(storage::Store& store, const resilience::Clock& clock, std::string instance_id,
              std::int64_t max_backlog = 100'000);

  // On success the message is committed. When due now it is leased to this instance for
  // `lease_ms`, so the caller may attempt it at once without another worker taking it.
  // Errors: Invalid (bad recipient, content, priority, type), NotFound (conversation or
  // organization), Unavailable (no usable channel; store down; backlog full, with
  // retry_after_ms).
  Result<SendTicket> accept(const SendRequest& request, int lease_ms);

  const std::string& instanceId() const { return instance_id_; }

 private:
  // The outbox backlog, counted at most once a second: exact enough for a bound, cheap
  // enough for every send.
  Status checkBacklog();

  storage::Store& store_;
  const resilience::Clock& clock_;
  std::string instance_id_;
  const std::int64_t max_backlog_;
  std::mutex backlog_mutex_;
  std::int64_t backlog_ = 0;              // guarded by backlog_mutex_
  std::int64_t backlog_counted_at_ = -1;  // monotonic ms; guarded by backlog_mutex_
};

}  // namespace mensajero::core
