// libFuzzer target: the body of POST /api/v2/messages/send, through everything the route
// does with it before the store: the bounded parse, the DTO and the idempotency fingerprint.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/dto/json_body.h"
#include "api/dto/send_message_dto.h"
#include "api/idempotency_key.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto document = mensajero::api::dto::parseJsonObject(body);
  if (!document) {
    return 0;
  }
  (void)mensajero::api::requestFingerprint(*document);
  (void)mensajero::api::dto::parseSendMessageRequest(*document, "org-1");
  return 0;
}
