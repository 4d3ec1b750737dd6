#pragma once

#include <string>

#include "http/router.h"

namespace mensajero::provider_sim {

// How many GET /{version}/{phone_number_id}/whatsapp_business_profile calls arrived, per
// phone_number_id (answered or refused by failure injection alike), so a test can prove the
// gateway's health probe is rate-limited (issue 12: at most one per interval per instance).
// NOTE: one count per process, shared by every simulator it runs; the binary runs one.
void countBusinessProfileCall(const std::string& phone_number_id);

//   GET    /_sim/business-profile-calls   {"calls":{"<phone_number_id>":N,...},"total":N}
//   DELETE /_sim/business-profile-calls   resets the counts
void addProfileCallRoutes(http::Router& router);

}  // namespace mensajero::provider_sim
