#include "storage/postgres/plan_ops.h"

#include "storage/postgres/outbox_ops.h"
#include "storage/postgres/pg_params.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {

Result<AttemptApplied> advanceChannelPlan(PgConnection& db, const PlanAdvanceRecord& advance) {
  if (advance.to_step <= advance.from_step || !isUuid(advance.channel_instance_id)) {
    return makeError(ErrorCategory::Invalid, "invalid_plan_step",
                     "a message only moves forward in its plan, to a known instance");
  }
  if (!isUuid(advance.message_id)) return AttemptApplied::LeaseLost;
  // One statement checks the lease, the status and the step and moves the message under its
  // row lock: no claim takes it between the check and the move, and a second advance from
  // the same step changes nothing.
  const std::optional<std::string> none;
  const auto& left = advance.left_attempt;
  auto moved = db.run(
      "UPDATE messages SET plan_step = $4, channel_instance_id = $5, recipient = $6, "
      "attempts = 1, error_code = $7, error_message = $8 WHERE id = $1 AND lease_owner = $2 "
      "AND plan_step = $3 AND delivery_status = 'pending' AND direction = 'outbound'",
      PgParams()
          .id(advance.message_id)
          .text(advance.lease_owner)
          .integer(advance.from_step)
          .integer(advance.to_step)
          .id(advance.channel_instance_id)
          .text(advance.recipient)
          .optText(left ? left->error_code : none)
          .optText(left ? left->error_message : none));
  if (!moved) return moved.error();
  if (moved->affected() == 0) return AttemptApplied::LeaseLost;
  if (left) {
    SendAttemptRecord attempt = *left;
    attempt.outcome =
        domain::AttemptOutcome::Failed;  // on that channel; the message itself goes on
    if (Status recorded = insertAttemptRow(db, attempt); !recorded) return recorded.error();
  }
  return AttemptApplied::Applied;
}

}  // namespace mensajero::storage::postgres
