#include "notify/email_message.h"

#include <ctime>

#include "notify/alert_wording.h"
#include "security/crypto.h"

namespace mensajero::notify {
namespace {

constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxBodyLine = 900;     // RFC 5321 allows 998 per line
constexpr std::size_t kEncodedChunk = 45;     // 45 bytes -> 60 Base64 chars per encoded word
constexpr std::size_t kMaxHeaderValue = 900;  // before encoding

bool isControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

std::string flatten(std::string_view text, std::size_t max_bytes) {
  std::string out;
  for (char c : text) {
    out.push_back(isControl(static_cast<unsigned char>(c)) ? ' ' : c);
  }
  return truncateUtf8(out, max_bytes);
}

bool isAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// RFC 2047 encoded words of at most kEncodedChunk bytes each, never splitting a UTF-8
// sequence, separated by CRLF SP (folding whitespace between encoded words is ignored).
std::string encodeWords(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t take = std::min(kEncodedChunk, text.size());
    while (take < text.size() && take > 0 &&
           (static_cast<unsigned char>(text[take]) & 0xC0) == 0x80) {
      --take;
    }
    if (take == 0) take = std::min(kEncodedChunk, text.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + security::base64Encode(text.substr(0, take)) + "?=";
    text.remove_prefix(take);
  }
  return out;
}

std::string domainOf(std::string_view address) {
  const std::size_t at = address.rfind('@');
  return at == std::string_view::npos ? "mensajero.invalid" : std::string(address.substr(at + 1));
}

std::string bodyLine(std::string_view label, std::string_view value) {
  return flatten(std::string(label) + ": " + std::string(value), kMaxBodyLine) + "\r\n";
}

}  // namespace

bool isPlainAddress(std::string_view text) {
  if (text.empty() || text.size() > kMaxAddress) return false;
  const std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == text.size() ||
      text.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  constexpr std::string_view kSpecials = "()<>[]:;,\\\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || kSpecials.find(c) != std::string_view::npos) return false;
  }
  return true;
}

std::string headerField(std::string_view name, std::string_view value) {
  std::string clean_name;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 33 && u <= 126 && c != ':') clean_name.push_back(c);
  }
  const std::string clean_value = flatten(value, kMaxHeaderValue);
  const std::string encoded = isAscii(clean_value) ? clean_value : encodeWords(clean_value);
  return clean_name + ": " + encoded + "\r\n";
}

std::string rfc5322Date(UnixMillis at) {
  const std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  // The C locale's names are RFC 5322's day and month names.
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return buffer;
}

std::string emailSubject(const monitoring::AlertNotification& notification) {
  return headline(notification);
}

std::string emailMessage(const monitoring::AlertNotification& n, const EmailEnvelope& envelope) {
  std::string to;
  for (const std::string& address : envelope.to) {
    to += (to.empty() ? "" : ", ") + address;
  }
  std::string message;
  message += headerField("Date", rfc5322Date(envelope.date));
  message += headerField("From", envelope.from);
  message += headerField("To", to);
  message += headerField("Subject", emailSubject(n));
  message += headerField("Message-ID", "<" + envelope.message_id + ">");
  message += headerField("MIME-Version", "1.0");
  message += headerField("Content-Type", "text/plain; charset=UTF-8");
  message += headerField("Content-Transfer-Encoding", "8bit");
  message += headerField("Auto-Submitted", "auto-generated");
  message += "\r\n";
  message += bodyLine("Alert", std::string(stateWord(n.kind)) + ": " + n.rule_name);
  message += bodyLine("Severity", n.severity);
  message += bodyLine("Condition", n.condition);
  message += bodyLine("Value", n.metric + " = " + formatValue(n.value) + " (threshold " +
                                   formatValue(n.threshold) + ")");
  message += bodyLine("Since", formatIso8601(n.since));
  message += bodyLine(n.kind == monitoring::AlertNotification::Kind::Resolve ? "Resolved at" : "At",
                      formatIso8601(n.at));
  message += bodyLine("Source", n.source);
  message += bodyLine("Alert key", n.dedup_key);
  return message;
}

std::string newMessageId(std::string_view from) {
  return security::randomHex(16) + "@" + domainOf(from);
}

}  // namespace mensajero::notify
