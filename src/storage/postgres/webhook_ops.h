#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// Webhook deliveries and their processing, as the Store methods of the same names describe
// them. Write functions expect to run inside the caller's transaction.
namespace mensajero::storage::postgres {

// Invalid when the record cannot be stored as given (a malformed id), checked before the
// writer puts it into a shared transaction.
Status validateWebhook(const WebhookLogRecord& record);
// One statement; the unique (organization_id, payload_hash) decides duplicates, in this process
// or any other.
Result<WebhookAppend> appendWebhook(PgConnection& db, const WebhookLogRecord& record);
// appendWebhook for each record, pipelined (one round trip for the batch): the batch writer's
// way. Fails as a whole when one record is invalid or one insert fails; the transaction is
// then aborted.
Result<std::vector<std::optional<Result<WebhookAppend>>>> appendWebhooks(
    PgConnection& db, const std::vector<WebhookLogRecord*>& records);
Result<std::vector<WebhookLogRecord>> listUnprocessedWebhooks(PgConnection& db, int limit);
// Event keys are remembered with the received_at of their webhook row (the event's own time
// when the row is missing), so purging follows the same clock that stamped the deliveries.
Result<WebhookApplyCounts> applyWebhookWork(PgConnection& db,
                                            const std::vector<WebhookWork>& batch);
// Deletes at most `limit` event keys; the store repeats it until fewer go.
Result<int> purgeEventKeysBefore(PgConnection& db, UnixMillis cutoff, int limit);

}  // namespace mensajero::storage::postgres
