#pragma once

#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/alert_records.h"
#include "storage/postgres/pg_connection.h"

// The alert lease and alert states (tables alert_leases, alert_states) and the delivery
// outcome counts, as the Store methods of the same names describe them. Each runs in the
// caller's transaction.
namespace mensajero::storage::postgres {

Result<bool> acquireAlertLease(PgConnection& db, std::string_view name, std::string_view owner,
                               UnixMillis now, UnixMillis expires_at);
Status releaseAlertLease(PgConnection& db, std::string_view name, std::string_view owner);
Result<std::vector<AlertStateRecord>> listAlertStates(PgConnection& db);
Status saveAlertState(PgConnection& db, const AlertStateRecord& record);
Result<DeliveryOutcomeCounts> countDeliveryOutcomes(PgConnection& db, UnixMillis since);

}  // namespace mensajero::storage::postgres
