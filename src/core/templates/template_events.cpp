#include "core/templates/template_events.h"

#include <utility>

#include <optional>

namespace mensajero::core::templates {
namespace {

// The organization's template with that provider id, or nullopt. NOTE: the store has no lookup
// by provider id that keeps the status, so a quality-only event searches the organization's
// templates (at most storage::kTemplateListLimit of them).
Result<std::optional<storage::TemplateRecord>> byProviderId(storage::Store& store,
                                                            const storage::TemplateEvent& event) {
  auto templates = store.listTemplates(event.organization_id, storage::TemplateFilter{});
  if (!templates) return templates.error();
  for (auto& record : *templates) {
    if (record.provider_template_id == event.provider_template_id) {
      return std::optional<storage::TemplateRecord>(std::move(record));
    }
  }
  return std::optional<storage::TemplateRecord>();
}

Result<bool> applyQuality(storage::Store& store, const storage::TemplateEvent& event) {
  auto found = byProviderId(store, event);
  if (!found) return found.error();
  if (!found->has_value()) return false;
  auto record = std::move(**found);
  auto updated =
      store.setTemplateStatusByProviderId(event.organization_id, event.provider_template_id,
                                          record.status, record.status_reason, event.quality);
  if (!updated) return updated.error();
  return updated->has_value();
}

}  // namespace

Result<TemplateEventCounts> applyTemplateEvents(storage::Store& store,
                                                const std::vector<storage::TemplateEvent>& events) {
  TemplateEventCounts counts;
  for (const auto& event : events) {
    bool matched = false;
    if (event.status) {
      const auto status = domain::parseTemplateStatus(*event.status);
      if (!status) continue;  // channels emit only the five; anything else changes nothing
      auto updated = store.setTemplateStatusByProviderId(
          event.organization_id, event.provider_template_id, *status, event.reason, event.quality);
      if (!updated) return updated.error();
      matched = updated->has_value();
    } else if (event.quality) {
      auto updated = applyQuality(store, event);
      if (!updated) return updated.error();
      matched = *updated;
    }
    ++(matched ? counts.applied : counts.unmatched);
  }
  return counts;
}

}  // namespace mensajero::core::templates
