#pragma once

#include "http/router.h"

namespace mensajero::provider_sim {

// Meta's media endpoints as the gateway calls them (provider reference §1.2):
//   POST /{version}/{phone_number_id}/media  multipart (messaging_product=whatsapp, type,
//        file): stores the file, answers {"id"}
//   GET  /{version}/{media_id}               {"url", "mime_type", "sha256", "file_size", "id"}
//   GET  /_sim/media/{media_id}/file         the bytes; needs the same Bearer token
// and, for tests:
//   POST /_sim/media                         seeds a file (raw body, Content-Type = its MIME
//                                            type), as a patient's inbound media; {"id","sha256"}
//   GET  /_sim/media                         what was uploaded and seeded (no bytes)
// Graph calls need "Authorization: Bearer <token>" (any non-empty token), else 401 code 190.
void addMediaRoutes(http::Router& router);

}  // namespace mensajero::provider_sim
