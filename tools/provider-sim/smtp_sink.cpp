#include "smtp_sink.h"

// <utility> must precede Asio's coroutine headers on Boost 1.74.
#include <utility>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace mensajero::provider_sim {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string upperVerb(const std::string& line) {
  std::string verb = line.substr(0, line.find(' '));
  for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return verb;
}

// "MAIL FROM:<a@b> SIZE=10" -> "a@b"; nullopt without angle brackets.
std::optional<std::string> pathOf(const std::string& line) {
  const std::size_t open = line.find('<');
  const std::size_t close = line.find('>', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  return line.substr(open + 1, close - open - 1);
}

// The header block split into [name, value] pairs (folded lines joined), and the body.
nlohmann::json parseMail(const std::string& data) {
  const std::size_t end = data.find("\r\n\r\n");
  const std::string head = data.substr(0, end);
  nlohmann::json headers = nlohmann::json::array();
  std::size_t pos = 0;
  while (pos < head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string::npos) eol = head.size();
    std::string line = head.substr(pos, eol - pos);
    pos = eol + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back()[1] = headers.back()[1].get<std::string>() + line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    headers.push_back({line.substr(0, colon), value});
  }
  return {{"headers", std::move(headers)},
          {"body", end == std::string::npos ? "" : data.substr(end + 4)}};
}

struct Session {
  Session(tcp::socket s, NotifierSinks& k, std::chrono::milliseconds idle)
      : socket(std::move(s)), sinks(k), idle_timeout(idle), timer(socket.get_executor()) {}

  tcp::socket socket;
  NotifierSinks& sinks;
  std::chrono::milliseconds idle_timeout;
  asio::steady_timer timer;
  std::string buffer;

  // Closes the socket when the client stays silent past the idle timeout; every read re-arms
  // it (which cancels the previous wait). A cancelled wait never touches the session, which
  // may be gone by then.
  void armIdleTimer() {
    timer.expires_after(idle_timeout);
    timer.async_wait([this](const ErrorCode& ec) {
      if (ec) return;
      ErrorCode ignored;
      socket.close(ignored);
    });
  }

