#include "http/session.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "http/framing.h"
#include "http/pending_response.h"
#include "http/request_id.h"
#include "http/request_parser.h"
#include "http/response_writer.h"
#include "http/server_replies.h"
#include "http/session_registry.h"
#include "http/uri.h"

namespace mensajero::http {
namespace {

namespace bhttp = beast::http;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 16 * 1024;
// After an error reply on a connection that may hold unread input, read and discard a
// little before closing: closing with unread data sends a reset, which can destroy the
// reply before the client has read it. The time bounds how long a client holds the
// connection; the bytes are generous, since with a cap of 1 MiB a 2 MiB send refused at the
// 1 MiB API limit sometimes got a reset instead of its 413 (curl was still sending).
constexpr std::chrono::milliseconds kLingerTimeout{2000};
constexpr std::size_t kLingerBytes = 16 << 20;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

auto withError(ErrorCode& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::optional<Response> runAdmitHook(const AdmitHook& hook, const Request& request) {
  try {
    return hook(request);
  } catch (...) {
    return internalError();
  }
}

// A parse failure the client should hear about, as opposed to a connection that ended.
bool isSyntaxError(const ErrorCode& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::buffer_overflow;
}

// Fills path (decoded) and query_string from target. False for a target the router cannot
// use (not origin-form, a broken escape, or a NUL).
bool splitTarget(Request& request) {
  const std::string_view target = request.target;
  if (target.empty() || target.front() != '/') return false;
  const std::size_t query = target.find('?');
  auto path = percentDecode(target.substr(0, query), false);
  if (!path || path->find('\0') != std::string::npos) return false;
  request.path = std::move(*path);
  if (query != std::string_view::npos) request.query_string.assign(target.substr(query + 1));
  return true;
}

Request withoutBody(const Request& r) {
  Request copy{r.method, r.target,     r.path,           r.query_string, r.headers,
               {},       r.request_id, r.remote_address, r.path_params,  r.route};
  return copy;
}

}  // namespace

Session::Session(const ServerContext& context, tcp::socket socket)
    : context_(context), stream_(std::move(socket)) {
  ErrorCode ec;
  const auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

Session::~Session() { context_.registry.remove(this); }

void Session::start(std::shared_ptr<Session> self) {
  auto executor = self->stream_.get_executor();
  asio::co_spawn(executor, run(std::move(self)), asio::detached);
}

void Session::beginShutdown(std::shared_ptr<Session> self) {
  auto executor = self->stream_.get_executor();
  asio::post(executor, [self = std::move(self)] {
    self->shutting_down_ = true;
    if (self->phase_ != Phase::InFlight) self->close();
  });
}

void Session::forceClose(std::shared_ptr<Session> self) {
  auto executor = self->stream_.get_executor();
  asio::post(executor, [self = std::move(self)] {
    self->shutting_down_ = true;
    self->close();
    if (auto pending = self->pending_.lock()) pending->complete(std::nullopt);
  });
}

void Session::evict(std::shared_ptr<Session> self) {
  auto executor = self->stream_.get_executor();
  asio::post(executor, [self = std::move(self)] {
    // In flight: taken while its answer was being written (a session turns idle when its
    // answer is ready), or a new request came first. Either way it closes after that answer.
    self->shutting_down_ = true;
    if (self->phase_ != Phase::InFlight) self->close();
  });
}

void Session::markIdle(bool idle) {
  if (idle) {
    context_.registry.markIdle(this);
  } else {
    context_.registry.markBusy(this);
  }
}

asio::awaitable<void> Session::run(std::shared_ptr<Session> self) {
  try {
    for (bool first = true; co_await self->serveOne(first); first = false) {
    }
  } catch (...) {
    // NOTE: only resource exhaustion gets here (handler exceptions become a 500 where the
    // handler is called); dropping the connection is all that is left to do.
  }
  self->close();
}

asio::awaitable<bool> Session::serveOne(bool first_request) {
  if (shutting_down_) co_return false;
  phase_ = Phase::Waiting;
  if (!first_request) markIdle(true);  // reply() has normally done so already
  // A new connection's header deadline runs from accept; a kept-alive one first waits up to
  // idle_timeout for the next request to start.
  if (!first_request && buffer_.size() == 0 && !co_await waitForNextRequest()) co_return false;

  RequestParser parser(context_.options.header_limit);
  if (!co_await readHeader(parser)) co_return false;
  Request& request = parser.request();
  // Everything that can refuse the request from its header does so before the body is
  // read, so nobody can make the server hold a body it is going to refuse.
  Router::Match match = context_.router.match(request.method, request.path);
  if (!match.route) co_return co_await refuse(parser, unmatched(match));
  const Router::Route& route = *match.route;
  request.path_params = std::move(match.params);
  request.route = route.pattern;
  if (auto refusal = co_await admit(route, request)) co_return co_await refuse(parser, *refusal);

  const std::size_t limit =
      route.options.body_limit > 0 ? route.options.body_limit : context_.options.body_limit;
  const bool authenticated = route.options.admit && route.options.admit_authenticates;
  BodyBudget::Lease lease = context_.body_budget.lease();  // held until the handler answers
  if (!co_await readBody(parser, limit, authenticated ? nullptr : &lease)) co_return false;

  const bool keep_alive = parser.keep_alive();
  std::optional<Request> logged;
  if (context_.options.on_complete) logged = withoutBody(request);
  const std::optional<Response> response = co_await dispatch(route, std::move(request));
  lease.release();  // the handler is done with the body; a client seeing the answer may retry
  if (!response) co_return false;  // abandoned by a forced shutdown
  co_return co_await reply(logged ? *logged : request, *response, keep_alive, parser.version());
}

asio::awaitable<bool> Session::waitForNextRequest() {
  ErrorCode ec;
  stream_.expires_after(context_.options.idle_timeout);
  const std::size_t n =
      co_await stream_.async_read_some(buffer_.prepare(kReadChunk), withError(ec));
  if (ec) co_return false;
  buffer_.commit(n);
  co_return true;
}

// One deadline for the whole header, however it is split into packets: the stream's
// expiry is absolute and every read of the composed operation checks it.
asio::awaitable<bool> Session::readHeader(RequestParser& parser) {
  Request& request = parser.request();
  ErrorCode ec;
  stream_.expires_after(context_.options.header_timeout);
  co_await bhttp::async_read_header(stream_, buffer_, parser, withError(ec));
  head_request_ = request.method == "HEAD";
  if (ec == bhttp::error::header_limit) {
    co_await replyAndClose(
        request, Response::error(431, "header_too_large", "Request header exceeds the limit"));
    co_return false;
  }
  if (ec && parser.framing() != FramingVerdict::Acceptable) {
    const bool supported = parser.framing() != FramingVerdict::UnsupportedCoding;
    const Response refusal = supported ? badFraming() : unsupportedCoding();
    co_await replyAndClose(request, refusal);
    co_return false;
  }
  if (ec) {
    if (isSyntaxError(ec)) co_await replyAndClose(request, badRequest());
    co_return false;  // timeout, end of stream, reset or shutdown: nobody to answer
  }
  phase_ = Phase::InFlight;
  markIdle(false);
  started_ = Clock::now();
  chooseRequestId(request.header("X-Request-Id"), request_id_);
  request.request_id = request_id_;
  request.remote_address = remote_address_;
  if (!splitTarget(request)) {
    co_await replyAndClose(request, badRequest());
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Session::readBody(RequestParser& parser, std::size_t limit,
                                        BodyBudget::Lease* lease) {
  Request& request = parser.request();
  const auto length = parser.content_length();
  if (length && *length > limit) {
    co_await replyAndClose(request, payloadTooLarge());
    co_return false;
  }
  parser.setBodyLimit(limit);
  if (parser.is_done()) co_return true;
  if (lease) {
    // A declared length is taken whole before the first byte is read; a chunked body is
    // taken chunk by chunk as it arrives (see RequestParser::setBodyLease).
    if (length && !lease->grow(static_cast<std::size_t>(*length))) {
      co_await replyAndClose(request, serverBusy());
      co_return false;
    }
    parser.setBodyLease(lease);
  }

  ErrorCode ec;
  stream_.expires_after(context_.options.body_timeout);
  if (parser.expectsContinue()) {
    co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               withError(ec));
    if (ec) co_return false;
  }
  co_await bhttp::async_read(stream_, buffer_, parser, withError(ec));
  if (!ec) co_return true;
  if (ec == bhttp::error::body_limit) {
    // NOTE: a named value, not a ?: temporary inside co_await: GCC 12 destroys such a
    // temporary twice.
    const Response refusal = parser.budgetExhausted() ? serverBusy() : payloadTooLarge();
    co_await replyAndClose(request, refusal);
  } else if (isSyntaxError(ec)) {
    co_await replyAndClose(request, badRequest());
  }
  co_return false;
}

// A blocking hook runs on the blocking pool with a copy of the header, so that a forced
// shutdown that ends this session early leaves the hook nothing dangling.
asio::awaitable<std::optional<Response>> Session::admit(const Router::Route& route,
                                                        const Request& request) {
  const AdmitHook& hook = route.options.admit;
  if (!hook) co_return std::nullopt;
  if (!route.options.admit_blocks) co_return runAdmitHook(hook, request);
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>,
                                          void(std::optional<Response>)>(
      [&pool = context_.blocking_pool, &hook](auto handler, Request header) {
        asio::post(
            pool, [&hook, handler = std::move(handler), header = std::move(header)]() mutable {
              std::optional<Response> verdict = runAdmitHook(hook, header);
              auto executor = asio::get_associated_executor(handler);
              asio::post(executor,
                         [handler = std::move(handler), verdict = std::move(verdict)]() mutable {
                           std::move(handler)(std::move(verdict));
                         });
            });
      },
      asio::use_awaitable, withoutBody(request));
}

// Answers without reading the body. A body left unread would be taken for the next request,
// so the connection is kept only when there is none.
asio::awaitable<bool> Session::refuse(RequestParser& parser, const Response& response) {
  Request& request = parser.request();
  if (!parser.is_done()) {
    co_await replyAndClose(request, response);
    co_return false;
  }
  co_return co_await reply(request, response, parser.keep_alive(), parser.version());
}

asio::awaitable<std::optional<Response>> Session::dispatch(const Router::Route& route,
                                                           Request request) {
  // Not a coroutine itself: async_initiate's awaitable owns the moved request until the
  // initiation runs, which happens once the caller's coroutine is suspended.
  return asio::async_initiate<const asio::use_awaitable_t<>, void(std::optional<Response>)>(
      [this, &route](auto handler, Request req) {
        auto pending = std::make_shared<PendingResponseFor<decltype(handler)>>(std::move(handler));
        pending_ = pending;
        invokeHandler(route, std::move(req), std::move(pending));
      },
      asio::use_awaitable, std::move(request));
}

void Session::invokeHandler(const Router::Route& route, Request request,
                            std::shared_ptr<PendingResponse> pending) {
  Respond respond = [pending](Response response) { pending->complete(std::move(response)); };
  if (route.blocking) {
    asio::post(context_.blocking_pool,
               [&route, request = std::move(request), respond = std::move(respond)] {
                 try {
                   respond(route.blocking(request));
                 } catch (...) {
                   respond(internalError());
                 }
               });
    return;
  }
  if (route.deferred) {
    invokeDeferred(route, std::move(request), std::move(respond));
    return;
  }
  try {
    route.handler(std::move(request), std::move(respond));
  } catch (...) {
    pending->complete(internalError());  // ignored if the handler answered before throwing
  }
}

// Every piece of a deferred handler's work runs on the blocking pool; an exception in a later
// piece leaves its Respond uncalled, and the last copy going away answers 500.
void Session::invokeDeferred(const Router::Route& route, Request request, Respond respond) {
  asio::thread_pool& pool = context_.blocking_pool;
  RunBlocking resume = [&pool](std::function<void()> work) {
    asio::post(pool, [work = std::move(work)] {
      try {
        work();
      } catch (...) {
      }
    });
  };
  asio::post(pool, [&route, request = std::move(request), respond = std::move(respond),
                    resume = std::move(resume)] {
    try {
      route.deferred(request, respond, resume);
    } catch (...) {
      respond(internalError());  // ignored if the handler answered before throwing
    }
  });
}

asio::awaitable<ErrorCode> Session::write(const Request& request, const Response& response,
                                          bool keep_alive, int http_version) {
  // A handler status outside 200-599 would make an unparseable or interim reply.
  std::optional<Response> fallback;
  if (response.status < 200 || response.status > 599) fallback = internalError();
  const Response& out = fallback ? *fallback : response;
  writeResponseHead(out, request_id_, keep_alive, http_version, head_);
  // A reply to HEAD keeps its Content-Length but not its body (there are no HEAD routes,
  // but a 404 or 405 must not desynchronise a kept-alive connection).
  const bool send_body = statusAllowsBody(out.status) && !head_request_;
  const std::array<asio::const_buffer, 2> buffers{
      asio::buffer(head_), send_body ? asio::buffer(out.body) : asio::const_buffer()};
  ErrorCode ec;
  // NOTE: the write deadline reuses body_timeout; a client that stops reading is cut off.
  stream_.expires_after(context_.options.body_timeout);
  co_await asio::async_write(stream_, buffers, withError(ec));
  stream_.expires_never();
  notifyComplete(request, out);
  co_return ec;
}

asio::awaitable<bool> Session::reply(const Request& request, const Response& response,
                                     bool keep_alive, int http_version) {
  if (response.drop_connection) {
    notifyComplete(request, response);
    ErrorCode ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return false;
  }
  keep_alive = keep_alive && !shutting_down_ && !context_.registry.closed();
  // Idle from the moment the answer is ready, so the order sessions turn idle in is the
  // order their clients see answers in. An eviction that comes while the answer is written
  // closes the connection after it (Session::evict).
  if (keep_alive) markIdle(true);
  const ErrorCode ec = co_await write(request, response, keep_alive, http_version);
  if (ec) co_return false;
  if (!keep_alive) {
    ErrorCode ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }
  co_return keep_alive;
}

asio::awaitable<void> Session::replyAndClose(Request& request, const Response& response) {
  phase_ = Phase::Closing;
  if (request.request_id.empty()) {  // failed before the header was complete
    started_ = Clock::now();
    chooseRequestId(request.header("X-Request-Id"), request_id_);
    request.request_id = request_id_;
    request.remote_address = remote_address_;
  }
  const ErrorCode ec = co_await write(request, response, false, 11);
  if (!ec) co_await linger();
}

asio::awaitable<void> Session::linger() {
  ErrorCode ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::min<Clock::duration>(kLingerTimeout, context_.options.body_timeout));
  for (std::size_t drained = 0; !ec && drained < kLingerBytes;) {
    drained += co_await stream_.async_read_some(buffer_.prepare(kReadChunk), withError(ec));
  }
}

void Session::notifyComplete(const Request& request, const Response& response) const {
  const auto& callback = context_.options.on_complete;
  if (!callback) return;
  const auto elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
  try {
    callback(request, response, elapsed);
  } catch (...) {
    // NOTE: an observer's failure must not affect the connection.
  }
}

void Session::close() { stream_.close(); }

}  // namespace mensajero::http
