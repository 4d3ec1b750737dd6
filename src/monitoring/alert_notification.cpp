#include "monitoring/alert_notification.h"

namespace mensajero::monitoring {

const char* toString(AlertNotification::Kind kind) {
  switch (kind) {
    case AlertNotification::Kind::Trigger:
      return "trigger";
    case AlertNotification::Kind::Repeat:
      return "repeat";
    case AlertNotification::Kind::Resolve:
      return "resolve";
  }
  return "trigger";
}

}  // namespace mensajero::monitoring
