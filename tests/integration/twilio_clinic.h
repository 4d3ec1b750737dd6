#pragma once

#include <string>

#include "integration/sandbox.h"

namespace mensajero::testing {

// The simulator's default Twilio account (tools/provider-sim --twilio-account-sid).
inline constexpr const char* kSimTwilioSid = "AC00000000000000000000000000000001";

// Clinic A speaks WhatsApp and SMS through Twilio with the simulator's credentials, from
// +14155238886; `sms_extra` is appended to the SMS channel's provider_config (YAML lines).
inline SandboxOptions twilioClinic(const std::string& sms_extra = "") {
  SandboxOptions options;
  const std::string credentials = std::string("          base_url: @SIM@\n") +
                                  "          account_sid: " + kSimTwilioSid + "\n" +
                                  "          auth_token: sim-twilio-auth-token\n"
                                  "          from: '+14155238886'\n"
                                  "          timeout_ms: 2000\n";
  options.clinic_a_channels =
      "      - type: whatsapp\n        provider: twilio\n"
      "        provider_config:\n" +
      credentials +
      "      - type: sms\n        provider: twilio\n"
      "        provider_config:\n" +
      credentials + sms_extra;
  return options;
}

// Clinic A's channels: WhatsApp through Meta (the sandbox's clinic A credentials) and SMS
// through Twilio, both on the simulator: the clinic the fallback, template, media,
// interactive and service-window suites share.
inline std::string metaWhatsAppAndTwilioSms() {
  return std::string("      - type: whatsapp\n        provider: meta\n        provider_config:\n") +
         "          base_url: @SIM@\n          phone_number_id: \"" + kPhoneNumberIdA + "\"\n" +
         "          access_token: token-a\n          app_secret: " + kAppSecretA + "\n" +
         "          verify_token: " + kVerifyTokenA + "\n          timeout_ms: 2000\n" +
         "      - type: sms\n        provider: twilio\n        provider_config:\n" +
         "          base_url: @SIM@\n          account_sid: " + kSimTwilioSid + "\n" +
         "          auth_token: sim-twilio-auth-token\n          from: '+14155238886'\n" +
         "          timeout_ms: 2000\n";
}

}  // namespace mensajero::testing
