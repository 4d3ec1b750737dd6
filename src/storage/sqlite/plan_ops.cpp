#include "storage/sqlite/plan_ops.h"

#include "storage/sqlite/outbox_ops.h"

namespace mensajero::storage::sqlite {

Result<AttemptApplied> advanceChannelPlan(Connection& db, const PlanAdvanceRecord& advance) {
  if (advance.to_step <= advance.from_step || advance.channel_instance_id.empty()) {
    return makeError(ErrorCategory::Invalid, "invalid_plan_step",
                     "a message only moves forward in its plan, to a known instance");
  }
  // One statement checks the lease, the status and the step and moves the message: nothing
  // can claim it between the check and the move, and a second advance from the same step
  // changes nothing.
  auto update = db.prepare(
      "UPDATE messages SET plan_step = ?4, channel_instance_id = ?5, recipient = ?6, "
      "attempts = 1, error_code = ?7, error_message = ?8 WHERE id = ?1 AND lease_owner = ?2 "
      "AND plan_step = ?3 AND delivery_status = 'pending' AND direction = 'outbound'");
  if (!update) return update.error();
  update->bindText(1, advance.message_id);
  update->bindText(2, advance.lease_owner);
  update->bindInt(3, advance.from_step);
  update->bindInt(4, advance.to_step);
  update->bindText(5, advance.channel_instance_id);
  update->bindText(6, advance.recipient);
  if (advance.left_attempt) {
    update->bindOptText(7, advance.left_attempt->error_code);
    update->bindOptText(8, advance.left_attempt->error_message);
  } else {
    update->bindNull(7);
    update->bindNull(8);
  }
  if (Status moved = update->run(); !moved) return moved.error();
  if (update->changes() == 0) return AttemptApplied::LeaseLost;
  if (advance.left_attempt) {
    SendAttemptRecord left = *advance.left_attempt;
    left.outcome = domain::AttemptOutcome::Failed;  // on that channel; the message itself goes on
    if (Status recorded = insertAttemptRow(db, left); !recorded) return recorded.error();
  }
  return AttemptApplied::Applied;
}

}  // namespace mensajero::storage::sqlite
