// FaultInjectionStore's forwards for the alerting methods (issue 12).
#include "support/fault_injection_store.h"

namespace mensajero::testing {

Result<bool> FaultInjectionStore::acquireAlertLease(std::string_view name, std::string_view owner,
                                                    UnixMillis now, UnixMillis expires_at) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.acquireAlertLease(name, owner, now, expires_at);
}

Status FaultInjectionStore::releaseAlertLease(std::string_view name, std::string_view owner) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.releaseAlertLease(name, owner);
}

Result<std::vector<storage::AlertStateRecord>> FaultInjectionStore::listAlertStates() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listAlertStates();
}

Status FaultInjectionStore::saveAlertState(const storage::AlertStateRecord& record) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.saveAlertState(record);
}

Result<storage::DeliveryOutcomeCounts> FaultInjectionStore::countDeliveryOutcomes(
    UnixMillis since) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.countDeliveryOutcomes(since);
}

}  // namespace mensajero::testing