  asio::awaitable<bool> send(std::string text) {
    ErrorCode ec;
    co_await asio::async_write(socket, asio::buffer(text),
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  // One line without its CRLF; nullopt when the peer went away or the line is too long.
  asio::awaitable<std::optional<std::string>> readLine() {
    ErrorCode ec;
    armIdleTimer();
    const std::size_t n =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer, SmtpSink::kMaxLine),
                                        "\r\n", asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::not_found) co_await send("500 5.5.2 line too long\r\n");
      co_return std::nullopt;
    }
    std::string line = buffer.substr(0, n - 2);
    buffer.erase(0, n);
    co_return line;
  }

  // Reads the mail up to the lone "." line; returns false when the session must end.
  asio::awaitable<bool> receiveData(const std::string& from, const nlohmann::json& rcpts) {
    if (!co_await send("354 End data with <CR><LF>.<CR><LF>\r\n")) co_return false;
    std::string data;
    bool too_big = false;
    for (;;) {
      std::optional<std::string> line = co_await readLine();
      if (!line) co_return false;
      if (*line == ".") break;
      if (!line->empty() && (*line)[0] == '.') line->erase(0, 1);  // undo dot-stuffing
      if (data.size() + line->size() + 2 > SmtpSink::kMaxMessage) {
        too_big = true;
        continue;
      }
      data += *line + "\r\n";
    }
    if (too_big) co_return co_await send("552 5.3.4 message too big\r\n");
    nlohmann::json item = parseMail(data);
    item["received_at"] = nowMillis();
    item["mail_from"] = from;
    item["rcpt_to"] = rcpts;
    item["data"] = data;
    sinks.record("email", std::move(item));
    co_return co_await send("250 2.0.0 OK queued\r\n");
  }

  asio::awaitable<void> run() {
    if (!co_await send("220 provider-sim ESMTP\r\n")) co_return;
    std::optional<std::string> from;
    nlohmann::json rcpts = nlohmann::json::array();
    for (;;) {
      std::optional<std::string> line = co_await readLine();
      if (!line) co_return;
      const std::string verb = upperVerb(*line);
      std::string reply;
      if (verb == "EHLO") {
        reply = "250-provider-sim\r\n250-8BITMIME\r\n250 SIZE " +
                std::to_string(SmtpSink::kMaxMessage) + "\r\n";
      } else if (verb == "HELO") {
        reply = "250 provider-sim\r\n";
      } else if (verb == "MAIL") {
        std::optional<std::string> path = pathOf(*line);
        if (sinks.takeFailure("email")) {
          reply = "451 4.3.0 simulated failure\r\n";
        } else if (!path) {
          reply = "501 5.5.4 syntax: MAIL FROM:<address>\r\n";
        } else {
          from = *path;
          rcpts = nlohmann::json::array();
          reply = "250 2.1.0 OK\r\n";
        }
      } else if (verb == "RCPT") {
        std::optional<std::string> path = pathOf(*line);
        if (!from) {
          reply = "503 5.5.1 MAIL first\r\n";
        } else if (!path) {
          reply = "501 5.5.4 syntax: RCPT TO:<address>\r\n";
        } else if (rcpts.size() >= SmtpSink::kMaxRecipients) {
          reply = "452 4.5.3 too many recipients\r\n";
        } else {
          rcpts.push_back(*path);
          reply = "250 2.1.5 OK\r\n";
        }
      } else if (verb == "DATA") {
        if (!from || rcpts.empty()) {
          reply = "503 5.5.1 RCPT first\r\n";
        } else {
          if (!co_await receiveData(*from, rcpts)) co_return;
          from.reset();
          rcpts = nlohmann::json::array();
          continue;
        }
      } else if (verb == "RSET") {
        from.reset();
        rcpts = nlohmann::json::array();
        reply = "250 2.0.0 OK\r\n";
      } else if (verb == "NOOP") {
        reply = "250 2.0.0 OK\r\n";
      } else if (verb == "QUIT") {
        co_await send("221 2.0.0 Bye\r\n");
        co_return;
      } else {
        reply = "502 5.5.2 command not recognized\r\n";
      }
      if (!co_await send(std::move(reply))) co_return;
    }
  }
};

}  // namespace

struct SmtpSink::Impl {
  Impl(NotifierSinks& s, std::string h, std::uint16_t p, std::chrono::milliseconds idle)
      : sinks(s), host(std::move(h)), port(p), idle_timeout(idle) {}

  NotifierSinks& sinks;
  std::string host;
  std::uint16_t port;
  std::chrono::milliseconds idle_timeout;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
  bool stopped = false;

  asio::awaitable<void> acceptLoop() {
    for (;;) {
      ErrorCode ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor.is_open()) co_return;
        continue;
      }
      auto session = std::make_shared<Session>(std::move(socket), sinks, idle_timeout);
      asio::co_spawn(
          io, [session]() -> asio::awaitable<void> { co_await session->run(); }, asio::detached);
    }
  }
};

SmtpSink::SmtpSink(NotifierSinks& sinks, std::string host, std::uint16_t port,
                   std::chrono::milliseconds idle_timeout)
    : impl_(std::make_unique<Impl>(sinks, std::move(host), port, idle_timeout)) {}

SmtpSink::~SmtpSink() { stop(); }

std::uint16_t SmtpSink::start() {
  ErrorCode ec;
  const auto address = asio::ip::make_address(impl_->host, ec);
  if (ec) throw std::runtime_error("smtp sink: invalid host " + impl_->host);
  const tcp::endpoint endpoint(address, impl_->port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint, ec);
  if (ec) throw std::runtime_error("smtp sink: cannot bind: " + ec.message());
  impl_->acceptor.listen();
  const std::uint16_t bound = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->acceptLoop(), asio::detached);
  impl_->thread = std::thread([this] { impl_->io.run(); });
  return bound;
}

void SmtpSink::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace mensajero::provider_sim
