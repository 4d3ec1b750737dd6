#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// The JSON shapes of Meta's WhatsApp Cloud API that the simulator produces: Graph API error
// bodies and webhook envelopes (docs: shared/reference/providers.md §1).
namespace mensajero::provider_sim {

inline constexpr std::string_view kSimWabaId = "SIMWABA";

// {"error":{"message","type","code","fbtrace_id":"SIM"}}
std::string metaErrorBody(int code, std::string_view message,
                          std::string_view type = "OAuthException");

// value.metadata of a webhook.
struct WebhookMetadata {
  std::string display_phone_number;
  std::string phone_number_id;
};

struct StatusEvent {
  std::string wamid;
  std::string status;  // sent | delivered | read | failed | played
  std::int64_t timestamp_s = 0;
  std::string recipient_id;
  std::optional<std::string> callback_data;  // biz_opaque_callback_data
  std::optional<int> error_code;             // adds errors[] (for "failed")
  std::string error_title;
};

struct InboundText {
  std::string wamid;
  std::string from;  // wa_id digits
  std::string name;  // profile name
  std::string body;
  std::int64_t timestamp_s = 0;
};

// A "messages" webhook carrying one status.
nlohmann::json statusWebhook(const WebhookMetadata& metadata, const StatusEvent& status);
// A "messages" webhook carrying one inbound text message and its contact.
nlohmann::json inboundTextWebhook(const WebhookMetadata& metadata, const InboundText& message);

// Serialises the way Meta does on the wire: compact, non-ASCII escaped as \uXXXX. The
// signature must be computed over exactly these bytes.
std::string toWireJson(const nlohmann::json& payload);

// The digits of a phone number ("+52 1 55..." -> "52155...").
std::string digitsOf(std::string_view phone);

}  // namespace mensajero::provider_sim
