#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "common/thread_name.h"
#include "http/body_budget.h"
#include "http/net.h"
#include "http/session.h"
#include "http/session_registry.h"

namespace mensajero::http {
namespace {

using Clock = std::chrono::steady_clock;

// Accept failures such as EMFILE repeat until a connection closes; retry without spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
// After a forced close every session ends at its next resumption; this only bounds a bug.
constexpr std::chrono::seconds kForcedCloseWait{5};

}  // namespace

// The server's threads, acceptor and connections. stop() joins the I/O and blocking
// threads, so it must not be called from a handler (it would wait for itself).
class Server::Impl {
 public:
  Impl(ServerOptions options, Router router)
      : options_(std::move(options)),
        router_(std::move(router)),
        body_budget_(options_.unauthenticated_body_budget),
        ioc_(std::max(1, options_.io_threads)),
        accept_strand_(asio::make_strand(ioc_)),
        acceptor_(accept_strand_) {}

  ~Impl() { stop(); }

  std::uint16_t start();
  void stop();
  void runUntilSignal();
  bool draining() const { return draining_.load(); }

 private:
  enum class State { Created, Running, Stopped };

  tcp::endpoint resolveEndpoint();
  asio::awaitable<void> acceptLoop();
  bool startSession(tcp::socket socket) noexcept;
  bool evictLongestIdle();
  void runIo();
  void wake();

  const ServerOptions options_;
  const Router router_;
  SessionRegistry registry_;
  std::mutex lifecycle_mu_;       // serialises start and stop
  State state_ = State::Created;  // guarded by lifecycle_mu_
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool stop_requested_ = false;        // guarded by wake_mu_
  std::atomic<bool> draining_{false};  // set with stop_requested_, never cleared
  // A session left behind by a failed stop is destroyed inside ioc_'s destructor and still
  // uses registry_ and context_, so both are declared before ioc_ (destroyed after it).
  // stop() empties blocking_pool_ before ioc_ stops: its queued work may post to ioc_.
  std::optional<asio::thread_pool> blocking_pool_;
  std::optional<ServerContext> context_;
  BodyBudget body_budget_;
  asio::io_context ioc_;
  asio::strand<asio::io_context::executor_type> accept_strand_;
  tcp::acceptor acceptor_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
};

std::uint16_t Server::Impl::start() {
  std::lock_guard lock(lifecycle_mu_);
  if (state_ != State::Created) throw std::logic_error("Server::start called twice or after stop");
  const tcp::endpoint endpoint = resolveEndpoint();
  ErrorCode ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    ErrorCode ignored;
    acceptor_.close(ignored);
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
  }
  const std::uint16_t port = acceptor_.local_endpoint().port();

  blocking_pool_.emplace(static_cast<std::size_t>(std::max(1, options_.blocking_threads)));
  context_.emplace(ServerContext{options_, router_, *blocking_pool_, registry_, body_budget_});
  work_.emplace(ioc_.get_executor());
  asio::co_spawn(accept_strand_, acceptLoop(), asio::detached);
  for (int i = 0; i < std::max(1, options_.io_threads); ++i) {
    threads_.emplace_back([this] {
      nameThisThread("http-io");
      runIo();
    });
  }
  state_ = State::Running;
  return port;
}

// Order matters: refuse new connections, let requests in flight finish, then cut what is
// left, and only then stop the threads that could still be resuming sessions.
void Server::Impl::stop() {
  std::lock_guard lock(lifecycle_mu_);
  wake();
  if (state_ != State::Running) {
    state_ = State::Stopped;
    return;
  }
  // The registry closes before the acceptor: whoever sees connections refused also sees
  // every later answer marked "Connection: close".
  auto sessions = registry_.close();
  asio::post(accept_strand_, [this] {
    ErrorCode ignored;
    acceptor_.close(ignored);
  });
  for (auto& session : sessions) Session::beginShutdown(std::move(session));
  if (!registry_.waitEmptyUntil(Clock::now() + options_.shutdown_grace)) {
    for (auto& session : registry_.live()) Session::forceClose(std::move(session));
    registry_.waitEmptyUntil(Clock::now() + kForcedCloseWait);
  }
  // Queued blocking work has nobody left to answer; a handler still running is waited for.
  blocking_pool_->stop();
  blocking_pool_->join();
  blocking_pool_.reset();

  work_.reset();
  ioc_.stop();
  for (std::thread& t : threads_) t.join();
  threads_.clear();
  ErrorCode ignored;
  acceptor_.close(ignored);  // in case the posted close never ran; no thread is left
  state_ = State::Stopped;
}

void Server::Impl::runUntilSignal() {
  {
    std::lock_guard lock(lifecycle_mu_);
    if (state_ != State::Running) return;
  }
  asio::signal_set signals(ioc_, SIGINT, SIGTERM);
  signals.async_wait([this](const ErrorCode& ec, int) {
    if (!ec) wake();
  });
  {
    std::unique_lock lock(wake_mu_);
    wake_cv_.wait(lock, [this] { return stop_requested_; });
  }
  stop();
}

tcp::endpoint Server::Impl::resolveEndpoint() {
  ErrorCode ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (!ec) return {address, options_.port};
  tcp::resolver resolver(ioc_);
  const auto results =
      resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve listen host " + options_.host + ": " + ec.message());
  }
  return results.begin()->endpoint();
}

asio::awaitable<void> Server::Impl::acceptLoop() {
  asio::steady_timer retry(accept_strand_);
  for (;;) {
    ErrorCode ec;
    const asio::any_io_executor session_executor = asio::make_strand(ioc_);
    tcp::socket socket = co_await acceptor_.async_accept(
        session_executor, asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
    // Out of descriptors: an idle connection makes room for the ones waiting in the backlog.
    if (ec == asio::error::no_descriptors) evictLongestIdle();
    if (ec || !startSession(std::move(socket))) {
      retry.expires_after(kAcceptRetryDelay);
      co_await retry.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }
}

bool Server::Impl::startSession(tcp::socket socket) noexcept {
  try {
    // Idle connections cost a descriptor and a buffer each and cannot be told apart from a
    // client about to send, so the one idle longest gives way. NOTE: with every connection
    // busy the newcomer is refused instead; closing the socket is all it gets.
    if (registry_.size() >= options_.max_connections && !evictLongestIdle()) return true;
    ErrorCode ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session = std::make_shared<Session>(*context_, std::move(socket));
    // Refused once stop() has begun; the connection closes as the session goes away.
    if (registry_.add(session)) Session::start(std::move(session));
    return true;
  } catch (...) {
    return false;  // out of memory: drop this connection and keep accepting
  }
}

bool Server::Impl::evictLongestIdle() {
  std::shared_ptr<Session> oldest = registry_.takeLongestIdle();
  if (!oldest) return false;
  Session::evict(std::move(oldest));
  return true;
}

void Server::Impl::runIo() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (...) {
      // NOTE: every coroutine catches its own failures; should one escape anyway, this
      // thread keeps serving the others rather than taking the process down.
    }
  }
}

void Server::Impl::wake() {
  draining_ = true;
  {
    std::lock_guard lock(wake_mu_);
    stop_requested_ = true;
  }
  wake_cv_.notify_all();
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

std::uint16_t Server::start() { return impl_->start(); }

void Server::stop() { impl_->stop(); }

void Server::runUntilSignal() { impl_->runUntilSignal(); }

bool Server::draining() const { return impl_->draining(); }

}  // namespace mensajero::http
