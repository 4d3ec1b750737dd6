#pragma once

#include <optional>
#include <string_view>

// What one delivery attempt came to (message_attempts.outcome).
namespace mensajero::domain {

enum class AttemptOutcome {
  Sent,      // the provider accepted the message
  Failed,    // terminal: the message will not be tried again
  Retry,     // try again later; counts as an attempt
  Deferred,  // not attempted (a limit or an open breaker); does not count as an attempt
};

// "sent", "failed", "retry", "deferred".
std::string_view toText(AttemptOutcome outcome);
// nullopt for any other text.
std::optional<AttemptOutcome> parseAttemptOutcome(std::string_view text);

}  // namespace mensajero::domain
