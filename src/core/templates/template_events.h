#pragma once

#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::core::templates {

struct TemplateEventCounts {
  int applied = 0;
  int unmatched = 0;  // no template of the organization has that provider id
};

// Applies template webhook events (storage::TemplateEvent, built by core/webhook_work.h) to
// their organization's templates, matched by the provider's template id: a status event sets
// status and reason (and quality when given) through setTemplateStatusByProviderId; a
// quality-only event sets the quality. Re-applying an event sets the same values again, so a
// batch that is retried after a failure does no harm. Errors: the store's.
// NOTE: events are applied in the order received; Meta may deliver an older event late, which
// then wins until the next one (a status is reported again on every change).
Result<TemplateEventCounts> applyTemplateEvents(storage::Store& store,
                                                const std::vector<storage::TemplateEvent>& events);

}  // namespace mensajero::core::templates
