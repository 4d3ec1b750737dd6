#pragma once

#include <string>

#include "common/result.h"

namespace mensajero::channels::meta {

// Classifies a Graph API error answer by its numeric code (not the HTTP status), following
// shared/reference/providers.md §1.3. Unknown codes: 5xx -> Retryable, 4xx -> Permanent.
// The result has code "meta_<code>" and the provider's message (which holds no PHI).
Error classifyMetaError(long http_status, int meta_code, std::string message);

}  // namespace mensajero::channels::meta
