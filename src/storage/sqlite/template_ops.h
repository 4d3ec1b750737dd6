#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// Message templates, as the Store methods of the same names describe them. Write functions
// expect to run inside the writer's transaction.
namespace mensajero::storage::sqlite {

Result<TemplateRecord> createTemplate(Connection& db, TemplateRecord record);
Result<std::optional<TemplateRecord>> findTemplate(Connection& db, std::string_view organization_id,
                                                   std::string_view id);
Result<std::optional<TemplateRecord>> findTemplateByName(Connection& db,
                                                         std::string_view organization_id,
                                                         std::string_view name,
                                                         std::string_view language);
Result<std::vector<TemplateRecord>> listTemplates(Connection& db, std::string_view organization_id,
                                                  const TemplateFilter& filter);
Result<TemplateRecord> updateTemplate(Connection& db, TemplateRecord record);
Result<TemplateRecord> upsertTemplateByName(Connection& db, TemplateRecord record);
Result<std::optional<TemplateRecord>> setTemplateStatusByProviderId(
    Connection& db, std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, const std::optional<std::string>& reason,
    const std::optional<std::string>& quality);

}  // namespace mensajero::storage::sqlite
