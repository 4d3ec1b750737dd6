#include "storage/postgres/conversation_ops.h"

#include <optional>

#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

struct ConversationRow {
  std::string id;
  std::optional<std::string> patient_id;
};

ConversationRow readConversationRow(const PgResult& rows, int row) {
  return {rows.text(row, 0), rows.optText(row, 1)};
}

Error recipientMismatch() {
  return makeError(ErrorCategory::Invalid, "conversation_recipient_mismatch",
                   "the conversation belongs to another recipient");
}

Error notFound(const char* code, const char* message) {
  return makeError(ErrorCategory::NotFound, code, message);
}

// The conversation with `key`, or nullopt; NotFound organization_not_found when the
// organization does not exist. One round trip for both: the organization's row is joined to
// the conversation it may have (issue 13: one round trip less per accept).
Result<std::optional<ConversationRow>> selectConversation(PgConnection& db,
                                                          const ConversationKey& key) {
  auto found = db.run(
      "SELECT c.id, c.patient_id FROM organizations o LEFT JOIN message_conversations c ON "
      "c.organization_id = o.id AND c.channel_type = $2 AND c.channel_identifier = $3 "
      "WHERE o.id = $1",
      PgParams()
          .id(key.organization_id)
          .text(domain::toText(key.channel_type))
          .text(key.channel_identifier));
  if (!found) return found.error();
  if (found->empty()) return notFound("organization_not_found", "organization not found");
  if (found->isNull(0, 0)) return std::optional<ConversationRow>();
  return std::optional(readConversationRow(*found, 0));
}

// What findOrCreateConversation's first statement found: the conversation with the key, or
// the one it created, or neither (a concurrent transaction created it first; its insert waited
// for that one to commit, so a following select sees the row).
struct FoundOrCreated {
  std::optional<ConversationRow> found;
  std::optional<std::string> created;
};

// The conversation with `key`, created when there is none, in one statement (issue 13: a
// round trip less per new sender): the organization's row is joined to the conversation it
// may have, and the insert runs only when it has none. NotFound organization_not_found when
// the organization does not exist.
Result<FoundOrCreated> selectOrInsertConversation(PgConnection& db, const ConversationKey& key,
                                                  UnixMillis at) {
  auto rows = db.run(
      "WITH found AS (SELECT c.id, c.patient_id FROM organizations o LEFT JOIN "
      "message_conversations c ON c.organization_id = o.id AND c.channel_type = $2 AND "
      "c.channel_identifier = $3 WHERE o.id = $1), created AS (INSERT INTO "
      "message_conversations (organization_id, channel_type, channel_identifier, status, "
      "metadata, created_at, updated_at) SELECT $1::uuid, $2::text, $3::text, 'active', '{}', "
      "$4::timestamptz, $4::timestamptz FROM found WHERE found.id IS NULL "
      "ON CONFLICT (organization_id, channel_type, channel_identifier) DO NOTHING RETURNING id) "
      "SELECT found.id, found.patient_id, (SELECT id FROM created) FROM found",
      PgParams()
          .id(key.organization_id)
          .text(domain::toText(key.channel_type))
          .text(key.channel_identifier)
          .time(at));
  if (!rows) return rows.error();
  if (rows->empty()) return notFound("organization_not_found", "organization not found");
  FoundOrCreated result;
  if (!rows->isNull(0, 0)) result.found = readConversationRow(*rows, 0);
  if (!rows->isNull(0, 2)) result.created = rows->text(0, 2);
  return result;
}

Result<std::string> createPatient(PgConnection& db, std::string_view organization_id,
                                  const PatientRecord& patient, UnixMillis at) {
  if (!patient.id.empty()) {
    if (!isUuid(patient.id)) return notFound("patient_not_found", "no patient");
    // A caller-supplied id may name an existing patient, but only one of this organization.
    auto owner = db.run("SELECT organization_id = $2 FROM patients WHERE id = $1",
                        PgParams().id(patient.id).id(organization_id));
    if (!owner) return owner.error();
    if (!owner->empty()) {
      if (!owner->boolean(0, 0)) return notFound("patient_not_found", "no patient");
      return patient.id;
    }
  }
  if (patient.id.empty()) {
    // One patient per phone number: a conversation on another channel (SMS after WhatsApp)
    // belongs to the patient the number already names. Looked up and, when there is none,
    // created in one statement (issue 13: a round trip less per new sender); an empty number
    // binds NULL, which names no patient.
    auto known_or_new = db.run(
        "WITH known AS (SELECT id FROM patients WHERE organization_id = $1 AND phone = $3 "
        "ORDER BY created_at, id LIMIT 1), created AS (INSERT INTO patients (id, "
        "organization_id, name, phone, whatsapp_id, created_at, updated_at) SELECT "
        "mensajero_uuid_v7(), $1::uuid, $2::text, $3::text, $4::text, $5::timestamptz, "
        "$5::timestamptz WHERE NOT EXISTS (SELECT 1 FROM known) RETURNING id) "
        "SELECT id FROM known UNION ALL SELECT id FROM created",
        PgParams()
            .id(organization_id)
            .textOrNull(patient.name)
            .textOrNull(patient.phone)
            .textOrNull(patient.whatsapp_id)
            .time(at));
    if (!known_or_new) return known_or_new.error();
    if (known_or_new->empty()) {
      return makeError(ErrorCategory::Internal, "db_error", "patient neither found nor created");
    }
    return known_or_new->text(0, 0);
  }
  auto inserted = db.run(
      "INSERT INTO patients (id, organization_id, name, phone, whatsapp_id, created_at, "
      "updated_at) VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4, $5, $6, $6) "
      "RETURNING id",
      PgParams()
          .id(patient.id)
          .id(organization_id)
          .textOrNull(patient.name)
          .textOrNull(patient.phone)
          .textOrNull(patient.whatsapp_id)
          .time(at));
  if (!inserted) return inserted.error();
  return inserted->text(0, 0);
}

