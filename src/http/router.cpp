#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace mensajero::http {
namespace {

// Walks the '/'-separated segments of a path or pattern that starts with '/'. "/" has one
// empty segment and "/a/" has two ("a", ""), which is why "/a/" does not match "/a".
class Segments {
 public:
  explicit Segments(std::string_view text) : rest_(text.substr(1)) {}

  bool next(std::string_view& segment) {
    if (done_) return false;
    const std::size_t slash = rest_.find('/');
    segment = rest_.substr(0, slash);
    if (slash == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(slash + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

bool isParam(std::string_view segment) {
  return segment.size() >= 3 && segment.front() == '{' && segment.back() == '}';
}

std::string_view paramName(std::string_view segment) {
  return segment.substr(1, segment.size() - 2);
}

// Fills params (when given) as it goes; the caller discards them on a mismatch.
bool matchPattern(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>* params) {
  if (path.empty() || path.front() != '/') return false;
  Segments want(pattern);
  Segments got(path);
  std::string_view w;
  std::string_view g;
  for (;;) {
    const bool has_w = want.next(w);
    const bool has_g = got.next(g);
    if (!has_w || !has_g) return has_w == has_g;
    if (isParam(w)) {
      if (g.empty()) return false;
      if (params) params->emplace(paramName(w), g);
    } else if (w != g) {
      return false;
    }
  }
}

// Both patterns match the same path, so they have the same segment count. The first
// segment where one is literal and the other a parameter decides: "/m/stats" beats "/m/{id}".
bool moreSpecific(std::string_view a, std::string_view b) {
  Segments sa(a);
  Segments sb(b);
  std::string_view x;
  std::string_view y;
  while (sa.next(x) && sb.next(y)) {
    const bool px = isParam(x);
    const bool py = isParam(y);
    if (px != py) return !px;
  }
  return false;
}

void validatePattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
  }
  Segments segments(pattern);
  std::string_view s;
  while (segments.next(s)) {
    const bool braces =
        s.find('{') != std::string_view::npos || s.find('}') != std::string_view::npos;
    if (braces && !isParam(s)) {
      throw std::invalid_argument("bad parameter segment in route: " + std::string(pattern));
    }
  }
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  validatePattern(pattern);
  if (!handler) throw std::invalid_argument("route without handler: " + pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(handler), {}, options, {}});
}

void Router::addBlocking(std::string method, std::string pattern, BlockingHandler handler,
                         RouteOptions options) {
  validatePattern(pattern);
  if (!handler) throw std::invalid_argument("route without handler: " + pattern);
  routes_.push_back({std::move(method), std::move(pattern), {}, std::move(handler), options, {}});
}

void Router::addDeferred(std::string method, std::string pattern, DeferredHandler handler,
                         RouteOptions options) {
  validatePattern(pattern);
  if (!handler) throw std::invalid_argument("route without handler: " + pattern);
  routes_.push_back({std::move(method), std::move(pattern), {}, {}, options, std::move(handler)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match result;
  for (const Route& route : routes_) {
    if (!matchPattern(route.pattern, path, nullptr)) continue;
    if (route.method == method) {
      if (!result.route || moreSpecific(route.pattern, result.route->pattern)) {
        result.route = &route;
      }
    } else if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(),
                         route.method) == result.allowed_methods.end()) {
      result.allowed_methods.push_back(route.method);
    }
  }
  if (result.route) {
    result.allowed_methods.clear();
    matchPattern(result.route->pattern, path, &result.params);
  }
  return result;
}

}  // namespace mensajero::http
