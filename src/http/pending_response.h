#pragma once

#include <utility>

#include <mutex>
#include <optional>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>

#include "http/message.h"

namespace mensajero::http {

// The bridge between a handler's Respond (any thread, any time, copyable) and the
// connection coroutine waiting for it (one executor, one resumption).
// complete() may be called from any thread; only the first call counts, later calls do
// nothing. A value resumes the coroutine with that response; nullopt (shutdown) resumes it
// with nothing to write. Resumption is always posted to the coroutine's executor, never run
// inline, so a handler calling Respond before returning cannot re-enter the connection.
class PendingResponse {
 public:
  virtual ~PendingResponse() = default;
  virtual void complete(std::optional<Response> response) = 0;
};

template <class CompletionHandler>
class PendingResponseFor final : public PendingResponse {
 public:
  explicit PendingResponseFor(CompletionHandler handler) : handler_(std::move(handler)) {}
  PendingResponseFor(const PendingResponseFor&) = delete;
  PendingResponseFor& operator=(const PendingResponseFor&) = delete;

  // When the last copy of Respond goes away uncalled, answer 500 rather than leave the client
  // (and the coroutine) waiting forever. No other thread holds a reference here: no lock.
  ~PendingResponseFor() override {
    if (handler_) finish(Response::error(500, "internal_error", "The handler did not respond"));
  }

  void complete(std::optional<Response> response) override { finish(std::move(response)); }

 private:
  void finish(std::optional<Response> response) {
    std::optional<CompletionHandler> handler;
    {
      std::lock_guard lock(mu_);
      if (!handler_) return;
      handler.emplace(std::move(*handler_));  // the handler is movable, not assignable
      handler_.reset();
    }
    auto executor = boost::asio::get_associated_executor(*handler);
    boost::asio::post(executor, [h = std::move(*handler), r = std::move(response)]() mutable {
      std::move(h)(std::move(r));
    });
  }

  std::mutex mu_;
  std::optional<CompletionHandler> handler_;
};

}  // namespace mensajero::http
