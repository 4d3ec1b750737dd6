#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace mensajero::http {

struct RouteOptions {
  // Largest accepted body for this route; 0 means the server's default.
  std::size_t body_limit = 0;
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
