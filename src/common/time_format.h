#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mensajero {

// Milliseconds since the Unix epoch, UTC. The one time representation shared by the store,
// the domain and the wire formats.
using UnixMillis = std::int64_t;

// "2026-11-25T08:59:37.123Z": fixed width, so the text sorts like the number.
std::string formatIso8601(UnixMillis at);

// Accepts "YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)". Returns nullopt for anything
// else, including out-of-range fields.
std::optional<UnixMillis> parseIso8601(std::string_view text);

}  // namespace mensajero
