#include "storage/postgres/accept_batch.h"

#include <array>
#include <string>

#include "common/time_format.h"
#include "storage/common/initial_lease.h"
#include "storage/postgres/pg_array.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

// A batch of accepts as one statement (issue 13: pipelined, a statement per accept cost the
// server its executor start and the check constraints' parsing once per accept, about 260 µs
// of CPU each; here they are paid once per batch). The rows travel as one array per column
// ($1-$20, in the order of enum Column) and are read back with WITH ORDINALITY, so each result
// row names the message it accepted by its position (n, from 1).
//   keys    one row per conversation key: its first accept's time, and the first non-null
//           patient fields in batch order, for a new key's patient (what accepting them one by one
//           would leave).
//   found   keys whose conversation exists. `fills` gathers, per patient (the conversations
//           of one number on two channels share one), the first non-null fields its accepts
//           give in batch order, and `filled` gives the patient those it lacks.
//   fresh   keys to create: no conversation, a known organization, and a phone number that
//           no patient of the organization has, no key found shares, and no key earlier in
//           the batch shares (the later ones join that key's patient the long way).
//   created the conversations, each naming a patient id drawn first, inserted in key order
//           so that two writers take the unique index's locks in the same order; `patient`
//           inserts those patients (the foreign keys are checked at the statement's end).
//   inserted the messages of every key found with a patient or created.
// A key left out (a conversation without a patient, a patient known by the phone number, an
// unknown organization, a conversation another transaction created first, a phone shared
// with a found or earlier key of the batch) accepts none of its messages; they go the long way.
constexpr const char* kAcceptBatch =
    "WITH input AS MATERIALIZED (SELECT t.*, mensajero_uuid_v7() AS message_id FROM unnest("
    "$1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], "
    "$7::text[], $8::text[], $9::text[], $10::text[], $11::uuid[], $12::text[], $13::text[], "
    "$14::integer[], $15::timestamptz[], $16::text[], $17::timestamptz[], $18::text[], "
    "$19::integer[], $20::uuid[]) WITH ORDINALITY AS t(org, channel, identifier, accepted_at, "
    "phone, patient_name, whatsapp_id, content, message_type, metadata, instance, recipient, "
    "priority, attempts, next_attempt_at, lease_owner, lease_until, channel_plan, plan_step, "
    "template_id, n)), "
    "keys AS (SELECT org, channel, identifier, min(n) AS first_n, "
    "(array_agg(accepted_at ORDER BY n))[1] AS accepted_at, "
    "(array_agg(phone ORDER BY n) FILTER (WHERE phone IS NOT NULL))[1] AS phone, "
    "(array_agg(patient_name ORDER BY n) FILTER (WHERE patient_name IS NOT NULL))[1] "
    "AS patient_name, "
    "(array_agg(whatsapp_id ORDER BY n) FILTER (WHERE whatsapp_id IS NOT NULL))[1] "
    "AS whatsapp_id FROM input GROUP BY org, channel, identifier), "
    "found AS (SELECT k.*, c.id, c.patient_id FROM keys k JOIN message_conversations c "
    "ON c.organization_id = k.org AND c.channel_type = k.channel "
    "AND c.channel_identifier = k.identifier), "
    "fills AS (SELECT f.patient_id, "
    "(array_agg(i.patient_name ORDER BY i.n) FILTER (WHERE i.patient_name IS NOT NULL))[1] "
    "AS patient_name, "
    "(array_agg(i.phone ORDER BY i.n) FILTER (WHERE i.phone IS NOT NULL))[1] AS phone, "
    "(array_agg(i.whatsapp_id ORDER BY i.n) FILTER (WHERE i.whatsapp_id IS NOT NULL))[1] "
    "AS whatsapp_id, max(i.accepted_at) AS accepted_at FROM found f JOIN input i "
    "ON i.org = f.org AND i.channel = f.channel AND i.identifier = f.identifier "
    "WHERE f.patient_id IS NOT NULL GROUP BY f.patient_id), "
    "filled AS (UPDATE patients p SET name = coalesce(p.name, x.patient_name), "
    "phone = coalesce(p.phone, x.phone), whatsapp_id = coalesce(p.whatsapp_id, x.whatsapp_id), "
    "updated_at = x.accepted_at FROM fills x WHERE p.id = x.patient_id AND "
    "((p.name IS NULL AND x.patient_name IS NOT NULL) OR (p.phone IS NULL AND x.phone IS NOT "
    "NULL) OR (p.whatsapp_id IS NULL AND x.whatsapp_id IS NOT NULL))), "
    "fresh AS (SELECT k.* FROM keys k WHERE NOT EXISTS (SELECT 1 FROM found f "
    "WHERE f.first_n = k.first_n) "
    "AND EXISTS (SELECT 1 FROM organizations o WHERE o.id = k.org) "
    "AND (k.phone IS NULL OR (NOT EXISTS (SELECT 1 FROM patients p "
    "WHERE p.organization_id = k.org AND p.phone = k.phone) "
    "AND NOT EXISTS (SELECT 1 FROM keys other WHERE other.org = k.org "
    "AND other.phone = k.phone AND other.first_n <> k.first_n AND (other.first_n < k.first_n "
    "OR EXISTS (SELECT 1 FROM found f WHERE f.first_n = other.first_n)))))), "
    "created AS (INSERT INTO message_conversations (organization_id, channel_type, "
    "channel_identifier, status, metadata, created_at, updated_at, patient_id) "
    "SELECT org, channel, identifier, 'active', '{}', accepted_at, accepted_at, "
    "mensajero_uuid_v7() FROM fresh ORDER BY org, channel, identifier "
    "ON CONFLICT (organization_id, channel_type, channel_identifier) DO NOTHING "
    "RETURNING id, patient_id, organization_id, channel_type, channel_identifier), "
    "patient AS (INSERT INTO patients (id, organization_id, name, phone, whatsapp_id, "
    "created_at, updated_at) SELECT c.patient_id, f.org, f.patient_name, f.phone, "
    "f.whatsapp_id, f.accepted_at, f.accepted_at FROM created c JOIN fresh f "
    "ON f.org = c.organization_id AND f.channel = c.channel_type "
    "AND f.identifier = c.channel_identifier), "
    "target AS (SELECT org, channel, identifier, id FROM found WHERE patient_id IS NOT NULL "
    "UNION ALL SELECT organization_id, channel_type, channel_identifier, id FROM created), "
    "inserted AS (INSERT INTO messages (id, conversation_id, direction, content, message_type, "
    "delivery_status, metadata, created_at, channel_instance_id, recipient, priority, "
    "attempts, next_attempt_at, lease_owner, lease_until, channel_plan, plan_step, "
    "template_id) SELECT i.message_id, t.id, 'outbound', i.content, i.message_type, 'pending', "
    "i.metadata::jsonb, i.accepted_at, i.instance, i.recipient, i.priority, i.attempts, "
    "i.next_attempt_at, i.lease_owner, i.lease_until, i.channel_plan, i.plan_step, "
    "i.template_id FROM input i JOIN target t ON t.org = i.org AND t.channel = i.channel "
    "AND t.identifier = i.identifier ORDER BY i.n RETURNING id, conversation_id) "
    "SELECT i.n, ins.id, ins.conversation_id FROM inserted ins "
    "JOIN input i ON i.message_id = ins.id";

