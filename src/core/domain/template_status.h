#pragma once

#include <optional>
#include <string_view>

// Where a message template stands in Meta's review (message_templates.status). Only an
// Approved template may be sent to WhatsApp.
namespace mensajero::domain {

enum class TemplateStatus {
  Pending,   // submitted (or edited) and waiting for review, or not submitted yet
  Approved,  // may be sent
  Rejected,  // refused by review; status_reason says why
  Paused,    // approved, then paused by Meta for low quality; sends fail with 132015
  Disabled,  // disabled by Meta or by the organization; never sent again
};

// "pending", "approved", "rejected", "paused", "disabled".
std::string_view toText(TemplateStatus status);
// nullopt for any other text.
std::optional<TemplateStatus> parseTemplateStatus(std::string_view text);
// Meta's status name (upper case, as in the management API and the
// message_template_status_update webhook) as ours. Meta has more statuses than we keep:
//   IN_APPEAL        -> Rejected (it stays refused until the appeal is decided)
//   PENDING_DELETION -> Disabled (it is going away and cannot be sent)
//   ARCHIVED         -> Disabled (not sendable until unarchived, which Meta reports again)
//   LIMIT_EXCEEDED   -> Rejected (the account's template limit refused it)
//   REINSTATED       -> Approved (a paused template back in service)
// nullopt for a name Meta does not document.
std::optional<TemplateStatus> templateStatusFromMeta(std::string_view meta_status);

}  // namespace mensajero::domain
