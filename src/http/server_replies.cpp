#include "http/server_replies.h"

#include <string>
#include <vector>

namespace mensajero::http {
namespace {

std::string joinMethods(const std::vector<std::string>& methods) {
  std::string out;
  for (const std::string& m : methods) {
    if (!out.empty()) out.append(", ");
    out.append(m);
  }
  return out;
}

}  // namespace

Response internalError() { return Response::error(500, "internal_error", "Internal server error"); }

Response badRequest() { return Response::error(400, "bad_request", "Malformed HTTP request"); }

Response badFraming() {
  return Response::error(400, "bad_request",
                         "Transfer-Encoding must end in chunked and must not come with "
                         "Content-Length");
}

Response unsupportedCoding() {
  return Response::error(501, "not_implemented", "Only the chunked transfer coding is supported");
}

Response payloadTooLarge() {
  return Response::error(413, "payload_too_large", "Request body exceeds the limit");
}

Response serverBusy() {
  Response response = Response::error(
      503, "server_busy", "Too many unauthenticated request bodies in flight; retry later", true);
  response.withHeader("Retry-After", "1");
  return response;
}

Response unmatched(const Router::Match& match) {
  if (match.allowed_methods.empty()) {
    return Response::error(404, "not_found", "No route matches this path");
  }
  Response response = Response::error(405, "method_not_allowed", "Method not allowed on this path");
  response.withHeader("Allow", joinMethods(match.allowed_methods));
  return response;
}

}  // namespace mensajero::http