// The statement's columns, $1 to $20 in this order.
enum Column {
  kOrganization,
  kChannel,
  kIdentifier,
  kAcceptedAt,
  kPhone,
  kPatientName,
  kWhatsappId,
  kContent,
  kMessageType,
  kMetadata,
  kInstance,
  kRecipient,
  kPriority,
  kAttempts,
  kNextAttemptAt,
  kLeaseOwner,
  kLeaseUntil,
  kChannelPlan,
  kPlanStep,
  kTemplate,
  kColumnCount
};

using Columns = std::array<PgArrayLiteral, kColumnCount>;

// As PgParams::id binds a row id: text that is not a UUID is NULL, which names no row.
void addId(PgArrayLiteral& column, std::string_view id) {
  if (isUuid(id)) {
    column.add(id);
  } else {
    column.addNull();
  }
}

void addOptId(PgArrayLiteral& column, const std::optional<std::string>& id) {
  if (id) {
    addId(column, *id);
  } else {
    column.addNull();
  }
}

void addTextOrNull(PgArrayLiteral& column, std::string_view text) {
  if (text.empty()) {
    column.addNull();
  } else {
    column.add(text);
  }
}

void addTime(PgArrayLiteral& column, std::optional<UnixMillis> time) {
  if (time) {
    column.add(formatIso8601(*time));
  } else {
    column.addNull();
  }
}

// One message's row, bound as acceptOutbound's one-statement accept binds it.
void addRow(Columns& columns, const NewOutboundMessage& m) {
  const common::InitialLease lease = common::initialLease(m);
  addId(columns[kOrganization], m.organization_id);
  columns[kChannel].add(domain::toText(m.channel_type));
  columns[kIdentifier].add(m.channel_identifier);
  addTime(columns[kAcceptedAt], m.created_at);
  addTextOrNull(columns[kPhone], m.patient.phone);
  addTextOrNull(columns[kPatientName], m.patient.name);
  addTextOrNull(columns[kWhatsappId], m.patient.whatsapp_id);
  columns[kContent].add(m.content);
  columns[kMessageType].add(m.message_type);
  columns[kMetadata].add(m.metadata);
  addOptId(columns[kInstance], m.channel_instance_id);
  columns[kRecipient].add(m.recipient);
  columns[kPriority].add(domain::toText(m.priority));
  columns[kAttempts].addInteger(lease.attempts);
  addTime(columns[kNextAttemptAt], m.next_attempt_at);
  addTextOrNull(columns[kLeaseOwner], lease.owner);
  addTime(columns[kLeaseUntil], lease.until);
  columns[kChannelPlan].add(m.channel_plan);
  columns[kPlanStep].addInteger(m.plan_step);
  addOptId(columns[kTemplate], m.template_id);
}

}  // namespace

Result<std::vector<std::optional<AcceptedMessage>>> acceptTogether(
    PgConnection& db, const std::vector<const NewOutboundMessage*>& messages) {
  std::vector<std::optional<AcceptedMessage>> accepted(messages.size());
  if (messages.empty()) return accepted;
  Columns columns;
  for (const NewOutboundMessage* m : messages) addRow(columns, *m);
  PgParams params;
  for (PgArrayLiteral& column : columns) params.text(column.take());
  // Planned for each batch: the plan depends on the batch's size and on the tables' sizes.
  auto rows = db.runPlannedEachTime(kAcceptBatch, params);
  if (!rows) return rows.error();
  for (int row = 0; row < rows->rows(); ++row) {
    const auto n = static_cast<std::size_t>(rows->integer(row, 0));
    if (n < 1 || n > messages.size()) continue;  // cannot happen: n is an input's position
    accepted[n - 1] = AcceptedMessage{rows->text(row, 1), rows->text(row, 2)};
  }
  return accepted;
}

}  // namespace mensajero::storage::postgres
