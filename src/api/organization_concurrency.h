#pragma once

#include <utility>

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "http/message.h"

namespace mensajero::api {

// Caps the requests of one organization that hold a blocking thread at the same time, so
// one clinic's burst cannot occupy the whole blocking pool and delay another clinic's
// reads. Over the cap the answer is 429 too_many_concurrent_requests. Thread-safe.
class OrganizationConcurrency {
 public:
  // A held place; gives it back when destroyed. Move-only.
  class Slot {
   public:
    Slot(OrganizationConcurrency* owner, std::string organization_id)
        : owner_(owner), organization_id_(std::move(organization_id)) {}
    Slot(Slot&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)),
          organization_id_(std::move(other.organization_id_)) {}
    Slot& operator=(Slot&&) = delete;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() {
      if (owner_) owner_->release(organization_id_);
    }

   private:
    OrganizationConcurrency* owner_;
    std::string organization_id_;
  };

  // `max_per_organization` >= 1.
  explicit OrganizationConcurrency(int max_per_organization);

  // A place for one more request of the organization, or nullopt when it has the most.
  std::optional<Slot> tryEnter(const std::string& organization_id);
  // The 429 answer for a refused request.
  static http::Response refusal();

  int inUseForTest(const std::string& organization_id) const;

 private:
  void release(const std::string& organization_id);

  const int max_per_organization_;
  mutable std::mutex mutex_;
  std::map<std::string, int> in_use_;  // guarded by mutex_; no zero entries
};

}  // namespace mensajero::api
