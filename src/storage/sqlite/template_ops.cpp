#include "storage/sqlite/template_ops.h"

#include <utility>

#include "storage/common/template_columns.h"
#include "storage/sqlite/account_ops.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/rows.h"

#define MENSAJERO_TEMPLATE_COLUMNS                                                      \
  "id, organization_id, name, language, category, template_content, parameter_format, " \
  "provider_template_id, status, status_reason, quality, created_at, updated_at"

namespace mensajero::storage::sqlite {
namespace {

TemplateRecord readTemplate(const Statement& row) {
  TemplateRecord record;
  record.id = row.text(0);
  record.organization_id = row.text(1);
  record.name = row.text(2);
  record.language = row.text(3);
  record.category = common::templateCategoryColumn(row.text(4));
  record.content_json = row.text(5);
  record.parameter_format = row.text(6);
  record.provider_template_id = row.optText(7);
  record.status = common::templateStatusColumn(row.text(8));
  record.status_reason = row.optText(9);
  record.quality = row.optText(10);
  record.created_at = row.time(11);
  record.updated_at = row.time(12);
  return record;
}

Error notFound() {
  return makeError(ErrorCategory::NotFound, "template_not_found", "template not found");
}

// The row a statement with RETURNING wrote; nullopt when it wrote none. Steps a statement
// that returned a row to its end, so the write is complete (one that returned none is done
// already: stepping it again would run it again).
Result<std::optional<TemplateRecord>> returned(Statement& statement) {
  auto row = queryOne(statement, readTemplate);
  if (!row) return row.error();
  if (!*row) return row;
  if (Status finished = statement.run(); !finished) return finished.error();
  return row;
}

// Binds a whole row, in MENSAJERO_TEMPLATE_COLUMNS order, as ?1..?13 (insert and upsert).
void bindTemplateRow(Statement& statement, const TemplateRecord& record) {
  statement.bindText(1, record.id);
  statement.bindText(2, record.organization_id);
  statement.bindText(3, record.name);
  statement.bindText(4, record.language);
  statement.bindText(5, domain::toText(record.category));
  statement.bindText(6, record.content_json);
  statement.bindText(7, record.parameter_format);
  statement.bindOptText(8, record.provider_template_id);
  statement.bindText(9, domain::toText(record.status));
  statement.bindOptText(10, record.status_reason);
  statement.bindOptText(11, record.quality);
  statement.bindTime(12, record.created_at);
  statement.bindTime(13, record.updated_at);
}

}  // namespace

Result<TemplateRecord> createTemplate(Connection& db, TemplateRecord record) {
  if (Status valid = common::validateTemplateRecord(record); !valid) return valid.error();
  if (Status known = requireOrganization(db, record.organization_id); !known) {
    return known.error();
  }
  if (record.id.empty()) record.id = newId();
  auto insert = db.prepare("INSERT INTO message_templates (" MENSAJERO_TEMPLATE_COLUMNS
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                           "ON CONFLICT (organization_id, name, language) DO NOTHING "
                           "RETURNING " MENSAJERO_TEMPLATE_COLUMNS);
  if (!insert) return insert.error();
  bindTemplateRow(*insert, record);
  auto stored = returned(*insert);
  if (!stored) return stored.error();
  if (!*stored) {
    return makeError(ErrorCategory::Conflict, "template_exists",
                     "a template with this name and language exists");
  }
  return std::move(**stored);
}

Result<std::optional<TemplateRecord>> findTemplate(Connection& db, std::string_view organization_id,
                                                   std::string_view id) {
  auto select = db.prepare("SELECT " MENSAJERO_TEMPLATE_COLUMNS
                           " FROM message_templates WHERE organization_id = ?1 AND id = ?2");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  select->bindText(2, id);
  return queryOne(*select, readTemplate);
}

Result<std::optional<TemplateRecord>> findTemplateByName(Connection& db,
                                                         std::string_view organization_id,
                                                         std::string_view name,
                                                         std::string_view language) {
  auto select = db.prepare("SELECT " MENSAJERO_TEMPLATE_COLUMNS
                           " FROM message_templates WHERE organization_id = ?1 AND name = ?2 "
                           "AND language = ?3");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  select->bindText(2, name);
  select->bindText(3, language);
  return queryOne(*select, readTemplate);
}

Result<std::vector<TemplateRecord>> listTemplates(Connection& db, std::string_view organization_id,
                                                  const TemplateFilter& filter) {
  auto select = db.prepare("SELECT " MENSAJERO_TEMPLATE_COLUMNS
                           " FROM message_templates WHERE organization_id = ?1 "
                           "AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR language = ?3) "
                           "AND (?4 IS NULL OR category = ?4) ORDER BY name, language LIMIT ?5");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  if (filter.status) {
    select->bindText(2, domain::toText(*filter.status));
  } else {
    select->bindNull(2);
  }
  select->bindOptText(3, filter.language);
  if (filter.category) {
    select->bindText(4, domain::toText(*filter.category));
  } else {
    select->bindNull(4);
  }
  select->bindInt(5, common::templateListLimit(filter));
  return queryAll(*select, readTemplate);
}

Result<TemplateRecord> updateTemplate(Connection& db, TemplateRecord record) {
  if (Status valid = common::validateTemplateRecord(record); !valid) return valid.error();
  auto update = db.prepare(
      "UPDATE message_templates SET category = ?3, template_content = ?4, "
      "parameter_format = ?5, provider_template_id = ?6, status = ?7, status_reason = ?8, "
      "quality = ?9, updated_at = ?10 WHERE organization_id = ?1 AND id = ?2 "
      "RETURNING " MENSAJERO_TEMPLATE_COLUMNS);
  if (!update) return update.error();
  update->bindText(1, record.organization_id);
  update->bindText(2, record.id);
  update->bindText(3, domain::toText(record.category));
  update->bindText(4, record.content_json);
  update->bindText(5, record.parameter_format);
  update->bindOptText(6, record.provider_template_id);
  update->bindText(7, domain::toText(record.status));
  update->bindOptText(8, record.status_reason);
  update->bindOptText(9, record.quality);
  update->bindTime(10, record.updated_at);
  auto stored = returned(*update);
  if (!stored) return stored.error();
  if (!*stored) return notFound();
  return std::move(**stored);
}

Result<TemplateRecord> upsertTemplateByName(Connection& db, TemplateRecord record) {
  if (Status valid = common::validateTemplateRecord(record); !valid) return valid.error();
  if (Status known = requireOrganization(db, record.organization_id); !known) {
    return known.error();
  }
  if (record.id.empty()) record.id = newId();
  auto upsert =
      db.prepare("INSERT INTO message_templates (" MENSAJERO_TEMPLATE_COLUMNS
                 ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                 "ON CONFLICT (organization_id, name, language) DO UPDATE SET "
                 "category = excluded.category, template_content = excluded.template_content, "
                 "parameter_format = excluded.parameter_format, "
                 "provider_template_id = excluded.provider_template_id, status = excluded.status, "
                 "status_reason = excluded.status_reason, "
                 "quality = coalesce(excluded.quality, message_templates.quality), "
                 "updated_at = excluded.updated_at "
                 "RETURNING " MENSAJERO_TEMPLATE_COLUMNS);
  if (!upsert) return upsert.error();
  bindTemplateRow(*upsert, record);
  auto stored = returned(*upsert);
  if (!stored) return stored.error();
  if (!*stored) return makeError(ErrorCategory::Internal, "db_error", "upsert returned no row");
  return std::move(**stored);
}

Result<std::optional<TemplateRecord>> setTemplateStatusByProviderId(
    Connection& db, std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, const std::optional<std::string>& reason,
    const std::optional<std::string>& quality) {
  auto update = db.prepare(
      "UPDATE message_templates SET status = ?3, status_reason = ?4, "
      "quality = coalesce(?5, quality), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
      "WHERE organization_id = ?1 AND provider_template_id = ?2 "
      "RETURNING " MENSAJERO_TEMPLATE_COLUMNS);
  if (!update) return update.error();
  update->bindText(1, organization_id);
  update->bindText(2, provider_template_id);
  update->bindText(3, domain::toText(status));
  update->bindOptText(4, reason);
  update->bindOptText(5, quality);
  return returned(*update);
}

}  // namespace mensajero::storage::sqlite
