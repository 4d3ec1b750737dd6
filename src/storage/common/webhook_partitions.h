#pragma once

#include <cstddef>
#include <vector>

#include "storage/records.h"

// Splitting a batch of parsed webhooks so that parts can be applied at the same time, each in
// its own transaction on its own connection (PostgresStore: each statement is a round trip to
// the server, so one transaction at a time left the processing far behind ingestion; issue 13).
namespace mensajero::storage::common {

// At most `parts` non-empty parts, each in the batch's order. Work is keyed by what its events
// lock: an inbound message by its sender's conversation (organization and channel
// identifier), a status by its message (organization and provider message id), so events of
// one conversation or one message stay in one part and in order. Transactions of different
// parts touch different rows, except rare cross-row events (a reaction to an outbound message,
// a number change); the database serializes or, on a deadlock, aborts one of them, whose rows
// stay unprocessed and are applied by the next drain.
std::vector<std::vector<WebhookWork>> partitionWebhookWork(const std::vector<WebhookWork>& batch,
                                                           std::size_t parts);

// Adds `part`'s counts to `total`.
void addCounts(WebhookApplyCounts& total, WebhookApplyCounts part);

}  // namespace mensajero::storage::common
