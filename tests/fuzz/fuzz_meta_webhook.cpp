// libFuzzer target: a (verified) Meta webhook body, as the route checks it and the webhook
// processor later parses it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/dto/json_body.h"
#include "channels/meta/meta_events.h"
#include "channels/meta/meta_webhook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)mensajero::api::dto::parseJsonObject(body);
  const auto webhook = mensajero::channels::meta::parseMetaWebhook(body);
  if (!webhook) {
    return 0;
  }
  // The processor turns these seconds into milliseconds: they must stay in range whatever
  // digits a (signed) body carries.
  constexpr long long kMaxSeconds = 253'402'300'799;
  for (const auto& status : webhook->statuses) {
    if (status.timestamp < 0 || status.timestamp > kMaxSeconds) std::abort();
  }
  for (const auto& message : webhook->messages) {
    if (message.timestamp < 0 || message.timestamp > kMaxSeconds) std::abort();
    // The structured content stays within its bounds whatever the body holds.
    namespace ch = mensajero::channels;
    if (const auto* contacts = std::get_if<ch::InboundContacts>(&message.content.value)) {
      if (contacts->cards.size() > ch::kMaxContactCards) std::abort();
    }
    if (const auto* order = std::get_if<ch::InboundOrder>(&message.content.value)) {
      if (order->items.size() > ch::kMaxOrderItems) std::abort();
    }
    if (const auto* media = std::get_if<ch::InboundMedia>(&message.content.value)) {
      if (media->caption.size() > ch::kMaxContentStringBytes ||
          media->filename.size() > ch::kMaxFilenameBytes) {
        std::abort();
      }
    }
  }
  // The neutral events carry only the four delivery steps core applies.
  for (const auto& update : mensajero::channels::meta::toWebhookEvents(*webhook).statuses) {
    if (update.status != "sent" && update.status != "delivered" && update.status != "read" &&
        update.status != "failed") {
      std::abort();
    }
  }
  return 0;
}
