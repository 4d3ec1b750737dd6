#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// An organization's record and its channel instances, as the store held them.
struct Tenant {
  storage::OrganizationRecord organization;
  std::vector<storage::ChannelInstanceRecord> channels;
};

// Copies of what every send reads and what an operator rarely changes: each organization's
// record and channel instances (issue 13: reading them took two store calls per accept, 7 % of
// its CPU). A copy is used while the store's directoryGeneration() has not moved since it was
// read, so a change made through this store (a channel disabled, an emergency shutdown) counts
// for the very next send; and for at most kMaxAgeMs, the bound on how late a change made by
// another gateway on the same PostgreSQL is seen.
//
// Thread-safe. Unknown organizations are not kept, nor are failed reads.
class TenantDirectory {
 public:
  static constexpr std::int64_t kMaxAgeMs = 1'000;
  // More organizations than this empties the copies before the next is kept.
  static constexpr std::size_t kMaxTenants = 10'000;

  TenantDirectory(storage::Store& store, const resilience::Clock& clock)
      : store_(store), clock_(clock) {}

  // The organization's record and channels; nullptr when there is no such organization.
  Result<std::shared_ptr<const Tenant>> find(const std::string& organization_id);

 private:
  struct Copy {
    std::shared_ptr<const Tenant> tenant;
    std::uint64_t generation = 0;
    std::int64_t read_at_ms = 0;  // monotonic
  };

  storage::Store& store_;
  const resilience::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Copy, std::less<>> copies_;  // by organization id; guarded by mutex_
};

}  // namespace mensajero::core
