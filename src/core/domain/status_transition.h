#pragma once

#include "core/domain/delivery_status.h"

// The forward-only rule for an outbound message's status. Provider status events arrive late,
// twice and out of order; a status never moves back, so the last word is the furthest one.
namespace mensajero::domain {

// True when a message at `from` moves to `to`: Pending < Sent < Delivered < Read, each only
// forward (a step may be skipped: Read straight from Sent); Failed only from Pending or Sent
// (a delivered message stays delivered); Failed and Rejected are terminal; nothing moves back
// to Pending.
bool advances(DeliveryStatus from, DeliveryStatus to);

// The timestamps a move to `to` sets when they are still empty. A status that skipped steps
// (Read before Delivered) also dates the steps it skipped, with its own time.
struct StatusDates {
  bool sent_at = false;
  bool delivered_at = false;
  bool read_at = false;
};
StatusDates datesSetBy(DeliveryStatus to);

}  // namespace mensajero::domain
