#include "core/message_content/interactive_request.h"

namespace mensajero::core {

Status validateInteractiveRequest(const SendRequest& request) {
  if (!request.interactive) {
    return makeError(ErrorCategory::Invalid, "invalid_content",
                     "message.content must be an object with buttons or a list");
  }
  return validateInteractiveContent(*request.interactive);
}

}  // namespace mensajero::core
