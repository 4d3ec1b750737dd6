#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"
#include "http/router.h"

namespace mensajero::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port; start() returns it
  int io_threads = 2;
  int blocking_threads = 16;
  std::size_t body_limit = 1 << 20;                  // default per-route body limit -> 413 past it
  std::size_t header_limit = 16 << 10;               // -> 431 past it
  std::chrono::milliseconds header_timeout{10'000};  // whole header must arrive within it
  std::chrono::milliseconds body_timeout{30'000};    // whole body must arrive within it
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection with no request
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests get this long
  // Open connections beyond this evict the longest-idle one (a connection waiting for its
  // next request, or for the rest of its first header); with none idle, the new connection
  // is closed at once.
  std::size_t max_connections = 1024;
  // Bytes held at once, over all connections, for bodies not yet authenticated (routes
  // whose admission check does not authenticate, see RouteOptions) -> 503 server_busy past it.
  std::size_t unauthenticated_body_budget = std::size_t{64} << 20;
  // Called once per completed response on an I/O thread (access log, metrics). Must not
  // block. Never log bodies or query strings here: they can hold PHI.
  std::function<void(const Request&, const Response&, std::chrono::microseconds)> on_complete;
};

// An HTTP/1.1 server on Boost.Beast with one coroutine per connection.
// - Keep-alive; one request at a time per connection.
// - Routes come from the Router; unknown path -> 404, known path with another method -> 405
//   with Allow; body over the route's limit -> 413; header deadline or body deadline
//   missed -> connection closed; malformed request -> 400. All errors use the JSON error
//   shape of Response::error.
// - Framing (RFC 9112 section 6): a Transfer-Encoding whose last coding is not chunked, or
//   that comes with Content-Length, -> 400 and close; another coding before chunked -> 501
//   and close. See framing.h.
// - Before a body is read: the route is matched (404/405 answered at once) and the route's
//   admission hook runs (its refusal answered at once); a connection whose body was not read
//   closes after the answer. Bodies of unauthenticated routes share
//   unauthenticated_body_budget -> 503 server_busy and close past it.
// - Every response carries X-Request-Id (the client's if it sent a sane one, else new).
// - A handler that throws answers 500 with the JSON error shape; the process never dies.
// Thread-safety: start/stop/wait may be called from any thread; stop is idempotent.
class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O and blocking threads. Returns the bound port. Throws
  // std::runtime_error when the address cannot be bound.
  std::uint16_t start();
  // Graceful: stop accepting, close idle connections, let in-flight requests finish (up to
  // shutdown_grace), then stop the threads. Returns when done.
  void stop();
  // Blocks until SIGINT or SIGTERM arrives (or stop() is called), then performs stop().
  void runUntilSignal();
  // True from the moment a shutdown begins (SIGINT/SIGTERM or stop()): the server drains and
  // will not serve much longer, so a readiness probe should send traffic elsewhere.
  bool draining() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mensajero::http
