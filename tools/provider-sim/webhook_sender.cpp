#include "webhook_sender.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "security/webhook_signature.h"

namespace mensajero::provider_sim {

WebhookDelivery signedDelivery(std::string url, std::string_view app_secret, std::string body) {
  std::string signature = security::signHubSignature(app_secret, body);
  return WebhookDelivery{std::move(url), std::move(body), std::move(signature)};
}

nlohmann::json WebhookCounts::toJson() const {
  return {{"delivered", delivered}, {"failed", failed}, {"pending", pending}};
}

WebhookSender::WebhookSender(transport::HttpClient& client) : client_(client) {}

WebhookSender::~WebhookSender() { stop(); }

Result<long> WebhookSender::sendNow(const WebhookDelivery& delivery) {
  transport::HttpCall call;
  call.method = "POST";
  call.url = delivery.url;
  call.headers = {{"Content-Type", delivery.content_type},
                  {delivery.signature_header, delivery.signature},
                  {"User-Agent", delivery.user_agent}};
  call.body = delivery.body;
  call.timeout = std::chrono::milliseconds(5'000);
  call.connect_timeout = std::chrono::milliseconds(1'000);
  Result<transport::HttpReply> reply = client_.perform(call);
  if (!reply.ok()) {
    return reply.error();
  }
  return reply->status;
}

void WebhookSender::enqueue(WebhookDelivery delivery, TimerQueue::Clock::time_point at) {
  auto shared = std::make_shared<const WebhookDelivery>(std::move(delivery));
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    ++counts_.pending;
    generation = generation_;
  }
  queue_.schedule(at, [this, shared, generation] { attempt(shared, 1, generation); });
}

void WebhookSender::attempt(std::shared_ptr<const WebhookDelivery> delivery, int attempt_no,
                            std::uint64_t generation) {
  const Result<long> sent = sendNow(*delivery);
  const bool ok = sent.ok() && sent.value() >= 200 && sent.value() < 300;
  if (!ok) {
    spdlog::warn("provider-sim: webhook attempt {}/{} failed: {}", attempt_no, kMaxAttempts,
                 sent.ok() ? "HTTP " + std::to_string(sent.value()) : sent.error().code);
  }
  std::lock_guard lock(mutex_);
  if (generation != generation_) {
    return;  // reset while this attempt was in flight
  }
  if (ok || attempt_no >= kMaxAttempts) {
    --counts_.pending;
    ++(ok ? counts_.delivered : counts_.failed);
    if (counts_.pending == 0) {
      idle_.notify_all();
    }
    return;
  }
  const auto backoff = kFirstBackoff * (1 << (attempt_no - 1));
  queue_.schedule(TimerQueue::Clock::now() + backoff,
                  [this, delivery = std::move(delivery), attempt_no, generation] {
                    attempt(delivery, attempt_no + 1, generation);
                  });
}

WebhookCounts WebhookSender::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

bool WebhookSender::waitIdle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, timeout, [this] { return counts_.pending == 0; });
}

void WebhookSender::reset() {
  std::lock_guard lock(mutex_);
  ++generation_;
  counts_ = WebhookCounts{};
  queue_.clear();
  idle_.notify_all();
}

void WebhookSender::stop() { queue_.shutdown(); }

}  // namespace mensajero::provider_sim
