#pragma once

#include <vector>

#include "http/message.h"

// How a request's body is delimited, decided from its header alone (RFC 9112 section 6). A
// server and a proxy in front of it that disagree about where a body ends can be made to see
// two different requests (request smuggling), so anything ambiguous is refused and the
// connection closed. No Beast types.
namespace mensajero::http {

enum class FramingVerdict {
  // Content-Length, a Transfer-Encoding that is exactly "chunked", or no body at all.
  Acceptable,
  // The body's end cannot be determined reliably: a Transfer-Encoding whose last coding is
  // not chunked, chunked applied twice, a coding with parameters on chunked, an empty
  // Transfer-Encoding, Transfer-Encoding together with Content-Length, or Transfer-Encoding
  // on an HTTP/1.0 request. Answer 400 and close (RFC 9112 section 6.1 and 6.3).
  Invalid,
  // Well framed (chunked last) but with another coding before it (e.g. "gzip, chunked"),
  // which the gateway does not decode. Answer 501 and close: the body was never read.
  UnsupportedCoding,
};

// Checks every Transfer-Encoding and Content-Length field of `headers`, in order, as one
// list per name. `http_version` is 10 or 11. Content-Length values themselves are checked by
// the parser (digits only, equal when repeated); only their presence matters here.
FramingVerdict checkRequestFraming(const std::vector<Header>& headers, int http_version);

}  // namespace mensajero::http