Status fillPatient(PgConnection& db, std::string_view id, const PatientRecord& patient,
                   UnixMillis at) {
  // Writes only when a field is missing and now known, so a returning contact costs no write.
  // Deferred inside a transaction: nothing reads its result (issue 13).
  return db.runDeferred(
      "UPDATE patients SET name = coalesce(name, $2), phone = coalesce(phone, $3), "
      "whatsapp_id = coalesce(whatsapp_id, $4), updated_at = $5 WHERE id = $1 AND ((name IS NULL "
      "AND $2::text IS NOT NULL) OR "
      "(phone IS NULL AND $3::text IS NOT NULL) OR "
      "(whatsapp_id IS NULL AND $4::text IS NOT NULL))",
      PgParams()
          .id(id)
          .textOrNull(patient.name)
          .textOrNull(patient.phone)
          .textOrNull(patient.whatsapp_id)
          .time(at));
}

// Creates the patient of conversation `id`, which has none and is this transaction's to change.
Status createAndLinkPatient(PgConnection& db, const ConversationKey& key, const std::string& id,
                            const PatientRecord& patient, UnixMillis at) {
  auto created = createPatient(db, key.organization_id, patient, at);
  if (!created) return created.error();
  return db.runDeferred(
      "UPDATE message_conversations SET patient_id = $2, updated_at = $3 WHERE id = $1",
      PgParams().id(id).id(*created).time(at));
}

// Gives a conversation without a patient one. The row lock makes concurrent callers take
// turns, so only the first creates a patient and the others fill it in. NO KEY UPDATE, since
// the key does not change: inserts of messages into the conversation (whose foreign key takes
// KEY SHARE) need not wait for it.
Status attachPatient(PgConnection& db, const ConversationKey& key, const std::string& id,
                     const PatientRecord& patient, UnixMillis at) {
  auto locked =
      db.run("SELECT patient_id FROM message_conversations WHERE id = $1 FOR NO KEY UPDATE",
             PgParams().id(id));
  if (!locked) return locked.error();
  if (!locked->empty() && !locked->isNull(0, 0)) {
    return fillPatient(db, locked->text(0, 0), patient, at);
  }
  return createAndLinkPatient(db, key, id, patient, at);
}

}  // namespace

Result<std::string> findOrCreateConversation(PgConnection& db, const ConversationKey& key,
                                             const PatientRecord& patient, UnixMillis at) {
  auto first = selectOrInsertConversation(db, key, at);
  if (!first) return first.error();
  if (first->created) {
    // No other transaction sees the new row before this one commits: no lock to take.
    Status attached = createAndLinkPatient(db, key, *first->created, patient, at);
    if (!attached) return attached.error();
    return std::move(*first->created);
  }
  Result<std::optional<ConversationRow>> found = std::move(first->found);
  if (!*found) {
    found = selectConversation(db, key);
    if (!found) return found.error();
    if (!*found) {
      return makeError(ErrorCategory::Internal, "db_error", "conversation vanished after insert");
    }
  }
  const ConversationRow& conversation = **found;
  Status ready = conversation.patient_id ? fillPatient(db, *conversation.patient_id, patient, at)
                                         : attachPatient(db, key, conversation.id, patient, at);
  if (!ready) return ready.error();
  return conversation.id;
}

Status requireConversation(PgConnection& db, const ConversationKey& key, std::string_view id) {
  auto found = db.run(
      "SELECT channel_type, channel_identifier FROM message_conversations "
      "WHERE id = $1 AND organization_id = $2",
      PgParams().id(id).id(key.organization_id));
  if (!found) return found.error();
  if (found->empty()) return notFound("conversation_not_found", "conversation not found");
  if (!key.channel_identifier.empty() && (found->text(0, 0) != domain::toText(key.channel_type) ||
                                          found->text(0, 1) != key.channel_identifier)) {
    return recipientMismatch();
  }
  return {};
}

}  // namespace mensajero::storage::postgres
