#pragma once

#include <optional>
#include <string_view>

// Where an outbound message stands (messages.delivery_status). An inbound message is
// Delivered from the start: received means delivered to us.
namespace mensajero::domain {

enum class DeliveryStatus {
  Pending,    // in the outbox: not yet accepted by a provider
  Sent,       // accepted by the provider
  Delivered,  // reached the patient's device
  Read,       // read by the patient
  Failed,     // terminal: will not be delivered
  Rejected,   // terminal: refused before any provider took it (schema value, kept readable)
};

// "pending", "sent", "delivered", "read", "failed", "rejected".
std::string_view toText(DeliveryStatus status);
// nullopt for any other text.
std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view text);

}  // namespace mensajero::domain
