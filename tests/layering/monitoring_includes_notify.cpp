// In monitoring's position: monitoring defines the AlertNotifier seam; the notifiers implement
// it in notify/, which depends on monitoring, never the other way round.
#include "notify/notifier_factory.h"
