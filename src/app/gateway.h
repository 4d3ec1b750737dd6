#pragma once

#include <cstdint>
#include <memory>

#include "app/config.h"

namespace mensajero::app {

// The whole gateway process: store, delivery workers, webhook processor, HTTP API.
// start() throws std::runtime_error when something cannot start (store, port).
class Gateway {
 public:
  explicit Gateway(Config config);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Opens and migrates the store, applies the config's organizations, starts the workers
  // and the HTTP server. Returns the bound port.
  std::uint16_t start();
  // Blocks until SIGINT/SIGTERM, then shuts down gracefully: the HTTP server first (no new
  // requests, in-flight ones finish), then delivery and webhook workers.
  void runUntilSignal();

 private:
  struct Parts;
  Config config_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace mensajero::app
