#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mensajero::channels::meta {

// Meta's template status or status-update event (§1.5, §1.6 of providers.md) as the gateway's
// template status: pending | approved | rejected | paused | disabled. nullopt for an event
// that does not change what may be sent (FLAGGED: a warning; UNARCHIVED: back to where it
// was) and for anything unknown.
//   APPROVED, REINSTATED              -> approved
//   PENDING, IN_APPEAL                -> pending
//   REJECTED                          -> rejected
//   PAUSED                            -> paused
//   DISABLED, LIMIT_EXCEEDED, LOCKED,
//   ARCHIVED, PENDING_DELETION,
//   DELETED                           -> disabled (none of them may be sent)
std::optional<std::string> gatewayTemplateStatus(std::string_view meta_status);

// Meta's category (UTILITY, MARKETING, AUTHENTICATION) in lower case; nullopt otherwise.
std::optional<std::string> gatewayTemplateCategory(std::string_view meta_category);

}  // namespace mensajero::channels::meta
