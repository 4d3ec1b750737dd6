#pragma once

#include <utility>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mensajero::transport {

struct HttpCall {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // whole call
  std::chrono::milliseconds connect_timeout{3'000};
  // A longer answer fails the call with "transport_error" (the default bounds runaway bodies).
  std::size_t max_response_bytes = 16 * 1024 * 1024;
};

struct HttpReply {
  long status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::optional<std::string> header(std::string_view lower_case_name) const;
};

// An outbound HTTP client. Any HTTP status is a successful Result (the caller classifies
// it); transport failures are errors with category Retryable and code "timeout",
// "connect_failed" or "transport_error". Thread-safe.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpReply> perform(const HttpCall& call) = 0;
};

// libcurl, one easy handle per calling thread so connections are reused (keep-alive).
class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient();
  Result<HttpReply> perform(const HttpCall& call) override;
};

}  // namespace mensajero::transport
