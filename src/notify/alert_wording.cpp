#include "notify/alert_wording.h"

#include <cmath>
#include <cstdio>

namespace mensajero::notify {

using Kind = monitoring::AlertNotification::Kind;

std::string_view stateWord(Kind kind) {
  switch (kind) {
    case Kind::Trigger:
      return "FIRING";
    case Kind::Repeat:
      return "STILL FIRING";
    case Kind::Resolve:
      return "RESOLVED";
  }
  return "FIRING";
}

std::string headline(const monitoring::AlertNotification& notification) {
  return "[" + std::string(stateWord(notification.kind)) + "] " + notification.rule_name + " (" +
         notification.severity + ")";
}

std::string formatValue(double value) {
  if (!std::isfinite(value)) {
    return std::isnan(value) ? "NaN" : (value > 0 ? "+Inf" : "-Inf");
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::string truncateUtf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  if (max_bytes < 3) {
    return std::string(max_bytes, '.');
  }
  std::size_t cut = max_bytes - 3;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace mensajero::notify
