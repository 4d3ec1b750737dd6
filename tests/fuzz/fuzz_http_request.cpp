// libFuzzer target: one HTTP/1.1 request, as the server reads it (header first, then the
// body under the route's limit), through http::RequestParser.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/request_parser.h"

namespace {

constexpr std::size_t kHeaderLimit = 8 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024;

// Feeds `input` to the parser in pieces of at most `step` bytes, as a socket would; stops at
// the first error or when the parser is done.
void parse(std::string_view input, std::size_t step) {
  mensajero::http::RequestParser parser(kHeaderLimit);
  bool limit_set = false;
  std::size_t offset = 0;
  std::size_t window = 0;
  while (!parser.is_done()) {
    if (parser.is_header_done() && !limit_set) {
      // As the session does: pick the route's limit once the header is read, then read on.
      parser.setBodyLimit(kBodyLimit);
      parser.eager(true);
      limit_set = true;
    }
    window = std::min(input.size() - offset, window + step);
    if (window == 0) break;
    boost::system::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(input.data() + offset, window), ec);
    offset += used;
    window -= used;
    if (ec == boost::beast::http::error::need_more || (!ec && used == 0)) {
      if (offset + window >= input.size()) break;
      continue;
    }
    if (ec) break;
  }
  // What a handler reads of a request.
  auto& request = parser.request();
  (void)request.header("Content-Type");
  (void)request.queryParam("hub.mode");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  parse(input, input.size() + 1);  // all at once
  parse(input, 7);                 // in small reads, across every boundary
  return 0;
}
