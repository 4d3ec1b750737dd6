#include "notify/http_outcome.h"

#include <cctype>
#include <charconv>
#include <string>

#include "notify/alert_wording.h"

namespace mensajero::notify {
namespace {

constexpr std::size_t kMaxQuotedBody = 200;

// Printable ASCII only, so a hostile answer cannot forge log lines.
std::string quoteBody(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kMaxQuotedBody)) {
    out.push_back(std::isprint(static_cast<unsigned char>(c)) ? c : '?');
  }
  return body.size() > kMaxQuotedBody ? out + "..." : out;
}

std::optional<long long> retryAfterMs(const transport::HttpReply& reply) {
  auto header = reply.header("retry-after");
  if (!header) return std::nullopt;
  long long seconds = 0;
  auto [end, error] = std::from_chars(header->data(), header->data() + header->size(), seconds);
  if (error != std::errc() || end != header->data() + header->size() || seconds < 0) {
    return std::nullopt;  // an HTTP date: treated as no hint
  }
  return std::min(seconds, 3600LL) * 1000;
}

}  // namespace

Status httpOutcome(std::string_view service, const Result<transport::HttpReply>& reply) {
  if (!reply.ok()) {
    Error error = reply.error();
    error.message = std::string(service) + ": " + error.message;
    return error;
  }
  const long status = reply->status;
  if (status >= 200 && status < 300) {
    return {};
  }
  std::string message = std::string(service) + " answered HTTP " + std::to_string(status) + ": " +
                        quoteBody(reply->body);
  if (status == 408 || status == 429 || status >= 500) {
    Error error = makeError(ErrorCategory::Retryable, "notifier_http_" + std::to_string(status),
                            std::move(message));
    error.retry_after_ms = retryAfterMs(*reply);
    return error;
  }
  return makeError(ErrorCategory::Permanent, "notifier_http_" + std::to_string(status),
                   std::move(message));
}

}  // namespace mensajero::notify
