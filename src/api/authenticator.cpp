#include "api/authenticator.h"

#include "security/api_key.h"

namespace mensajero::api {
namespace {
constexpr std::int64_t kCacheMs = 60'000;
constexpr std::size_t kMaxCached = 10'000;
}  // namespace

Authenticator::Authenticator(storage::Store& store, const resilience::Clock& clock)
    : store_(store), clock_(clock) {}

Result<Caller> Authenticator::authenticate(const http::Request& request) {
  const auto header = request.header("Authorization");
  const std::string_view token = header ? security::bearerToken(*header) : std::string_view{};
  if (token.empty()) {
    return makeError(ErrorCategory::Unauthorized, "unauthorized",
                     "missing or malformed Authorization: Bearer <api key>");
  }
  const std::string hash = security::hashApiKey(token);
  const std::int64_t now = clock_.monotonicMillis();
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(hash); it != cache_.end() && it->second.expires_monotonic > now) {
      return it->second.caller;
    }
  }
  auto key = store_.findApiKeyByHash(hash);
  if (!key) return key.error();
  if (!*key) return makeError(ErrorCategory::Unauthorized, "unauthorized", "unknown API key");
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  Caller caller{(*key)->organization_id, (*key)->id};
  cache_[hash] = Cached{caller, now + kCacheMs};
  return caller;
}

}  // namespace mensajero::api
