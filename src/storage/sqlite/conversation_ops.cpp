#include "storage/sqlite/conversation_ops.h"

#include "storage/sqlite/ids.h"

namespace mensajero::storage::sqlite {
namespace {

Error recipientMismatch() {
  return makeError(ErrorCategory::Invalid, "conversation_recipient_mismatch",
                   "the conversation belongs to another recipient");
}

Error notFound(const char* code, const char* message) {
  return makeError(ErrorCategory::NotFound, code, message);
}

Result<std::string> createPatient(Connection& db, std::string_view organization_id,
                                  const PatientRecord& patient, UnixMillis at) {
  if (!patient.id.empty()) {
    // A caller-supplied id may name an existing patient, but only one of this organization.
    auto owner = db.prepare("SELECT organization_id FROM patients WHERE id = ?1");
    if (!owner) return owner.error();
    owner->bindText(1, patient.id);
    auto row = owner->next();
    if (!row) return row.error();
    if (*row) {
      if (owner->text(0) != organization_id) return notFound("patient_not_found", "no patient");
      return patient.id;
    }
  }
  if (patient.id.empty() && !patient.phone.empty()) {
    // One patient per phone number: a conversation on another channel (SMS after WhatsApp)
    // belongs to the patient the number already names.
    auto known = db.prepare(
        "SELECT id FROM patients WHERE organization_id = ?1 AND phone = ?2 "
        "ORDER BY created_at, id LIMIT 1");
    if (!known) return known.error();
    known->bindText(1, organization_id);
    known->bindText(2, patient.phone);
    auto row = known->next();
    if (!row) return row.error();
    if (*row) return known->text(0);
  }
  std::string id = patient.id.empty() ? newId() : patient.id;
  auto insert = db.prepare(
      "INSERT INTO patients (id, organization_id, name, phone, whatsapp_id, created_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
  if (!insert) return insert.error();
  insert->bindText(1, id);
  insert->bindText(2, organization_id);
  insert->bindTextOrNull(3, patient.name);
  insert->bindTextOrNull(4, patient.phone);
  insert->bindTextOrNull(5, patient.whatsapp_id);
  insert->bindTime(6, at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return id;
}

Status fillPatient(Connection& db, std::string_view id, const PatientRecord& patient,
                   UnixMillis at) {
  // Writes only when a field is missing and now known, so a returning contact costs no write.
  auto update = db.prepare(
      "UPDATE patients SET name = coalesce(name, ?2), phone = coalesce(phone, ?3), "
      "whatsapp_id = coalesce(whatsapp_id, ?4), updated_at = ?5 WHERE id = ?1 AND ("
      "(name IS NULL AND ?2 IS NOT NULL) OR (phone IS NULL AND ?3 IS NOT NULL) OR "
      "(whatsapp_id IS NULL AND ?4 IS NOT NULL))");
  if (!update) return update.error();
  update->bindText(1, id);
  update->bindTextOrNull(2, patient.name);
  update->bindTextOrNull(3, patient.phone);
  update->bindTextOrNull(4, patient.whatsapp_id);
  update->bindTime(5, at);
  return update->run();
}

Status linkPatient(Connection& db, std::string_view conversation_id, std::string_view patient_id,
                   UnixMillis at) {
  auto update =
      db.prepare("UPDATE message_conversations SET patient_id = ?2, updated_at = ?3 WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, conversation_id);
  update->bindText(2, patient_id);
  update->bindTime(3, at);
  return update->run();
}

Result<std::string> insertConversation(Connection& db, const ConversationKey& key,
                                       std::string_view patient_id, UnixMillis at) {
  std::string id = newId();
  auto insert = db.prepare(
      "INSERT INTO message_conversations (id, organization_id, patient_id, channel_type, "
      "channel_identifier, status, metadata, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 'active', '{}', ?6, ?6)");
  if (!insert) return insert.error();
  insert->bindText(1, id);
  insert->bindText(2, key.organization_id);
  insert->bindText(3, patient_id);
  insert->bindText(4, domain::toText(key.channel_type));
  insert->bindText(5, key.channel_identifier);
  insert->bindTime(6, at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return id;
}

}  // namespace

Result<std::string> findOrCreateConversation(Connection& db, const ConversationKey& key,
                                             const PatientRecord& patient, UnixMillis at) {
  std::optional<std::string> id;
  std::optional<std::string> patient_id;
  {
    auto select = db.prepare(
        "SELECT id, patient_id FROM message_conversations "
        "WHERE organization_id = ?1 AND channel_type = ?2 AND channel_identifier = ?3");
    if (!select) return select.error();
    select->bindText(1, key.organization_id);
    select->bindText(2, domain::toText(key.channel_type));
    select->bindText(3, key.channel_identifier);
    auto row = select->next();
    if (!row) return row.error();
    if (*row) {
      id = select->text(0);
      patient_id = select->optText(1);
    }
  }
  if (id && patient_id) {
    if (Status filled = fillPatient(db, *patient_id, patient, at); !filled) return filled.error();
    return *id;
  }
  auto created_patient = createPatient(db, key.organization_id, patient, at);
  if (!created_patient) return created_patient.error();
  if (!id) return insertConversation(db, key, *created_patient, at);
  if (Status linked = linkPatient(db, *id, *created_patient, at); !linked) return linked.error();
  return *id;
}

Status requireConversation(Connection& db, const ConversationKey& key, std::string_view id) {
  auto select = db.prepare(
      "SELECT channel_type, channel_identifier FROM message_conversations "
      "WHERE id = ?1 AND organization_id = ?2");
  if (!select) return select.error();
  select->bindText(1, id);
  select->bindText(2, key.organization_id);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return notFound("conversation_not_found", "conversation not found");
  if (!key.channel_identifier.empty() && (select->text(0) != domain::toText(key.channel_type) ||
                                          select->text(1) != key.channel_identifier)) {
    return recipientMismatch();
  }
  return {};
}

}  // namespace mensajero::storage::sqlite
