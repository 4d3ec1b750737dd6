#include "channels/twilio/twilio_errors.h"

#include <array>

namespace mensajero::channels::twilio {
namespace {

// The "Class" column of shared/reference/providers.md §2.4, kept in its own vocabulary so the
// table can be checked against the document line by line.
enum class TwilioClass {
  Retry,              // R: retry with backoff
  RetryThenFallback,  // R (bounded), then F: the retry budget decides when to fall back
  Fallback,           // F: another channel may deliver
  Config,             // C: configuration fault; another channel may still work
  ConfigFallback,     // C+F
  Permanent,          // P: never, on any channel
  Invalid,            // the request is wrong as sent (our addition: bad To, body too long)
};

struct CodeClass {
  int code;
  TwilioClass twilio_class;
};

constexpr std::array kTable = {
    CodeClass{20003, TwilioClass::Config},             // authentication failed
    CodeClass{20429, TwilioClass::Retry},              // too many concurrent requests
    CodeClass{21211, TwilioClass::Invalid},            // invalid To
    CodeClass{21408, TwilioClass::Config},             // geo permissions
    CodeClass{21602, TwilioClass::Invalid},            // Body required
    CodeClass{21604, TwilioClass::Invalid},            // a required parameter is missing
    CodeClass{21606, TwilioClass::Config},             // From is not message-capable
    CodeClass{21659, TwilioClass::Config},             // From is not a valid sender
    CodeClass{21608, TwilioClass::Config},             // trial account, unverified recipient
    CodeClass{21610, TwilioClass::Permanent},          // recipient replied STOP
    CodeClass{21611, TwilioClass::Retry},              // sender queue over 10 h
    CodeClass{30001, TwilioClass::Retry},              // queue overflow
    CodeClass{21612, TwilioClass::Config},             // To/From pair cannot be routed
    CodeClass{21614, TwilioClass::Fallback},           // To is not a mobile number
    CodeClass{21617, TwilioClass::Invalid},            // Body over 1600 characters
    CodeClass{30003, TwilioClass::RetryThenFallback},  // handset unreachable
    CodeClass{30004, TwilioClass::Fallback},           // message blocked
    CodeClass{30005, TwilioClass::Fallback},           // unknown handset
    CodeClass{30006, TwilioClass::Fallback},           // landline or unreachable carrier
    CodeClass{30007, TwilioClass::ConfigFallback},     // carrier spam filter: no blind retry
    CodeClass{30008, TwilioClass::RetryThenFallback},  // unknown error
    CodeClass{30036, TwilioClass::Fallback},           // validity period expired
    CodeClass{63016, TwilioClass::Fallback},           // WhatsApp free-form outside 24 h
    CodeClass{63018, TwilioClass::Retry},              // channel rate limit
    CodeClass{63003, TwilioClass::Fallback},           // channel can't find To
    CodeClass{63024, TwilioClass::Invalid},            // invalid recipient
    CodeClass{63032, TwilioClass::Fallback},           // WhatsApp limitation (marketing cap)
};

ErrorCategory categoryOf(TwilioClass twilio_class) {
  switch (twilio_class) {
    case TwilioClass::Retry:
    case TwilioClass::RetryThenFallback:
      return ErrorCategory::Retryable;
    case TwilioClass::Fallback:
    case TwilioClass::Config:
    case TwilioClass::ConfigFallback:
      return ErrorCategory::Fallback;
    case TwilioClass::Permanent:
      return ErrorCategory::Permanent;
    case TwilioClass::Invalid:
      return ErrorCategory::Invalid;
  }
  return ErrorCategory::Permanent;
}

}  // namespace

Error classifyTwilioError(long http_status, int twilio_code, std::string message) {
  ErrorCategory category = http_status >= 500 ? ErrorCategory::Retryable : ErrorCategory::Permanent;
  for (const CodeClass& entry : kTable) {
    if (entry.code == twilio_code) {
      category = categoryOf(entry.twilio_class);
      break;
    }
  }
  // 429: Twilio did not process the request, so it is safe to send again whatever the code.
  if (http_status == 429) {
    category = ErrorCategory::Retryable;
  }
  return makeError(category, "twilio_" + std::to_string(twilio_code), std::move(message));
}

}  // namespace mensajero::channels::twilio
