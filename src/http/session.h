#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "http/body_budget.h"
#include "http/net.h"
#include "http/router.h"
#include "http/server.h"

namespace mensajero::http {

class PendingResponse;
class RequestParser;
class SessionRegistry;

// What every connection of one server shares. Owned by the server; outlives its sessions.
struct ServerContext {
  const ServerOptions& options;
  const Router& router;
  asio::thread_pool& blocking_pool;
  SessionRegistry& registry;
  BodyBudget& body_budget;
};

// One accepted connection: a coroutine that reads a request, runs its handler, writes the
// response, and repeats while keep-alive holds. Everything it does runs on the connection's
// strand (the socket's executor). Owned by its coroutine frame and by the notices posted to
// it, so it is always destroyed on that strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(const ServerContext& context, tcp::socket socket);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  static void start(std::shared_ptr<Session> self);
  // Any thread. Closes the connection if it is between requests; otherwise lets the current
  // request finish, answers it with "Connection: close", then closes.
  static void beginShutdown(std::shared_ptr<Session> self);
  // Any thread. Closes the connection now and abandons a handler still running.
  static void forceClose(std::shared_ptr<Session> self);
  // Any thread. Closes the connection now if it is waiting for a request (or for the rest of
  // its header), or else once the answer in flight is written; the registry took it as the
  // connection idle longest, so it must close either way to make room.
  static void evict(std::shared_ptr<Session> self);

 private:
  // InFlight: a complete header was read and the response is not written yet. Stop lets
  // such a request finish; any other phase is closed at once.
  enum class Phase { Waiting, InFlight, Closing };

  static asio::awaitable<void> run(std::shared_ptr<Session> self);
  asio::awaitable<bool> serveOne(bool first_request);
  asio::awaitable<bool> waitForNextRequest();
  asio::awaitable<bool> readHeader(RequestParser& parser);
  asio::awaitable<bool> readBody(RequestParser& parser, std::size_t limit,
                                 BodyBudget::Lease* lease);
  asio::awaitable<std::optional<Response>> admit(const Router::Route& route,
                                                 const Request& request);
  asio::awaitable<bool> refuse(RequestParser& parser, const Response& response);
  void markIdle(bool idle);
  asio::awaitable<std::optional<Response>> dispatch(const Router::Route& route, Request request);
  void invokeHandler(const Router::Route& route, Request request,
                     std::shared_ptr<PendingResponse> pending);
  void invokeDeferred(const Router::Route& route, Request request, Respond respond);
  asio::awaitable<ErrorCode> write(const Request& request, const Response& response,
                                   bool keep_alive, int http_version);
  asio::awaitable<bool> reply(const Request& request, const Response& response, bool keep_alive,
                              int http_version);
  asio::awaitable<void> replyAndClose(Request& request, const Response& response);
  asio::awaitable<void> linger();
  void notifyComplete(const Request& request, const Response& response) const;
  void close();

  const ServerContext& context_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_address_;
  std::string request_id_;  // of the request being served; reused across requests
  std::string head_;        // serialized response head; reused across requests
  std::chrono::steady_clock::time_point started_;
  std::weak_ptr<PendingResponse> pending_;
  Phase phase_ = Phase::Waiting;
  bool head_request_ = false;
  bool shutting_down_ = false;
};

}  // namespace mensajero::http
