#include "storage/postgres/rows.h"

#include "storage/common/column_enums.h"

namespace mensajero::storage::postgres {

OrganizationRecord readOrganization(const PgResult& rows, int row) {
  OrganizationRecord organization;
  organization.id = rows.text(row, 0);
  organization.name = rows.text(row, 1);
  organization.default_region = rows.text(row, 2);
  organization.created_at = rows.time(row, 3);
  return organization;
}

ApiKeyRecord readApiKey(const PgResult& rows, int row) {
  ApiKeyRecord key;
  key.id = rows.text(row, 0);
  key.organization_id = rows.text(row, 1);
  key.name = rows.text(row, 2);
  key.key_hash = rows.text(row, 3);
  key.created_at = rows.time(row, 4);
  key.scopes = rows.text(row, 5);
  key.revoked_at = rows.optTime(row, 6);
  return key;
}

ChannelInstanceRecord readChannel(const PgResult& rows, int row) {
  ChannelInstanceRecord channel;
  channel.id = rows.text(row, 0);
  channel.organization_id = rows.text(row, 1);
  channel.channel_type = common::channelTypeColumn(rows.text(row, 2));
  channel.provider = rows.text(row, 3);
  channel.provider_config = rows.json(row, 4);
  channel.status = rows.text(row, 5);
  channel.health_status = rows.text(row, 6);
  channel.last_health_check = rows.optTime(row, 7);
  channel.error_count = static_cast<int>(rows.integer(row, 8));
  channel.last_error = rows.text(row, 9);
  channel.created_at = rows.time(row, 10);
  channel.updated_at = rows.time(row, 11);
  return channel;
}

PatientRecord readPatient(const PgResult& rows, int row) {
  PatientRecord patient;
  patient.id = rows.text(row, 0);
  patient.organization_id = rows.text(row, 1);
  patient.name = rows.text(row, 2);
  patient.phone = rows.text(row, 3);
  patient.whatsapp_id = rows.text(row, 4);
  return patient;
}

ConversationRecord readConversation(const PgResult& rows, int row) {
  ConversationRecord conversation;
  conversation.id = rows.text(row, 0);
  conversation.organization_id = rows.text(row, 1);
  conversation.patient_id = rows.optText(row, 2);
  conversation.channel_type = common::channelTypeColumn(rows.text(row, 3));
  conversation.channel_identifier = rows.text(row, 4);
  conversation.status = rows.text(row, 5);
  conversation.metadata = rows.json(row, 6);
  conversation.created_at = rows.time(row, 7);
  conversation.updated_at = rows.time(row, 8);
  conversation.last_inbound_at = rows.optTime(row, 9);
  return conversation;
}

MessageRecord readMessage(const PgResult& rows, int row) {
  MessageRecord message;
  message.id = rows.text(row, 0);
  message.conversation_id = rows.text(row, 1);
  message.direction = common::directionColumn(rows.text(row, 2));
  message.content = rows.text(row, 3);
  message.message_type = rows.text(row, 4);
  message.delivery_status = common::deliveryStatusColumn(rows.text(row, 5));
  message.external_id = rows.optText(row, 6);
  message.error_code = rows.optText(row, 7);
  message.error_message = rows.optText(row, 8);
  message.metadata = rows.json(row, 9);
  message.channel_instance_id = rows.optText(row, 10);
  message.recipient = rows.text(row, 11);
  message.priority = common::priorityColumn(rows.text(row, 12));
  message.created_at = rows.time(row, 13);
  message.sent_at = rows.optTime(row, 14);
  message.delivered_at = rows.optTime(row, 15);
  message.read_at = rows.optTime(row, 16);
  message.attempts = static_cast<int>(rows.integer(row, 17));
  message.next_attempt_at = rows.time(row, 18);
  message.lease_until = rows.optTime(row, 19);
  message.lease_owner = rows.text(row, 20);
  if (!rows.isNull(row, 21)) message.content_json = rows.json(row, 21);
  message.channel_plan = rows.text(row, 22);
  message.plan_step = static_cast<int>(rows.integer(row, 23));
  return message;
}

WebhookLogRecord readWebhook(const PgResult& rows, int row) {
  WebhookLogRecord webhook;
  webhook.id = rows.text(row, 0);
  webhook.organization_id = rows.text(row, 1);
  webhook.provider = rows.text(row, 2);
  webhook.event_type = rows.text(row, 3);
  webhook.payload = rows.bytes(row, 4);
  webhook.payload_hash = rows.text(row, 5);
  webhook.status = rows.text(row, 6);
  webhook.error_message = rows.optText(row, 7);
  if (!rows.isNull(row, 8)) webhook.processing_time_ms = static_cast<int>(rows.integer(row, 8));
  webhook.received_at = rows.time(row, 9);
  return webhook;
}

}  // namespace mensajero::storage::postgres
