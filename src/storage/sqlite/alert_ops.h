#pragma once

#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/alert_records.h"
#include "storage/sqlite/connection.h"

// The alert lease and alert states (tables alert_leases, alert_states) and the delivery
// outcome counts, as the Store methods of the same names describe them. Writes run inside the
// writer's transaction (the single writer makes each atomic); reads on a read connection.
namespace mensajero::storage::sqlite {

Result<bool> acquireAlertLease(Connection& db, std::string_view name, std::string_view owner,
                               UnixMillis now, UnixMillis expires_at);
Status releaseAlertLease(Connection& db, std::string_view name, std::string_view owner);
Result<std::vector<AlertStateRecord>> listAlertStates(Connection& db);
Status saveAlertState(Connection& db, const AlertStateRecord& record);
Result<DeliveryOutcomeCounts> countDeliveryOutcomes(Connection& db, UnixMillis since);

}  // namespace mensajero::storage::sqlite
