#pragma once

#include <utility>

#include <optional>
#include <vector>

#include "common/result.h"
#include "storage/common/column_count.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_result.h"
#include "storage/postgres/pg_sql.h"
#include "storage/records.h"

// Column lists and the readers that turn a row selected with them into a record. A reader
// expects the list's columns at indices 0.. in this order.
#define MENSAJERO_PG_ORGANIZATION_COLUMNS \
  "id, name, default_region, " PG_MILLIS_COLUMN("created_at")
#define MENSAJERO_PG_API_KEY_COLUMNS                        \
  "id, organization_id, name, key_hash, " PG_MILLIS_COLUMN( \
      "created_at") ", scopes, " PG_MILLIS_COLUMN("revoked_at")
#define MENSAJERO_PG_CHANNEL_COLUMNS \
  "id, organization_id, channel_type, provider, provider_config, status, " \
  "health_status, " \
  PG_MILLIS_COLUMN("last_health_check") ", error_count, last_error, "                       \
  PG_MILLIS_COLUMN("created_at") ", " PG_MILLIS_COLUMN("updated_at")
#define MENSAJERO_PG_PATIENT_COLUMNS "id, organization_id, name, phone, whatsapp_id"
#define MENSAJERO_PG_CONVERSATION_COLUMNS                                       \
  "id, organization_id, patient_id, channel_type, channel_identifier, status, " \
  "metadata, " PG_MILLIS_COLUMN("created_at") ", " PG_MILLIS_COLUMN(            \
      "updated_at") ", " PG_MILLIS_COLUMN("last_inbound_at")
#define MENSAJERO_PG_MESSAGE_COLUMNS \
  "id, conversation_id, direction, content, message_type, delivery_status, external_id, "      \
  "error_code, error_message, metadata, channel_instance_id, recipient, priority, "            \
  PG_MILLIS_COLUMN("created_at") ", " PG_MILLIS_COLUMN("sent_at") ", "                         \
  PG_MILLIS_COLUMN("delivered_at") ", " PG_MILLIS_COLUMN("read_at") ", attempts, "             \
  PG_MILLIS_COLUMN("next_attempt_at") ", " PG_MILLIS_COLUMN("lease_until") ", lease_owner, " \
  "content_json, channel_plan, plan_step"
#define MENSAJERO_PG_WEBHOOK_COLUMNS                                                          \
  "id, organization_id, provider, event_type, payload, payload_hash, status, error_message, " \
  "processing_time_ms, " PG_MILLIS_COLUMN("received_at")

namespace mensajero::storage::postgres {

OrganizationRecord readOrganization(const PgResult& rows, int row);
ApiKeyRecord readApiKey(const PgResult& rows, int row);
ChannelInstanceRecord readChannel(const PgResult& rows, int row);
PatientRecord readPatient(const PgResult& rows, int row);
ConversationRecord readConversation(const PgResult& rows, int row);
MessageRecord readMessage(const PgResult& rows, int row);
// How many columns MENSAJERO_PG_MESSAGE_COLUMNS lists (the index of a column selected after
// them).
inline constexpr int kMessageColumnCount = common::columnCount(MENSAJERO_PG_MESSAGE_COLUMNS);
WebhookLogRecord readWebhook(const PgResult& rows, int row);

// The first row of `rows` read with `read`, or nullopt when there is none.
template <typename Reader>
auto firstRow(const PgResult& rows, Reader read) -> std::optional<decltype(read(rows, 0))> {
  if (rows.empty()) return std::nullopt;
  return read(rows, 0);
}

// Every row of `rows` read with `read`.
template <typename Reader>
auto allRows(const PgResult& rows, Reader read) -> std::vector<decltype(read(rows, 0))> {
  std::vector<decltype(read(rows, 0))> records;
  records.reserve(static_cast<std::size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) records.push_back(read(rows, row));
  return records;
}

// Runs `sql` with `params` on `db` and reads the first row (or nullopt) with `read`.
template <typename Reader>
auto queryOne(PgConnection& db, const char* sql, const PgParams& params, Reader read)
    -> Result<std::optional<decltype(read(std::declval<const PgResult&>(), 0))>> {
  auto rows = db.run(sql, params);
  if (!rows) return rows.error();
  return firstRow(*rows, read);
}

// Runs `sql` with `params` on `db` and reads every row with `read`.
template <typename Reader>
auto queryAll(PgConnection& db, const char* sql, const PgParams& params, Reader read)
    -> Result<std::vector<decltype(read(std::declval<const PgResult&>(), 0))>> {
  auto rows = db.run(sql, params);
  if (!rows) return rows.error();
  return allRows(*rows, read);
}

}  // namespace mensajero::storage::postgres
