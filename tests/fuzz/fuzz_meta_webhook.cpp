// libFuzzer target: a (verified) Meta webhook body, as the route checks it and the webhook
// processor later parses it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/dto/json_body.h"
#include "channels/meta/meta_webhook.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)mensajero::api::dto::parseJsonObject(body);
  (void)mensajero::channels::meta::parseMetaWebhook(body);
  return 0;
}
