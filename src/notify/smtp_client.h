#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"

namespace mensajero::notify {

struct SmtpSend {
  std::string url;  // smtp://host[:port] or smtps://host[:port]
  bool starttls = false;
  std::string username;  // empty: no AUTH
  std::string password;
  std::string from;
  std::vector<std::string> to;
  std::string message;  // headers, blank line, body; CRLF line ends
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds connect_timeout{3000};
};

// Sends one mail over SMTP with libcurl (which dot-stuffs the body). The server's 4xx replies
// and transport failures are Retryable ("smtp_<code>", "timeout", "connect_failed",
// "transport_error"); its 5xx replies are Permanent. Error messages never contain the
// password or the message. Thread-safe: one curl handle per call.
Status sendMail(const SmtpSend& send);

}  // namespace mensajero::notify
