#include "storage/common/idempotency_decision.h"

namespace mensajero::storage::common {

IdempotencyDecision decideIdempotency(const StoredIdempotencyKey& key,
                                      const IdempotentRequest& request) {
  IdempotencyDecision decision;
  IdempotencyOutcome& outcome = decision.outcome;
  if (key.expires_at < request.now) {
    decision.write = IdempotencyWrite::ClaimAnew;
    outcome.state = IdempotencyState::Started;
  } else if (key.request_hash != request.request_hash) {
    outcome.state = IdempotencyState::Mismatch;
  } else if (key.completed) {
    outcome.state = IdempotencyState::Completed;
    outcome.response_status = key.response_status;
    outcome.response_body = key.response_body;
  } else if (key.locked_until >= request.now) {
    outcome.state = IdempotencyState::InFlight;
  } else {
    // The request that held the key died: whoever asks next finishes its work.
    decision.write = IdempotencyWrite::RenewLock;
    outcome.state = key.message_id ? IdempotencyState::Orphaned : IdempotencyState::Started;
    outcome.message_id = key.message_id;
  }
  return decision;
}

}  // namespace mensajero::storage::common
