#include "storage/sqlite/rows.h"

#include "storage/common/column_enums.h"

namespace mensajero::storage::sqlite {

OrganizationRecord readOrganization(const Statement& row) {
  OrganizationRecord organization;
  organization.id = row.text(0);
  organization.name = row.text(1);
  organization.default_region = row.text(2);
  organization.created_at = row.time(3);
  return organization;
}

ApiKeyRecord readApiKey(const Statement& row) {
  ApiKeyRecord key;
  key.id = row.text(0);
  key.organization_id = row.text(1);
  key.name = row.text(2);
  key.key_hash = row.text(3);
  key.created_at = row.time(4);
  key.scopes = row.text(5);
  key.revoked_at = row.optTime(6);
  return key;
}

ChannelInstanceRecord readChannel(const Statement& row) {
  ChannelInstanceRecord channel;
  channel.id = row.text(0);
  channel.organization_id = row.text(1);
  channel.channel_type = common::channelTypeColumn(row.text(2));
  channel.provider = row.text(3);
  channel.provider_config = row.text(4);
  channel.status = row.text(5);
  channel.health_status = row.text(6);
  channel.last_health_check = row.optTime(7);
  channel.error_count = static_cast<int>(row.integer(8));
  channel.last_error = row.text(9);
  channel.created_at = row.time(10);
  channel.updated_at = row.time(11);
  return channel;
}

PatientRecord readPatient(const Statement& row) {
  PatientRecord patient;
  patient.id = row.text(0);
  patient.organization_id = row.text(1);
  patient.name = row.text(2);
  patient.phone = row.text(3);
  patient.whatsapp_id = row.text(4);
  return patient;
}

ConversationRecord readConversation(const Statement& row) {
  ConversationRecord conversation;
  conversation.id = row.text(0);
  conversation.organization_id = row.text(1);
  conversation.patient_id = row.optText(2);
  conversation.channel_type = common::channelTypeColumn(row.text(3));
  conversation.channel_identifier = row.text(4);
  conversation.status = row.text(5);
  conversation.metadata = row.text(6);
  conversation.created_at = row.time(7);
  conversation.updated_at = row.time(8);
  conversation.last_inbound_at = row.optTime(9);
  return conversation;
}

MessageRecord readMessage(const Statement& row) {
  MessageRecord message;
  message.id = row.text(0);
  message.conversation_id = row.text(1);
  message.direction = common::directionColumn(row.text(2));
  message.content = row.text(3);
  message.message_type = row.text(4);
  message.delivery_status = common::deliveryStatusColumn(row.text(5));
  message.external_id = row.optText(6);
  message.error_code = row.optText(7);
  message.error_message = row.optText(8);
  message.metadata = row.text(9);
  message.channel_instance_id = row.optText(10);
  message.recipient = row.text(11);
  message.priority = common::priorityColumn(row.text(12));
  message.created_at = row.time(13);
  message.sent_at = row.optTime(14);
  message.delivered_at = row.optTime(15);
  message.read_at = row.optTime(16);
  message.attempts = static_cast<int>(row.integer(17));
  message.next_attempt_at = row.time(18);
  message.lease_until = row.optTime(19);
  message.lease_owner = row.text(20);
  message.content_json = row.optText(21);
  message.channel_plan = row.text(22);
  message.plan_step = static_cast<int>(row.integer(23));
  return message;
}

WebhookLogRecord readWebhook(const Statement& row) {
  WebhookLogRecord webhook;
  webhook.id = row.text(0);
  webhook.organization_id = row.text(1);
  webhook.provider = row.text(2);
  webhook.event_type = row.text(3);
  webhook.payload = row.text(4);
  webhook.payload_hash = row.text(5);
  webhook.status = row.text(6);
  webhook.error_message = row.optText(7);
  if (!row.isNull(8)) webhook.processing_time_ms = static_cast<int>(row.integer(8));
  webhook.received_at = row.time(9);
  return webhook;
}

}  // namespace mensajero::storage::sqlite
