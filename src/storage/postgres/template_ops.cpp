#include "storage/postgres/template_ops.h"

#include <utility>

#include "storage/common/template_columns.h"
#include "storage/postgres/account_ops.h"
#include "storage/postgres/rows.h"

#define MENSAJERO_PG_TEMPLATE_COLUMNS                                                   \
  "id, organization_id, name, language, category, template_content, parameter_format, " \
  "provider_template_id, status, status_reason, quality, " PG_MILLIS_COLUMN(            \
      "created_at") ", " PG_MILLIS_COLUMN("updated_at")

namespace mensajero::storage::postgres {
namespace {

TemplateRecord readTemplate(const PgResult& rows, int row) {
  TemplateRecord record;
  record.id = rows.text(row, 0);
  record.organization_id = rows.text(row, 1);
  record.name = rows.text(row, 2);
  record.language = rows.text(row, 3);
  record.category = common::templateCategoryColumn(rows.text(row, 4));
  record.content_json = rows.json(row, 5);
  record.parameter_format = rows.text(row, 6);
  record.provider_template_id = rows.optText(row, 7);
  record.status = common::templateStatusColumn(rows.text(row, 8));
  record.status_reason = rows.optText(row, 9);
  record.quality = rows.optText(row, 10);
  record.created_at = rows.time(row, 11);
  record.updated_at = rows.time(row, 12);
  return record;
}

// The parameters $1..$13 in MENSAJERO_PG_TEMPLATE_COLUMNS' order.
PgParams templateParams(const TemplateRecord& record) {
  PgParams params;
  params.id(record.id)
      .id(record.organization_id)
      .text(record.name)
      .text(record.language)
      .text(domain::toText(record.category))
      .text(record.content_json)
      .text(record.parameter_format)
      .optText(record.provider_template_id)
      .text(domain::toText(record.status))
      .optText(record.status_reason)
      .optText(record.quality)
      .time(record.created_at)
      .time(record.updated_at);
  return params;
}

constexpr const char* kInsert =
    "INSERT INTO message_templates (id, organization_id, name, language, category, "
    "template_content, parameter_format, provider_template_id, status, status_reason, quality, "
    "created_at, updated_at) VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4, $5, "
    "$6::jsonb, $7, $8, $9, $10, $11, $12, $13) ";

Status checkNew(PgConnection& db, const TemplateRecord& record) {
  if (Status valid = common::validateTemplateRecord(record); !valid) return valid.error();
  if (Status id = requireNewId(record.id, "template"); !id) return id.error();
  return requireOrganization(db, record.organization_id);
}

}  // namespace

Result<TemplateRecord> createTemplate(PgConnection& db, const TemplateRecord& record) {
  if (Status ok = checkNew(db, record); !ok) return ok.error();
  static const std::string sql = std::string(kInsert) +
                                 "ON CONFLICT (organization_id, name, language) DO NOTHING "
                                 "RETURNING " MENSAJERO_PG_TEMPLATE_COLUMNS;
  auto stored = queryOne(db, sql.c_str(), templateParams(record), readTemplate);
  if (!stored) return stored.error();
  if (!*stored) {
    return makeError(ErrorCategory::Conflict, "template_exists",
                     "a template with this name and language exists");
  }
  return std::move(**stored);
}

Result<std::optional<TemplateRecord>> findTemplate(PgConnection& db,
                                                   std::string_view organization_id,
                                                   std::string_view id) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_TEMPLATE_COLUMNS
                  " FROM message_templates WHERE organization_id = $1 AND id = $2",
                  PgParams().id(organization_id).id(id), readTemplate);
}

Result<std::optional<TemplateRecord>> findTemplateByName(PgConnection& db,
                                                         std::string_view organization_id,
                                                         std::string_view name,
                                                         std::string_view language) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_TEMPLATE_COLUMNS
                  " FROM message_templates WHERE organization_id = $1 AND name = $2 "
                  "AND language = $3",
                  PgParams().id(organization_id).text(name).text(language), readTemplate);
}

