// libFuzzer target: a Twilio webhook form body, through the bounds and the signature check
// as the route runs them, and through the parser as if it had been signed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

#include "channels/twilio/form_encoding.h"
#include "channels/twilio/twilio_signature.h"
#include "channels/twilio/twilio_webhook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tw = mensajero::channels::twilio;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kUrl = "https://gw.example.org/api/v2/webhooks/twilio/o?x=1";
  // An unsigned body never gets past authentication.
  if (tw::authenticateTwilioWebhook("token", kUrl, body, "forged=").ok()) std::abort();
  const tw::FormLimits limits;
  auto form = tw::decodeForm(body, limits);
  if (!form) return 0;
  if (form->size() > limits.max_fields) std::abort();
  // What a signed body would yield: the signature of the decoded fields verifies.
  if (!tw::verifyTwilioSignature("token", kUrl, *form,
                                 tw::computeTwilioSignature("token", kUrl, *form))) {
    std::abort();
  }
  auto webhook = tw::parseTwilioWebhook(*form);
  if (!webhook) return 0;
  if (const auto* inbound = std::get_if<tw::TwilioInboundMessage>(&*webhook)) {
    if (inbound->media.size() > static_cast<std::size_t>(tw::kMaxMedia) ||
        inbound->body.size() > tw::kMaxBodyBytes) {
      std::abort();
    }
  }
  return 0;
}
