// Reads signature cases as JSON lines on stdin, {"token","url","body","signature"}, and
// answers one JSON line each: {"valid": verifyTwilioSignature(...), "signature": the signature
// we compute for the URL as given}, or {"error": code} when the body is not a valid form.
// Driven by twilio_signature_crosscheck.js, which asks Twilio's Node library the same.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "channels/twilio/form_encoding.h"
#include "channels/twilio/twilio_signature.h"

int main() {
  using namespace mensajero::channels::twilio;
  std::string line;
  while (std::getline(std::cin, line)) {
    const nlohmann::json in = nlohmann::json::parse(line);
    const std::string token = in.at("token");
    const std::string url = in.at("url");
    auto form = decodeForm(in.at("body").get<std::string>());
    nlohmann::json out;
    if (!form) {
      out["error"] = form.error().code;
    } else {
      out["valid"] =
          verifyTwilioSignature(token, url, *form, in.at("signature").get<std::string>());
      out["signature"] = computeTwilioSignature(token, url, *form);
    }
    std::cout << out.dump() << '\n';
  }
  return 0;
}
