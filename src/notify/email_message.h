#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/time_format.h"
#include "monitoring/alert_notification.h"

// The mail an alert becomes: RFC 5322 headers and a plain-text body, with CRLF line ends.
// Nothing taken from a rule can add a header or a line: names and values are sanitised here.
namespace mensajero::notify {

// An address as the config may give it: local@domain, printable ASCII without spaces, quotes,
// angle brackets, commas or other specials, at most 254 bytes. Display names are not taken.
bool isPlainAddress(std::string_view text);

// A header field name keeps only RFC 5322 ftext (printable ASCII except ':'); a value has every
// CR, LF and other control character replaced by a space. Non-ASCII values become RFC 2047
// encoded words (UTF-8, Base64), folded so no line exceeds 78 characters.
std::string headerField(std::string_view name, std::string_view value);

// "Sun, 06 Dec 2026 23:20:00 +0000" for a Unix time in ms.
std::string rfc5322Date(UnixMillis at);

struct EmailEnvelope {
  std::string from;
  std::vector<std::string> to;
  std::string message_id;  // without angle brackets: "<id>@<domain>"
  UnixMillis date = 0;
};

// The whole message: Date, From, To, Subject, Message-ID, MIME-Version, Content-Type,
// Content-Transfer-Encoding and Auto-Submitted headers, a blank line, then the body.
std::string emailMessage(const monitoring::AlertNotification& notification,
                         const EmailEnvelope& envelope);

// A fresh Message-ID (without angle brackets) in the domain of the From address.
std::string newMessageId(std::string_view from);

// The subject line before encoding: the headline ("[FIRING] rule (severity)").
std::string emailSubject(const monitoring::AlertNotification& notification);

}  // namespace mensajero::notify
