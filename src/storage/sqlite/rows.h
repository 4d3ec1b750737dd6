#pragma once

#include <utility>

#include <optional>
#include <vector>

#include "common/result.h"
#include "storage/common/column_count.h"
#include "storage/records.h"
#include "storage/sqlite/statement.h"

// Column lists and the readers that turn a row selected with them into a record. A reader
// expects the list's columns at indices 0.. in this order.
#define MENSAJERO_ORGANIZATION_COLUMNS "id, name, default_region, created_at"
#define MENSAJERO_API_KEY_COLUMNS \
  "id, organization_id, name, key_hash, created_at, scopes, revoked_at"
#define MENSAJERO_CHANNEL_COLUMNS                                                         \
  "id, organization_id, channel_type, provider, provider_config, status, health_status, " \
  "last_health_check, error_count, last_error, created_at, updated_at"
#define MENSAJERO_PATIENT_COLUMNS "id, organization_id, name, phone, whatsapp_id"
#define MENSAJERO_CONVERSATION_COLUMNS                                                    \
  "id, organization_id, patient_id, channel_type, channel_identifier, status, metadata, " \
  "created_at, updated_at, last_inbound_at"
#define MENSAJERO_MESSAGE_COLUMNS                                                               \
  "id, conversation_id, direction, content, message_type, delivery_status, external_id, "       \
  "error_code, error_message, metadata, channel_instance_id, recipient, priority, created_at, " \
  "sent_at, delivered_at, read_at, attempts, next_attempt_at, lease_until, lease_owner, "       \
  "content_json, channel_plan, plan_step"
#define MENSAJERO_WEBHOOK_COLUMNS                                                             \
  "id, organization_id, provider, event_type, payload, payload_hash, status, error_message, " \
  "processing_time_ms, received_at"

namespace mensajero::storage::sqlite {

OrganizationRecord readOrganization(const Statement& row);
ApiKeyRecord readApiKey(const Statement& row);
ChannelInstanceRecord readChannel(const Statement& row);
PatientRecord readPatient(const Statement& row);
ConversationRecord readConversation(const Statement& row);
MessageRecord readMessage(const Statement& row);
// How many columns MENSAJERO_MESSAGE_COLUMNS lists (the index of a column selected after them).
inline constexpr int kMessageColumnCount = common::columnCount(MENSAJERO_MESSAGE_COLUMNS);
WebhookLogRecord readWebhook(const Statement& row);

// The first row of `statement` read with `read`, or nullopt when there is none.
template <typename Reader>
auto queryOne(Statement& statement, Reader read)
    -> Result<std::optional<decltype(read(statement))>> {
  using Record = decltype(read(statement));
  auto row = statement.next();
  if (!row) return row.error();
  if (!*row) return std::optional<Record>();
  return std::optional<Record>(read(statement));
}

// Every row of `statement` read with `read`.
template <typename Reader>
auto queryAll(Statement& statement, Reader read) -> Result<std::vector<decltype(read(statement))>> {
  std::vector<decltype(read(statement))> records;
  for (;;) {
    auto row = statement.next();
    if (!row) return row.error();
    if (!*row) return records;
    records.push_back(read(statement));
  }
}

}  // namespace mensajero::storage::sqlite
