#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/beast/http/basic_parser.hpp>

#include "http/body_budget.h"
#include "http/framing.h"
#include "http/message.h"

namespace mensajero::http {

// Parses one HTTP/1.1 request straight into a Request, so the server never builds a Beast
// message and then copies it. Single use: one parser per request.
//
// The header is read first; the caller then picks the route's body limit and calls
// setBodyLimit() before reading the body. Past the limit the read fails with
// boost::beast::http::error::body_limit.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  explicit RequestParser(std::size_t max_header_bytes);

  void setBodyLimit(std::size_t limit) { body_limit_ = limit; }
  // Body bytes are taken from `lease` (which must outlive the read) as they arrive; when it
  // cannot grow the read fails with body_limit and budgetExhausted() turns true. Unset: the
  // body is not budgeted.
  void setBodyLease(BodyBudget::Lease* lease) { lease_ = lease; }
  bool budgetExhausted() const { return budget_exhausted_; }
  Request& request() { return request_; }
  int version() const { return version_; }
  bool expectsContinue() const { return expects_continue_; }
  // Set once the header is complete. A header whose framing is not Acceptable fails the
  // header read with bad_transfer_encoding, before any body byte is taken as a body.
  FramingVerdict framing() const { return framing_; }

 private:
  using ErrorCode = boost::system::error_code;
  using StringView = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, StringView method_str, StringView target,
                       int version, ErrorCode& ec) override;
  void on_response_impl(int, StringView, int, ErrorCode& ec) override;
  void on_field_impl(boost::beast::http::field name, StringView name_string, StringView value,
                     ErrorCode& ec) override;
  void on_header_impl(ErrorCode& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         ErrorCode& ec) override;
  std::size_t on_body_impl(StringView body, ErrorCode& ec) override;
  void on_chunk_header_impl(std::uint64_t, StringView, ErrorCode&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, StringView body, ErrorCode& ec) override;
  void on_finish_impl(ErrorCode&) override {}

  Request request_;
  std::size_t body_limit_ = 0;
  BodyBudget::Lease* lease_ = nullptr;
  bool budget_exhausted_ = false;
  FramingVerdict framing_ = FramingVerdict::Acceptable;
  int version_ = 11;
  bool expects_continue_ = false;
};

}  // namespace mensajero::http
