#pragma once

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// A message's move to a later step of its channel plan, as Store::advanceChannelPlan
// describes it. Runs inside the writer's transaction.
namespace mensajero::storage::sqlite {

Result<AttemptApplied> advanceChannelPlan(Connection& db, const PlanAdvanceRecord& advance);

}  // namespace mensajero::storage::sqlite
