#include "core/tenant_directory.h"

#include <utility>

namespace mensajero::core {

Result<std::shared_ptr<const Tenant>> TenantDirectory::find(const std::string& organization_id) {
  // Read before the rows, so that a write landing between the two leaves the copy stale.
  const std::uint64_t generation = store_.directoryGeneration();
  const std::int64_t now = clock_.monotonicMillis();
  {
    std::lock_guard lock(mutex_);
    if (auto it = copies_.find(organization_id); it != copies_.end()) {
      const Copy& copy = it->second;
      if (copy.generation == generation && now - copy.read_at_ms < kMaxAgeMs) return copy.tenant;
    }
  }
  auto organization = store_.findOrganization(organization_id);
  if (!organization) return organization.error();
  if (!*organization) return std::shared_ptr<const Tenant>();
  auto channels = store_.listChannelInstances(organization_id);
  if (!channels) return channels.error();
  auto tenant =
      std::make_shared<const Tenant>(Tenant{std::move(**organization), std::move(*channels)});
  std::lock_guard lock(mutex_);
  if (copies_.size() >= kMaxTenants && !copies_.contains(organization_id)) copies_.clear();
  copies_[organization_id] = Copy{tenant, generation, now};
  return tenant;
}

}  // namespace mensajero::core
