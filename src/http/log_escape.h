#pragma once

#include <string>
#include <string_view>

namespace mensajero::http {

// Makes request-controlled text safe to put in one log line: control characters (C0, DEL,
// C1, U+2028/U+2029) and bytes that are not part of valid UTF-8 become "\xHH" per byte, and
// the backslash itself "\\", so a "%0d%0a" in a path cannot start a forged line and the escaping
// stays unambiguous. Valid printable UTF-8 passes unchanged. Use it for everything a log
// line takes from a request (path, method, header values); never log bodies or queries.
std::string escapeForLog(std::string_view text);

}  // namespace mensajero::http
