#include "api/organization_concurrency.h"

#include <algorithm>

namespace mensajero::api {

OrganizationConcurrency::OrganizationConcurrency(int max_per_organization)
    : max_per_organization_(std::max(1, max_per_organization)) {}

std::optional<OrganizationConcurrency::Slot> OrganizationConcurrency::tryEnter(
    const std::string& organization_id) {
  std::lock_guard lock(mutex_);
  int& count = in_use_[organization_id];
  if (count >= max_per_organization_) return std::nullopt;
  ++count;
  return std::optional<Slot>(std::in_place, this, organization_id);
}

void OrganizationConcurrency::release(const std::string& organization_id) {
  std::lock_guard lock(mutex_);
  const auto found = in_use_.find(organization_id);
  if (found == in_use_.end()) return;
  if (--found->second <= 0) in_use_.erase(found);
}

http::Response OrganizationConcurrency::refusal() {
  http::Response response = http::Response::error(
      429, "too_many_concurrent_requests",
      "too many requests of this organization are in progress; retry shortly", true);
  response.withHeader("Retry-After", "1");
  return response;
}

int OrganizationConcurrency::inUseForTest(const std::string& organization_id) const {
  std::lock_guard lock(mutex_);
  const auto found = in_use_.find(organization_id);
  return found == in_use_.end() ? 0 : found->second;
}

}  // namespace mensajero::api
