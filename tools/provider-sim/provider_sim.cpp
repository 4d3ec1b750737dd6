#include "provider_sim.h"

#include <utility>

#include <chrono>

#include "control_routes.h"
#include "graph_routes.h"
#include "http/router.h"
#include "http/server.h"
#include "media_routes.h"
#include "notifier_sink_routes.h"
#include "profile_calls.h"
#include "smtp_sink.h"
#include "template_routes.h"
#include "twilio_routes.h"

namespace mensajero::provider_sim {

ProviderSim::ProviderSim(SimOptions options)
    : options_(std::move(options)),
      state_(options_.webhook),
      twilio_(options_.twilio),
      webhooks_(client_),
      context_{state_, webhooks_, responder_, twilio_} {}

ProviderSim::~ProviderSim() { stop(); }

std::uint16_t ProviderSim::start() {
  http::Router router;
  addGraphRoutes(router, context_);
  addControlRoutes(router, context_);
  addWebhookRoutes(router, context_);
  addTwilioRoutes(router, context_);
  addMediaRoutes(router);
  addTemplateRoutes(router, context_);
  addNotifierSinkRoutes(router, sinks_, smtp_port_);
  addProfileCallRoutes(router);

  // Before the server, so /_sim/sinks/email never reads the port while it is set.
  if (options_.smtp_port >= 0) {
    smtp_ = std::make_unique<SmtpSink>(sinks_, options_.host,
                                       static_cast<std::uint16_t>(options_.smtp_port));
    smtp_port_ = smtp_->start();
  }
  http::ServerOptions server_options;
  server_options.host = options_.host;
  server_options.port = options_.port;
  server_options.io_threads = options_.io_threads;
  // Hung calls are answered by stop() before the server stops, so a short grace suffices.
  server_options.shutdown_grace = std::chrono::milliseconds(2'000);
  server_ = std::make_unique<http::Server>(std::move(server_options), std::move(router));
  port_ = server_->start();
  return port_;
}

void ProviderSim::stop() {
  std::lock_guard lock(stop_mutex_);
  if (stopped_) {
    return;
  }
  stopped_ = true;
  // Order matters: pending delayed answers go out while the server still runs, then the
  // server drains, then nothing can schedule webhooks any more.
  responder_.shutdown();
  if (server_) {
    server_->stop();
  }
  webhooks_.stop();
  if (smtp_) smtp_->stop();
}

std::string ProviderSim::baseUrl() const {
  return "http://" + options_.host + ":" + std::to_string(port_);
}

}  // namespace mensajero::provider_sim
