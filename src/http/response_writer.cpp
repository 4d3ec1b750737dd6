#include "http/response_writer.h"

#include <charconv>
#include <ostream>  // Boost 1.74 status.hpp needs it declared first

#include <boost/beast/http/status.hpp>

#include "http/uri.h"

namespace mensajero::http {
namespace {

bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  for (char allowed : std::string_view("!#$%&'*+-.^_`|~")) {
    if (c == allowed) return true;
  }
  return false;
}

bool isSafeHeader(const Header& h) {
  if (h.name.empty()) return false;
  for (char c : h.name) {
    if (!isTokenChar(c)) return false;
  }
  return h.value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos;
}

bool isServerOwned(std::string_view name, bool has_content_type) {
  return equalsIgnoreCase(name, "content-length") || equalsIgnoreCase(name, "connection") ||
         equalsIgnoreCase(name, "transfer-encoding") || equalsIgnoreCase(name, "x-request-id") ||
         (has_content_type && equalsIgnoreCase(name, "content-type"));
}

void appendNumber(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void appendField(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

bool statusAllowsBody(unsigned status) { return status >= 200 && status != 204 && status != 304; }

void writeResponseHead(const Response& r, std::string_view request_id, bool keep_alive,
                       int http_version, std::string& out) {
  namespace bhttp = boost::beast::http;
  out.clear();
  out.append("HTTP/1.1 ");
  appendNumber(out, r.status);
  out.push_back(' ');
  const auto reason = bhttp::obsolete_reason(bhttp::int_to_status(r.status));
  if (bhttp::int_to_status(r.status) == bhttp::status::unknown) {
    out.append("Unknown");
  } else {
    out.append(reason.data(), reason.size());
  }
  out.append("\r\n");

  const bool has_body = statusAllowsBody(r.status);
  const bool has_content_type = has_body && !r.content_type.empty();
  if (has_content_type && isSafeHeader({"Content-Type", r.content_type})) {
    appendField(out, "Content-Type", r.content_type);
  }
  if (has_body) {
    out.append("Content-Length: ");
    appendNumber(out, r.body.size());
    out.append("\r\n");
  }
  appendField(out, "X-Request-Id", request_id);
  if (!keep_alive) {
    appendField(out, "Connection", "close");
  } else if (http_version < 11) {
    appendField(out, "Connection", "keep-alive");
  }
  for (const Header& h : r.headers) {
    if (isSafeHeader(h) && !isServerOwned(h.name, has_content_type)) {
      appendField(out, h.name, h.value);
    }
  }
  out.append("\r\n");
}

}  // namespace mensajero::http
