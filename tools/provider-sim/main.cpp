// provider-sim: Meta's WhatsApp Cloud API on loopback. See provider_sim.h and
// control_routes.h for the API; `provider-sim --help` for the flags.
#include <csignal>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <pthread.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "provider_sim.h"
#include "webhook_target.h"

namespace {

using mensajero::provider_sim::ProviderSim;
using mensajero::provider_sim::SimOptions;

// Writes the port to `path` through a temporary file and rename(), so a reader never sees
// a partial number. Throws on failure.
void writeReadyFile(const std::string& path, std::uint16_t port) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << '\n';
    out.flush();
    if (!out) {
      throw std::runtime_error("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

// Blocks SIGINT and SIGTERM in this thread and, by inheritance, in every thread started
// later, so that waitForSignal() is the only place they are received.
sigset_t blockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int waitForSignal(const sigset_t& signals) {
  int received = 0;
  while (sigwait(&signals, &received) != 0) {
  }
  return received;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"provider-sim: Meta's WhatsApp Cloud API (Graph API) on loopback"};
  SimOptions options;
  std::string ready_file;
  std::string log_level = "info";
  std::vector<int> delays_ms{20, 40, 60};
  std::vector<std::string> statuses = options.webhook.statuses;
  app.add_option("--host", options.host, "address to bind")->capture_default_str();
  app.add_option("--port", options.port, "port to bind; 0 picks a free one")->capture_default_str();
  app.add_option("--ready-file", ready_file, "file that receives the bound port once ready");
  app.add_option("--webhook-url", options.webhook.url, "where webhooks are posted");
  app.add_option("--app-secret", options.webhook.app_secret, "signs X-Hub-Signature-256");
  app.add_option("--status-delays-ms", delays_ms, "delay of each status webhook after accept")
      ->delimiter(',')
      ->check(CLI::NonNegativeNumber);
  app.add_option("--statuses", statuses, "status webhooks sent after each accepted message")
      ->delimiter(',')
      ->check(CLI::Validator(
          [](std::string& status) {
            return mensajero::provider_sim::isMetaStatus(status)
                       ? std::string()
                       : "unknown status '" + status + "'";
          },
          "STATUS"));
  app.add_option("--display-phone-number", options.webhook.display_phone_number,
                 "metadata.display_phone_number of webhooks");
  app.add_option("--twilio-account-sid", options.twilio.account_sid,
                 "Twilio account sid the Messaging API accepts")
      ->capture_default_str();
  app.add_option("--twilio-auth-token", options.twilio.auth_token,
                 "Twilio auth token: checks Basic auth and signs status callbacks");
  app.add_option("--smtp-port", options.smtp_port, "the SMTP sink's port; 0 picks one, -1: none")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "log threshold; logs go to stderr")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  // stdout carries only the "listening" line, which launchers wait for.
  spdlog::set_default_logger(spdlog::stderr_color_mt("provider-sim"));
  spdlog::set_level(spdlog::level::from_str(log_level));
  options.webhook.status_delays_ms.clear();
  for (int delay : delays_ms) {
    options.webhook.status_delays_ms.emplace_back(delay);
  }
  options.webhook.statuses = statuses;

  const sigset_t signals = blockStopSignals();
  try {
    ProviderSim sim(options);
    const std::uint16_t port = sim.start();
    std::cout << "provider-sim listening on " << options.host << ':' << port << std::endl;
    if (sim.smtpPort() != 0) spdlog::info("provider-sim: SMTP sink on port {}", sim.smtpPort());
    if (!ready_file.empty()) {
      writeReadyFile(ready_file, port);
    }
    const int signal = waitForSignal(signals);
    spdlog::info("provider-sim: signal {} received, stopping", signal);
    sim.stop();
  } catch (const std::exception& e) {
    spdlog::error("provider-sim: {}", e.what());
    return 1;
  }
  return 0;
}
