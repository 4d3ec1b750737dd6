#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mensajero::channels::meta {

// Meta's template status or status-update event (§1.5, §1.6 of providers.md) as the gateway's
// template status: pending | approved | rejected | paused | disabled. nullopt for an event
// that does not change what may be sent (FLAGGED: a warning; UNARCHIVED: back to where it
// was) and for anything unknown. The same table as core's domain::TemplateStatus, plus the
// two events it lacks (LOCKED, DELETED):
//   APPROVED, REINSTATED              -> approved
//   PENDING                           -> pending
//   REJECTED, IN_APPEAL (refused until
//   the appeal is decided),
//   LIMIT_EXCEEDED                    -> rejected
//   PAUSED                            -> paused
//   DISABLED, LOCKED, ARCHIVED,
//   PENDING_DELETION, DELETED         -> disabled (none of them may be sent)
std::optional<std::string> gatewayTemplateStatus(std::string_view meta_status);

// Meta's category (UTILITY, MARKETING, AUTHENTICATION) in lower case; nullopt otherwise.
std::optional<std::string> gatewayTemplateCategory(std::string_view meta_category);

}  // namespace mensajero::channels::meta
