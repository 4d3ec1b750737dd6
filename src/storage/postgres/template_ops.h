#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// Message templates, as the Store methods of the same names describe them. Write functions
// run inside the caller's transaction and may run again on a serialization failure, so they
// take their records by reference.
namespace mensajero::storage::postgres {

Result<TemplateRecord> createTemplate(PgConnection& db, const TemplateRecord& record);
Result<std::optional<TemplateRecord>> findTemplate(PgConnection& db,
                                                   std::string_view organization_id,
                                                   std::string_view id);
Result<std::optional<TemplateRecord>> findTemplateByName(PgConnection& db,
                                                         std::string_view organization_id,
                                                         std::string_view name,
                                                         std::string_view language);
Result<std::vector<TemplateRecord>> listTemplates(PgConnection& db,
                                                  std::string_view organization_id,
                                                  const TemplateFilter& filter);
Result<TemplateRecord> updateTemplate(PgConnection& db, const TemplateRecord& record);
Result<TemplateRecord> upsertTemplateByName(PgConnection& db, const TemplateRecord& record);
Result<std::optional<TemplateRecord>> setTemplateStatusByProviderId(
    PgConnection& db, std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, const std::optional<std::string>& reason,
    const std::optional<std::string>& quality);

}  // namespace mensajero::storage::postgres
