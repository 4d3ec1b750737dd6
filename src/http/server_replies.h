#pragma once

#include "http/message.h"
#include "http/router.h"

// The answers the server itself gives, before or instead of a handler; all in the JSON error
// shape of Response::error. Private to src/http.
namespace mensajero::http {

Response internalError();
Response badRequest();         // 400 bad_request: unparseable request
Response badFraming();         // 400 bad_request: FramingVerdict::Invalid
Response unsupportedCoding();  // 501 not_implemented: FramingVerdict::UnsupportedCoding
Response payloadTooLarge();    // 413 payload_too_large
Response serverBusy();         // 503 server_busy, retryable, Retry-After: 1: body budget spent
Response unmatched(const Router::Match& match);  // 404 not_found, or 405 with Allow

}  // namespace mensajero::http
