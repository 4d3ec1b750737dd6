#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace mensajero::http {

// False for statuses that never carry a body (1xx, 204, 304).
bool statusAllowsBody(unsigned status);

// Replaces out with the status line and header block of r (ending in the blank line); the
// body is written separately, so it is never copied. The server owns Content-Length,
// Connection and X-Request-Id; handler headers with those names, or with CR/LF/NUL in
// them, are dropped so a handler cannot split the response.
void writeResponseHead(const Response& r, std::string_view request_id, bool keep_alive,
                       int http_version, std::string& out);

}  // namespace mensajero::http
