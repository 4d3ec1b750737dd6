#include "api/authenticator.h"

#include <spdlog/spdlog.h>

#include "security/api_key.h"

namespace mensajero::api {
namespace {
constexpr std::size_t kMaxCached = 10'000;
}  // namespace

Authenticator::Authenticator(storage::Store& store, const resilience::Clock& clock,
                             AuthFailures::Options failures)
    : store_(store), clock_(clock), failures_(failures, clock) {}

Result<Caller> Authenticator::authenticate(const http::Request& request) {
  const auto header = request.header("Authorization");
  // No credential presented: not a guess, so not counted.
  if (!header) {
    return makeError(ErrorCategory::Unauthorized, "unauthorized",
                     "missing Authorization: Bearer <api key>");
  }
  const std::string_view token = security::bearerToken(*header);
  if (token.empty()) return refuse(request, "malformed Authorization header");

  const std::string hash = security::hashApiKey(token);
  const std::int64_t now = clock_.monotonicMillis();
  bool known = false;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(hash); it != cache_.end()) {
      if (now - it->second.confirmed_monotonic < kReconfirmMs) return it->second.caller;
      known = true;
    }
  }
  if (!known) {
    if (const auto blocked = failures_.blockedFor(request.remote_address)) {
      failures_.recordRefusal();
      Error error = makeError(ErrorCategory::RateLimited, "too_many_failed_authentications",
                              "too many failed authentications from this address; retry later");
      error.retry_after_ms = *blocked;
      return error;
    }
  }

  auto key = store_.findApiKeyByHash(hash);
  if (!key) return key.error();
  if (!*key || (*key)->revoked_at) {
    {
      std::lock_guard lock(mutex_);
      cache_.erase(hash);
    }
    return refuse(request, *key ? "revoked API key" : "unknown API key");
  }
  auto scopes = security::parseScopes((*key)->scopes);
  if (!scopes) {
    // Fail closed: a key whose stored scopes this binary cannot read may do nothing.
    spdlog::warn("API key {} has unreadable scopes; it is granted none", (*key)->id);
  }
  Caller caller{(*key)->organization_id, (*key)->id, scopes.value_or(security::ScopeSet{})};
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[hash] = Cached{caller, now};
  return caller;
}

Error Authenticator::refuse(const http::Request& request, const char* reason) {
  // The presented key is never logged: only where it came from and why it failed.
  const bool blocked = failures_.recordFailure(request.remote_address);
  spdlog::warn("authentication failed from {}: {}", request.remote_address, reason);
  if (blocked) {
    spdlog::warn("blocking authentication from {} for {} ms after repeated failures",
                 request.remote_address, failures_.blockMs());
  }
  return makeError(ErrorCategory::Unauthorized, "unauthorized", reason);
}

}  // namespace mensajero::api
