#include "http/request_parser.h"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <boost/beast/http/error.hpp>

#include "http/uri.h"

namespace mensajero::http {

namespace bhttp = boost::beast::http;

RequestParser::RequestParser(std::size_t max_header_bytes) {
  header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(max_header_bytes, UINT32_MAX)));
  // The base parser would reject a large Content-Length while still reading the header,
  // before the route (and so its limit) is known; the limit is enforced in the callbacks.
  // NOTE: not boost::none: Boost 1.74 compares Content-Length against it and always fails.
  body_limit(std::numeric_limits<std::uint64_t>::max());
  request_.headers.reserve(16);
}

void RequestParser::on_request_impl(bhttp::verb, StringView method_str, StringView target,
                                    int version, ErrorCode&) {
  request_.method.assign(method_str.data(), method_str.size());
  request_.target.assign(target.data(), target.size());
  version_ = version;
}

void RequestParser::on_response_impl(int, StringView, int, ErrorCode& ec) {
  ec = bhttp::error::bad_method;
}

void RequestParser::on_field_impl(bhttp::field name, StringView name_string, StringView value,
                                  ErrorCode&) {
  if (name == bhttp::field::expect &&
      equalsIgnoreCase({value.data(), value.size()}, "100-continue")) {
    expects_continue_ = true;
  }
  request_.headers.push_back({std::string(name_string.data(), name_string.size()),
                              std::string(value.data(), value.size())});
}

void RequestParser::on_header_impl(ErrorCode& ec) {
  framing_ = checkRequestFraming(request_.headers, version_);
  if (framing_ != FramingVerdict::Acceptable) ec = bhttp::error::bad_transfer_encoding;
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      ErrorCode& ec) {
  if (!content_length) return;
  if (*content_length > body_limit_) {
    ec = bhttp::error::body_limit;
    return;
  }
  request_.body.reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(StringView body, ErrorCode& ec) {
  if (body.size() > body_limit_ - request_.body.size()) {
    ec = bhttp::error::body_limit;
    return 0;
  }
  if (lease_ && !lease_->cover(request_.body.size() + body.size())) {
    budget_exhausted_ = true;
    ec = bhttp::error::body_limit;
    return 0;
  }
  request_.body.append(body.data(), body.size());
  return body.size();
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, StringView body, ErrorCode& ec) {
  return on_body_impl(body, ec);
}

}  // namespace mensajero::http
