#include "core/domain/status_transition.h"

namespace mensajero::domain {
namespace {

// A status's place on the way to the patient; -1 off that way (terminal).
int stepOf(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::Pending:
      return 0;
    case DeliveryStatus::Sent:
      return 1;
    case DeliveryStatus::Delivered:
      return 2;
    case DeliveryStatus::Read:
      return 3;
    case DeliveryStatus::Failed:
    case DeliveryStatus::Rejected:
      return -1;
  }
  return -1;
}

}  // namespace

bool advances(DeliveryStatus from, DeliveryStatus to) {
  if (to == DeliveryStatus::Failed) {
    return from == DeliveryStatus::Pending || from == DeliveryStatus::Sent;
  }
  const int current = stepOf(from);
  return current >= 0 && stepOf(to) > current;
}

StatusDates datesSetBy(DeliveryStatus to) {
  const int step = stepOf(to);
  return StatusDates{step >= 1, step >= 2, step >= 3};
}

}  // namespace mensajero::domain
