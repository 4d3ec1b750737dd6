#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace mensajero::http {

// Decides from the request header alone (method, path, path_params, headers; the body is
// empty) whether the request may go on. Returns the answer to send instead, or nullopt to
// read the body and call the handler. A refused request's body is never read: its
// connection is closed after the answer unless the request had no body.
using AdmitHook = std::function<std::optional<Response>(const Request&)>;

struct RouteOptions {
  // Largest accepted body for this route; 0 means the server's default.
  std::size_t body_limit = 0;
  // Runs before the body is read; see AdmitHook. Unset: every request is admitted.
  AdmitHook admit{};
  // The hook may block (it reads the database): it runs on the blocking pool, else on the
  // connection's I/O thread.
  bool admit_blocks = false;
  // A request the hook admitted has proven its sender (an API key), so its body does not
  // count against the server's budget for unauthenticated bodies. False when the hook only
  // checks something public (that a webhook's organization exists): the sender is proven
  // later, by a signature over the body, so that body is budgeted.
  bool admit_authenticates = false;
};

// Maps (method, path pattern) to handlers. Patterns are literal segments and "{name}"
// segments that match one non-empty path segment, e.g. "/api/v2/conversations/{id}".
// Built once before the server starts; read-only afterwards, so lookups are thread-safe.
class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    Handler handler;           // set for asynchronous routes
    BlockingHandler blocking;  // set for blocking routes
    RouteOptions options;
    DeferredHandler deferred;  // set for deferred routes
  };

  struct Match {
    const Route* route = nullptr;              // null when nothing matched
    std::vector<std::string> allowed_methods;  // non-empty: path matched, method did not
    std::map<std::string, std::string> params;
  };

  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void addBlocking(std::string method, std::string pattern, BlockingHandler handler,
                   RouteOptions options = {});
  void addDeferred(std::string method, std::string pattern, DeferredHandler handler,
                   RouteOptions options = {});

  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace mensajero::http
