#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "timer_queue.h"
#include "transport/http_client.h"

namespace mensajero::provider_sim {

// One signed webhook POST: the body is serialised once and the signature covers exactly
// those bytes.
struct WebhookDelivery {
  std::string url;
  std::string body;
  std::string signature;  // X-Hub-Signature-256 value, "sha256=<hex>"
  // Meta's by default; Twilio's callbacks are signed forms (twilio_callbacks.h).
  std::string content_type = "application/json";
  std::string signature_header = "X-Hub-Signature-256";
  std::string user_agent = "facebookexternalua";
};

WebhookDelivery signedDelivery(std::string url, std::string_view app_secret, std::string body);

// Outcomes of queued deliveries since the last reset.
struct WebhookCounts {
  std::uint64_t delivered = 0;  // a 2xx arrived
  std::uint64_t failed = 0;     // every attempt failed
  std::uint64_t pending = 0;    // queued or being retried

  nlohmann::json toJson() const;
};

// Posts webhooks to the gateway: synchronously (sendNow) or through a time-ordered queue
// served by one sender thread (enqueue). A queued delivery that meets a transport error or
// a non-2xx is retried, up to kMaxAttempts attempts with backoff 100/200/400/800 ms, then
// counted as failed. Thread-safe. The HttpClient must outlive the sender.
class WebhookSender {
 public:
  static constexpr int kMaxAttempts = 5;
  static constexpr std::chrono::milliseconds kFirstBackoff{100};

  explicit WebhookSender(transport::HttpClient& client);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // One attempt on the caller's thread. Returns the gateway's HTTP status, or the
  // transport error (Retryable: timeout, connect_failed, transport_error).
  Result<long> sendNow(const WebhookDelivery& delivery);
  // First attempt at `at`.
  void enqueue(WebhookDelivery delivery, TimerQueue::Clock::time_point at);
  WebhookCounts counts() const;
  // Waits until no queued delivery is pending or `timeout` passes; true when idle.
  bool waitIdle(std::chrono::milliseconds timeout) const;
  // Drops queued deliveries and zeroes the counts; an attempt in flight is forgotten.
  void reset();
  // Drops queued deliveries and stops the sender thread; later enqueues are ignored.
  void stop();

 private:
  void attempt(std::shared_ptr<const WebhookDelivery> delivery, int attempt_no,
               std::uint64_t generation);

  transport::HttpClient& client_;
  mutable std::mutex mutex_;
  mutable std::condition_variable idle_;  // notified when pending drops to 0
  WebhookCounts counts_;                  // guarded by mutex_
  std::uint64_t generation_ = 0;          // guarded by mutex_; bumped by reset
  TimerQueue queue_{TimerQueue::OnShutdown::Discard};
};

}  // namespace mensajero::provider_sim
