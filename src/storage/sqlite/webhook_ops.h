#pragma once

#include <vector>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// Webhook deliveries and their processing, as the Store methods of the same names describe
// them. Write functions expect to run inside the writer's transaction.
namespace mensajero::storage::sqlite {

// One statement, so it needs no savepoint of its own. Gives the record an id if it has none.
Result<WebhookAppend> appendWebhook(Connection& db, WebhookLogRecord& record);
Result<std::vector<WebhookLogRecord>> listUnprocessedWebhooks(Connection& db, int limit);
// Event keys are remembered with the received_at of their webhook row (the event's own time
// when the row is missing), so purging follows the same clock that stamped the deliveries.
Result<WebhookApplyCounts> applyWebhookWork(Connection& db, const std::vector<WebhookWork>& batch);
Result<int> purgeEventKeysBefore(Connection& db, UnixMillis cutoff);

}  // namespace mensajero::storage::sqlite
