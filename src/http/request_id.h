#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mensajero::http {

// True for 1-64 characters of [A-Za-z0-9._-]: safe to echo into a header and a log line.
bool isAcceptableRequestId(std::string_view id);

// Writes into out the client's id when acceptable, else a new random 32-hex-digit id.
// Reuses out's capacity. Thread-safe.
void chooseRequestId(std::optional<std::string_view> client_id, std::string& out);

}  // namespace mensajero::http
