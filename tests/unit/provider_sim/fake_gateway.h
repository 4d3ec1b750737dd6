#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/router.h"
#include "http/server.h"

namespace mensajero::provider_sim::testing {

// A stand-in for the gateway's webhook endpoint (POST /webhooks/meta) on a real loopback
// server. It records every delivery and can answer the next N with an error status.
class FakeGateway {
 public:
  struct Delivery {
    std::string body;
    std::string signature;         // X-Hub-Signature-256
    std::string content_type;      // Content-Type
    std::string twilio_signature;  // X-Twilio-Signature
    std::string target;            // path and query as requested
    unsigned answered = 0;         // the status this fake answered
    nlohmann::json json() const { return nlohmann::json::parse(body); }
    // entry[0].changes[0].value
    nlohmann::json value() const { return json()["entry"][0]["changes"][0]["value"]; }
  };

  FakeGateway() {
    http::Router router;
    router.add("POST", "/webhooks/meta", [this](http::Request request, http::Respond respond) {
      respond(http::Response::json(record(request), "{}"));
    });
    http::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    server_ = std::make_unique<http::Server>(options, std::move(router));
    port_ = server_->start();
  }
  ~FakeGateway() { server_->stop(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/webhooks/meta"; }

  void failNext(int n, unsigned status = 500) {
    std::lock_guard lock(mutex_);
    fail_next_ = n;
    fail_status_ = status;
  }

  // Waits until at least `n` deliveries were answered 2xx (or the timeout passes) and
  // returns those, in arrival order.
  std::vector<Delivery> waitForAccepted(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, timeout, [&] { return accepted().size() >= n; });
    return accepted();
  }

  // Every delivery so far, including the ones answered with an error.
  std::vector<Delivery> all() const {
    std::lock_guard lock(mutex_);
    return deliveries_;
  }

 private:
  unsigned record(const http::Request& request) {
    std::lock_guard lock(mutex_);
    Delivery delivery;
    delivery.body = request.body;
    delivery.signature = std::string(request.header("X-Hub-Signature-256").value_or(""));
    delivery.content_type = std::string(request.header("Content-Type").value_or(""));
    delivery.twilio_signature = std::string(request.header("X-Twilio-Signature").value_or(""));
    delivery.target = request.target;
    delivery.answered = 200;
    if (fail_next_ > 0) {
      --fail_next_;
      delivery.answered = fail_status_;
    }
    deliveries_.push_back(delivery);
    arrived_.notify_all();
    return delivery.answered;
  }

  std::vector<Delivery> accepted() const {
    std::vector<Delivery> out;
    for (const auto& delivery : deliveries_) {
      if (delivery.answered < 300) {
        out.push_back(delivery);
      }
    }
    return out;
  }

  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Delivery> deliveries_;
  int fail_next_ = 0;
  unsigned fail_status_ = 500;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

}  // namespace mensajero::provider_sim::testing
