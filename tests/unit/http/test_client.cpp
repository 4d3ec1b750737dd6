#include "test_client.h"

#include <utility>

#include <functional>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

namespace mensajero::http::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

tcp::endpoint loopback(std::uint16_t port) { return {asio::ip::make_address("127.0.0.1"), port}; }

}  // namespace

std::string ClientResponse::header(std::string_view name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string makeRequest(std::string_view method, std::string_view target, std::string_view body,
                        std::string_view extra_headers) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: test\r\n");
  if (!body.empty() || method == "POST" || method == "PUT") {
    out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  out.append(extra_headers).append("\r\n").append(body);
  return out;
}

TestClient::TestClient(std::uint16_t port) : socket_(ioc_) { socket_.connect(loopback(port)); }

bool TestClient::canConnect(std::uint16_t port) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  ErrorCode ec;
  socket.connect(loopback(port), ec);
  return !ec;
}

bool TestClient::send(std::string_view bytes) {
  ErrorCode ec;
  asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
  return !ec;
}

std::optional<ClientResponse> TestClient::read(std::chrono::milliseconds timeout,
                                               bool head_request) {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 << 20);
  parser.skip(head_request);
  bool done = false;
  ErrorCode result;
  bhttp::async_read(socket_, buffer_, parser, [&](ErrorCode ec, std::size_t) {
    result = ec;
    done = true;
  });
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!done) {
    socket_.cancel();
    ioc_.restart();
    ioc_.run();
    return std::nullopt;
  }
  if (result) return std::nullopt;
  const auto& message = parser.get();
  ClientResponse out;
  out.status = message.result_int();
  for (const auto& field : message) {
    out.headers.emplace(lower({field.name_string().data(), field.name_string().size()}),
                        std::string(field.value()));
  }
  out.body = message.body();
  return out;
}

std::optional<ClientResponse> TestClient::roundTrip(std::string_view method,
                                                    std::string_view target, std::string_view body,
                                                    std::string_view extra_headers) {
  if (!send(makeRequest(method, target, body, extra_headers))) return std::nullopt;
  return read();
}

bool TestClient::waitClosed(std::chrono::milliseconds timeout) {
  char scratch[4096];
  bool closed = false;
  std::function<void(ErrorCode, std::size_t)> on_read;
  on_read = [&](ErrorCode ec, std::size_t) {
    if (ec) {
      closed = ec != asio::error::operation_aborted;
      return;
    }
    socket_.async_read_some(asio::buffer(scratch), on_read);
  };
  // Bytes already buffered by an earlier read are ignored: only the socket state counts.
  socket_.async_read_some(asio::buffer(scratch), on_read);
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!closed) {
    socket_.cancel();
    ioc_.restart();
    ioc_.run();
  }
  return closed;
}

std::optional<std::chrono::milliseconds> TestClient::trickle(std::string_view bytes,
                                                             std::chrono::milliseconds interval) {
  const auto start = Clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  };
  for (char c : bytes) {
    if (!send(std::string_view(&c, 1))) return elapsed();
    if (waitClosed(interval)) return elapsed();
  }
  return std::nullopt;
}

void TestClient::close() {
  ErrorCode ignored;
  socket_.close(ignored);
}

}  // namespace mensajero::http::testing
