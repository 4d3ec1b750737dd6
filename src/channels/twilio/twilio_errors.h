#pragma once

#include <string>

#include "common/result.h"

namespace mensajero::channels::twilio {

// Classifies a Twilio error by its numeric code (not the HTTP status), following
// shared/reference/providers.md §2.4: Retryable, Fallback (another channel may deliver;
// configuration faults too, as for Meta), Permanent, or Invalid (the message or recipient is
// wrong; no channel should be tried). HTTP 429 is always Retryable (Twilio did not process
// the request). Unknown codes: 5xx -> Retryable, anything else -> Permanent.
// `http_status` is 0 for a code from a status callback (ErrorCode). The result has code
// "twilio_<code>" and the provider's message (which holds no PHI we put there).
Error classifyTwilioError(long http_status, int twilio_code, std::string message);

}  // namespace mensajero::channels::twilio
