#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "notifier_sinks.h"

namespace mensajero::provider_sim {

// A minimal SMTP server (RFC 5321 subset, plain text, no TLS, no AUTH) that keeps every mail it
// is given in the "email" sink: EHLO/HELO, MAIL FROM, RCPT TO, DATA (dot-stuffing undone),
// RSET, NOOP, QUIT. Lines are bounded (kMaxLine), mails (kMaxMessage, 552 beyond) and
// recipients (kMaxRecipients) too; a line too long ends the session, and so does a client
// silent for `idle_timeout`. The sink's fail_next
// makes MAIL FROM answer 451. One I/O thread of its own; start/stop from any thread.
class SmtpSink {
 public:
  static constexpr std::size_t kMaxLine = 1000;  // RFC 5321's limit, CRLF included
  static constexpr std::size_t kMaxMessage = 1 << 20;
  static constexpr std::size_t kMaxRecipients = 100;

  SmtpSink(NotifierSinks& sinks, std::string host, std::uint16_t port,
           std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  // Binds and serves; returns the bound port. Throws std::runtime_error when it cannot bind.
  std::uint16_t start();
  // Closes the listener and every session; idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mensajero::provider_sim
