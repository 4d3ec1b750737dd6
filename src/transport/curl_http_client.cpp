#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

#include "transport/http_client.h"

namespace mensajero::transport {
namespace {

// Where a body is collected and how much of it may be: provider answers are small JSON
// documents; a runaway body is cut off rather than allowed to grow the process without bound.
struct BodySink {
  std::string* body;
  std::size_t limit;
};

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

// One handle per thread: a handle is not thread-safe, and keeping it alive keeps its
// connection cache, so consecutive calls to the same provider reuse the TLS connection.
// curl_easy_reset() clears options but keeps those connections.
CURL* threadHandle() {
  thread_local EasyPtr handle{curl_easy_init()};
  return handle.get();
}

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const std::size_t bytes = size * count;
  if (sink->body->size() + bytes > sink->limit) {
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  // A new status line starts another response (100 Continue, or a proxy's CONNECT answer):
  // only the last response's headers describe the body we return.
  if (line.starts_with("HTTP/")) {
    headers->clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return bytes;
  }
  std::string name(trim(line.substr(0, colon)));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  headers->emplace_back(std::move(name), std::string(trim(line.substr(colon + 1))));
  return bytes;
}

Error mapCurlError(CURLcode code, const char* detail) {
  std::string message = curl_easy_strerror(code);
  if (detail != nullptr && detail[0] != '\0') {
    message += ": ";
    message += detail;
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return makeError(ErrorCategory::Retryable, "timeout", std::move(message));
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return makeError(ErrorCategory::Retryable, "connect_failed", std::move(message));
    default:
      return makeError(ErrorCategory::Retryable, "transport_error", std::move(message));
  }
}

void setMethodAndBody(CURL* handle, const HttpCall& call) {
  if (call.method == "GET") {
    curl_easy_setopt(handle, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (call.method == "HEAD") {
    curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    return;
  }
  if (call.method != "POST") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  }
  if (call.method == "POST" || !call.body.empty()) {
    // The size is set first so curl never calls strlen() on a body that may hold NULs.
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(call.body.size()));
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, call.body.data());
  }
}

SlistPtr buildHeaders(const HttpCall& call) {
  SlistPtr list;
  auto append = [&list](const std::string& line) {
    // Returns the list's head (unchanged once the list exists), or null with the list intact.
    curl_slist* head = curl_slist_append(list.get(), line.c_str());
    if (head == nullptr) {
      throw std::bad_alloc();
    }
    if (list == nullptr) {
      list.reset(head);
    }
  };
  for (const auto& [name, value] : call.headers) {
    append(name + ": " + value);
  }
  // curl would otherwise wait for "100 Continue" before sending larger bodies, adding a
  // round trip (or a one-second stall) to every big send.
  append("Expect:");
  return list;
}

}  // namespace

CurlHttpClient::CurlHttpClient() { initCurlOnce(); }

Result<HttpReply> CurlHttpClient::perform(const HttpCall& call) {
  CURL* handle = threadHandle();
  if (handle == nullptr) {
    return makeError(ErrorCategory::Retryable, "transport_error", "curl_easy_init failed");
  }
  HttpReply reply;
  char error_buffer[CURL_ERROR_SIZE] = {};
  const SlistPtr headers = buildHeaders(call);
  curl_easy_setopt(handle, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  // Signals are unsafe in a multi-threaded process; without them curl cannot interrupt a
  // blocking DNS lookup, which the threaded resolver of Debian's libcurl avoids anyway.
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(call.connect_timeout.count()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &onBody);
  BodySink body_sink{&reply.body, call.max_response_bytes};
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &body_sink);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &onHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_buffer);
  setMethodAndBody(handle, call);

  const CURLcode code = curl_easy_perform(handle);
  if (code == CURLE_OK) {
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply.status);
  }
  // The options point into this frame; reset so the idle handle holds no dangling pointer.
  curl_easy_reset(handle);
  if (code != CURLE_OK) {
    return mapCurlError(code, error_buffer);
  }
  return reply;
}

}  // namespace mensajero::transport
