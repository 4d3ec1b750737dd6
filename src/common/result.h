#pragma once

#include <utility>

#include <optional>
#include <string>
#include <variant>

namespace mensajero {

// What a caller can do about a failure. Third-party codes (sqlite3, libpq, libcurl,
// OpenSSL, provider error codes) are translated into one of these at the adapter edge.
enum class ErrorCategory {
  Invalid,       // the request itself is wrong; never retry it as is
  NotFound,      // the thing does not exist (or belongs to another organization)
  Conflict,      // a uniqueness or state rule refused the change
  Unauthorized,  // credentials missing or wrong
  Retryable,     // transient: try again later (timeouts, 5xx, throttling)
  Fallback,      // this channel cannot deliver it; another channel may
  Permanent,     // will never succeed on any attempt
  Unavailable,   // a dependency (database, queue) is down or full
  RateLimited,   // the caller exceeded its quota; retry after retry_after_ms
  Internal,      // a bug or an unexpected state
};

struct Error {
  ErrorCategory category = ErrorCategory::Internal;
  std::string code;     // stable, machine-readable, e.g. "invalid_recipient", "meta_131026"
  std::string message;  // for humans; never contains PHI
  // When the failure came with a hint of when to try again (HTTP Retry-After), in ms.
  std::optional<long long> retry_after_ms;

  bool retryable() const {
    return category == ErrorCategory::Retryable || category == ErrorCategory::Unavailable ||
           category == ErrorCategory::RateLimited;
  }
};

inline Error makeError(ErrorCategory category, std::string code, std::string message) {
  return Error{category, std::move(code), std::move(message), std::nullopt};
}

// A value or an Error. Expected failures travel as values; exceptions are for start-up and
// configuration only.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace mensajero