Result<std::vector<TemplateRecord>> listTemplates(PgConnection& db,
                                                  std::string_view organization_id,
                                                  const TemplateFilter& filter) {
  PgParams params;
  params.id(organization_id);
  if (filter.status) {
    params.text(domain::toText(*filter.status));
  } else {
    params.null();
  }
  params.optText(filter.language);
  if (filter.category) {
    params.text(domain::toText(*filter.category));
  } else {
    params.null();
  }
  params.integer(common::templateListLimit(filter));
  return queryAll(db,
                  "SELECT " MENSAJERO_PG_TEMPLATE_COLUMNS
                  " FROM message_templates WHERE organization_id = $1 "
                  "AND ($2::text IS NULL OR status = $2) "
                  "AND ($3::text IS NULL OR language = $3) "
                  "AND ($4::text IS NULL OR category = $4) "
                  "ORDER BY name, language LIMIT $5",
                  params, readTemplate);
}

Result<TemplateRecord> updateTemplate(PgConnection& db, const TemplateRecord& record) {
  if (Status valid = common::validateTemplateRecord(record); !valid) return valid.error();
  auto stored =
      queryOne(db,
               "UPDATE message_templates SET category = $3, template_content = $4::jsonb, "
               "parameter_format = $5, provider_template_id = $6, status = $7, status_reason = $8, "
               "quality = $9, updated_at = $10 WHERE organization_id = $1 AND id = $2 "
               "RETURNING " MENSAJERO_PG_TEMPLATE_COLUMNS,
               PgParams()
                   .id(record.organization_id)
                   .id(record.id)
                   .text(domain::toText(record.category))
                   .text(record.content_json)
                   .text(record.parameter_format)
                   .optText(record.provider_template_id)
                   .text(domain::toText(record.status))
                   .optText(record.status_reason)
                   .optText(record.quality)
                   .time(record.updated_at),
               readTemplate);
  if (!stored) return stored.error();
  if (!*stored) {
    return makeError(ErrorCategory::NotFound, "template_not_found", "template not found");
  }
  return std::move(**stored);
}

Result<TemplateRecord> upsertTemplateByName(PgConnection& db, const TemplateRecord& record) {
  if (Status ok = checkNew(db, record); !ok) return ok.error();
  static const std::string sql =
      std::string(kInsert) +
      "ON CONFLICT (organization_id, name, language) DO UPDATE SET "
      "category = excluded.category, template_content = excluded.template_content, "
      "parameter_format = excluded.parameter_format, "
      "provider_template_id = excluded.provider_template_id, status = excluded.status, "
      "status_reason = excluded.status_reason, "
      "quality = coalesce(excluded.quality, message_templates.quality), "
      "updated_at = excluded.updated_at "
      "RETURNING " MENSAJERO_PG_TEMPLATE_COLUMNS;
  auto stored = queryOne(db, sql.c_str(), templateParams(record), readTemplate);
  if (!stored) return stored.error();
  if (!*stored) return makeError(ErrorCategory::Internal, "db_error", "upsert returned no row");
  return std::move(**stored);
}

Result<std::optional<TemplateRecord>> setTemplateStatusByProviderId(
    PgConnection& db, std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, const std::optional<std::string>& reason,
    const std::optional<std::string>& quality) {
  return queryOne(db,
                  "UPDATE message_templates SET status = $3, status_reason = $4, "
                  "quality = coalesce($5, quality), updated_at = now() "
                  "WHERE organization_id = $1 AND provider_template_id = $2 "
                  "RETURNING " MENSAJERO_PG_TEMPLATE_COLUMNS,
                  PgParams()
                      .id(organization_id)
                      .text(provider_template_id)
                      .text(domain::toText(status))
                      .optText(reason)
                      .optText(quality),
                  readTemplate);
}

}  // namespace mensajero::storage::postgres
