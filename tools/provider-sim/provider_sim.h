#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "notifier_sinks.h"
#include "sim_context.h"
#include "sim_state.h"
#include "timer_queue.h"
#include "transport/http_client.h"
#include "webhook_sender.h"
#include "webhook_target.h"

namespace mensajero::http {
class Server;
}

namespace mensajero::provider_sim {

class SmtpSink;

struct SimOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port
  int io_threads = 2;
  WebhookTarget webhook;  // initial target; changed later through /_sim/webhook-target
  TwilioAccount twilio;   // changed later through /_sim/twilio/account
  int smtp_port = 0;      // the SMTP sink's port (notifier_sink_routes.h); 0 picks one, < 0: none
};

// A running WhatsApp Cloud API simulator: the Graph API routes, the /_sim control API,
// the webhook sender and the thread that answers delayed calls. Used by main() and by
// in-process tests. start/stop may be called from any thread; stop is idempotent and runs
// from the destructor too.
class ProviderSim {
 public:
  explicit ProviderSim(SimOptions options);
  ~ProviderSim();
  ProviderSim(const ProviderSim&) = delete;
  ProviderSim& operator=(const ProviderSim&) = delete;

  // Binds and serves. Returns the bound port; throws std::runtime_error when the address
  // cannot be bound.
  std::uint16_t start();
  // Answers delayed calls at once, stops the server (letting in-flight requests finish) and
  // drops queued webhooks.
  void stop();

  // Waits until at least `n` Graph API answers are held back by latency or a hang.
  bool waitForDelayedAnswersForTest(std::size_t n, std::chrono::milliseconds timeout) const {
    return responder_.waitForSizeForTest(n, timeout);
  }

  std::uint16_t port() const { return port_; }
  // "http://<host>:<port>"
  std::string baseUrl() const;
  // The SMTP sink's bound port; 0 when none runs.
  std::uint16_t smtpPort() const { return smtp_port_; }

 private:
  SimOptions options_;
  transport::CurlHttpClient client_;
  SimState state_;
  TwilioState twilio_;
  WebhookSender webhooks_;
  TimerQueue responder_{TimerQueue::OnShutdown::RunNow};
  SimContext context_;
  NotifierSinks sinks_;
  std::unique_ptr<SmtpSink> smtp_;
  std::uint16_t smtp_port_ = 0;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
  std::mutex stop_mutex_;
  bool stopped_ = false;  // guarded by stop_mutex_
};

}  // namespace mensajero::provider_sim
