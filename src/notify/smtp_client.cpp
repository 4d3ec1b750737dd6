#include "notify/smtp_client.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <curl/curl.h>

namespace mensajero::notify {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

struct Upload {
  const std::string* message;
  std::size_t offset = 0;
};

std::size_t onRead(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->message->size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->message->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

Error mapFailure(CURLcode code, long smtp_code) {
  std::string message = std::string("smtp: ") + curl_easy_strerror(code);
  if (smtp_code >= 500) {
    return makeError(ErrorCategory::Permanent, "smtp_" + std::to_string(smtp_code),
                     message + " (server replied " + std::to_string(smtp_code) + ")");
  }
  if (smtp_code >= 400) {
    return makeError(ErrorCategory::Retryable, "smtp_" + std::to_string(smtp_code),
                     message + " (server replied " + std::to_string(smtp_code) + ")");
  }
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return makeError(ErrorCategory::Retryable, "timeout", std::move(message));
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
      return makeError(ErrorCategory::Retryable, "connect_failed", std::move(message));
    case CURLE_LOGIN_DENIED:
      return makeError(ErrorCategory::Permanent, "smtp_login_denied", std::move(message));
    default:
      return makeError(ErrorCategory::Retryable, "transport_error", std::move(message));
  }
}

}  // namespace

Status sendMail(const SmtpSend& send) {
  initCurlOnce();
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  if (!handle) {
    return makeError(ErrorCategory::Retryable, "transport_error", "curl_easy_init failed");
  }
  CURL* h = handle.get();
  std::unique_ptr<curl_slist, SlistDeleter> recipients;
  for (const std::string& address : send.to) {
    curl_slist* head = curl_slist_append(recipients.get(), ("<" + address + ">").c_str());
    if (head == nullptr) throw std::bad_alloc();
    if (!recipients) recipients.reset(head);
  }
  Upload upload{&send.message};
  const std::string from = "<" + send.from + ">";
  curl_easy_setopt(h, CURLOPT_URL, send.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(send.timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(send.connect_timeout.count()));
  if (send.starttls) {
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!send.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, send.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, send.password.c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &onRead);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(send.message.size()));
  const CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) {
    return {};
  }
  long smtp_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
  return mapFailure(code, smtp_code);
}

}  // namespace mensajero::notify
