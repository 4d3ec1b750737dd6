#pragma once

#include <optional>
#include <string>

#include "common/time_format.h"
#include "storage/records.h"

// What a stored Idempotency-Key row means for a new request with that key, decided once for
// both stores (Store::beginIdempotentRequest). A store reads the row, writes what the
// decision asks for, and answers with its outcome.
namespace mensajero::storage::common {

// An idempotency_keys row as read.
struct StoredIdempotencyKey {
  std::string request_hash;
  bool completed = false;  // state 'completed'
  int response_status = 0;
  std::string response_body;
  std::optional<std::string> message_id;
  UnixMillis locked_until = 0;
  UnixMillis expires_at = 0;
};

enum class IdempotencyWrite {
  None,       // the row stays as it is
  ClaimAnew,  // the row expired: write a fresh in-flight claim over it
  RenewLock,  // the request that held the key died: take over its lock
};

struct IdempotencyDecision {
  IdempotencyOutcome outcome;
  IdempotencyWrite write = IdempotencyWrite::None;
};

// The caller owns an expired key anew (Started); another body gets Mismatch; a completed
// request is replayed (Completed); a live claim is InFlight; a dead claim is taken over,
// Orphaned when it had accepted a message (the caller answers from that message), else
// Started.
IdempotencyDecision decideIdempotency(const StoredIdempotencyKey& key,
                                      const IdempotentRequest& request);

}  // namespace mensajero::storage::common
