#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channels/twilio/form_encoding.h"

namespace mensajero::channels::twilio {

// Twilio's X-Twilio-Signature (shared/reference/providers.md §2.5), as its helper libraries
// compute it: HMAC-SHA1, keyed with the auth token, over the full URL Twilio called followed,
// for a form POST, by every parameter sorted by name and then by value (in UTF-16 code unit
// order, as JavaScript sorts), each as name + value with no separator; a repeated name
// appears once per distinct value; empty values count. Standard Base64 with padding.
// Pass the decoded form fields (an empty list for a GET or a JSON body). Thread-safe.

// The exact string that is signed.
std::string twilioSigningString(std::string_view url, const FormFields& params);
std::string computeTwilioSignature(std::string_view auth_token, std::string_view url,
                                   const FormFields& params);

// The spellings of `url` Twilio's SDKs accept: as given, without its port (any port), and with
// the scheme's default port (:443 / :80) added when it has none. Duplicates removed.
std::vector<std::string> twilioUrlVariants(std::string_view url);

// True when `header` equals the signature of one of twilioUrlVariants(url), compared in
// constant time. False for an empty token or header. `url` must be the public URL as Twilio
// called it (scheme, host, port, path and raw query): behind a proxy, rebuild it from the
// configured public base URL, not from the Host the gateway saw.
bool verifyTwilioSignature(std::string_view auth_token, std::string_view url,
                           const FormFields& params, std::string_view header);

}  // namespace mensajero::channels::twilio
