#pragma once

#include "common/result.h"
#include "core/send_request.h"

namespace mensajero::core {

// SendService's rule for message.type 'interactive': the request carries parsed buttons or a
// list (Invalid invalid_content otherwise) within Meta's limits (validateInteractiveContent).
Status validateInteractiveRequest(const SendRequest& request);

}  // namespace mensajero::core
