#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>

namespace mensajero::http::testing {

using namespace std::chrono_literals;

struct ClientResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // "" when absent.
  std::string header(std::string_view name) const;
};

// "POST /x HTTP/1.1" with Host and Content-Length, plus extra_headers (each "Name: value\r\n").
std::string makeRequest(std::string_view method, std::string_view target,
                        std::string_view body = {}, std::string_view extra_headers = {});

// A blocking loopback HTTP client in which every wait has a deadline, so a misbehaving
// server fails a test instead of hanging it.
class TestClient {
 public:
  // Connects or throws.
  explicit TestClient(std::uint16_t port);

  // False when the connection is refused (or fails otherwise).
  static bool canConnect(std::uint16_t port);

  // Writes everything; false if the connection is gone.
  bool send(std::string_view bytes);
  // nullopt on timeout, end of stream, reset or a malformed response. A response to HEAD
  // has no body whatever its Content-Length says: pass head_request.
  std::optional<ClientResponse> read(std::chrono::milliseconds timeout = 5s,
                                     bool head_request = false);
  std::optional<ClientResponse> roundTrip(std::string_view method, std::string_view target,
                                          std::string_view body = {},
                                          std::string_view extra_headers = {});
  // True when the server closes (or resets) the connection within timeout; any bytes
  // received meanwhile are discarded.
  bool waitClosed(std::chrono::milliseconds timeout);
  // Sends bytes one at a time, interval apart, until the server closes the connection.
  // Returns how long after the call the close was seen, or nullopt if it never was.
  std::optional<std::chrono::milliseconds> trickle(std::string_view bytes,
                                                   std::chrono::milliseconds interval);
  void close();

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace mensajero::http::testing
