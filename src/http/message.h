#pragma once

#include <utility>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// HTTP request and response values with no Beast types in them, so that the modules above
// (api, provider-sim) never compile Beast headers.
namespace mensajero::http {

struct Header {
  std::string name;
  std::string value;
};

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string target;        // as received: path plus query
  std::string path;          // percent-decoded path without the query
  std::string query_string;  // raw, without '?'
  std::vector<Header> headers;
  std::string body;
  std::string request_id;                          // assigned by the server, echoed as X-Request-Id
  std::string remote_address;                      // "127.0.0.1"
  std::map<std::string, std::string> path_params;  // from "{name}" segments of the route
  // The matched route's pattern ("/api/v2/conversations/{id}"), empty when no route matched:
  // a bounded name for the request in metrics, where the path itself could be anything.
  std::string route;

  // Case-insensitive; the first occurrence.
  std::optional<std::string_view> header(std::string_view name) const;
  // Percent-decoded ('+' as space); the first occurrence.
  std::optional<std::string> queryParam(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<Header> headers;
  // Drop the connection without answering (status and body unused). Only the provider
  // simulator uses it, to play a provider that is down mid-request.
  bool drop_connection = false;

  Response& withHeader(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
    return *this;
  }

  static Response json(unsigned status, std::string body);
  static Response text(unsigned status, std::string body);
  // The one error shape: {"error":{"code":...,"message":...,"retryable":...}}
  static Response error(unsigned status, std::string_view code, std::string_view message,
                        bool retryable = false);
};

// Completes a request. Call exactly once, from any thread.
using Respond = std::function<void(Response)>;
// An asynchronous handler: it may call respond before returning or later from another
// thread. It runs on an I/O thread, so it must not block.
using Handler = std::function<void(Request, Respond)>;
// A handler that may block (database reads, waiting for a provider). The server runs it on
// its blocking pool, never on an I/O thread.
using BlockingHandler = std::function<Response(const Request&)>;

// Runs `work` on the server's blocking pool, from any thread.
using RunBlocking = std::function<void(std::function<void()> work)>;
// A blocking handler that may answer later. It runs on the blocking pool like a
// BlockingHandler, but may return before answering when it has to wait for something (a
// provider's first attempt): it then calls `respond` once, from any thread, when the wait
// ends, and uses `resume` for blocking work after the wait. No thread is held while it waits.
// The request is only valid during the call; keep copies of what the wait needs.
using DeferredHandler = std::function<void(const Request&, Respond respond, RunBlocking resume)>;

}  // namespace mensajero::http
