#pragma once

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// A message's move to a later step of its channel plan, as Store::advanceChannelPlan
// describes it. Expects a write transaction.
namespace mensajero::storage::postgres {

Result<AttemptApplied> advanceChannelPlan(PgConnection& db, const PlanAdvanceRecord& advance);

}  // namespace mensajero::storage::postgres
