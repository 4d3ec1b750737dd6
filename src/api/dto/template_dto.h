#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/domain/template_category.h"
#include "core/templates/template_model.h"
#include "storage/records.h"

// The JSON of /api/v2/templates: requests in, TemplateRecords out. The template's content
// has core/templates/template_json.h's shape.
namespace mensajero::api::dto {

// POST /api/v2/templates: {"name", "language" (default "es"), "category", "content"}, checked
// against Meta's rules (core/templates/template_validation.h). Invalid with the rule's code,
// template_category_invalid, or invalid_request for a missing or mistyped field.
Result<core::templates::TemplateDefinition> parseTemplateCreate(const nlohmann::json& body);

// PUT /api/v2/templates/{id}: {"content", "category"?}, checked as on creation.
struct TemplateReplacement {
  core::templates::TemplateContent content;
  std::optional<domain::TemplateCategory> category;
};
Result<TemplateReplacement> parseTemplateReplacement(const nlohmann::json& body);

// The filter of GET /api/v2/templates from ?status=&language=&category=. Invalid
// invalid_request for an unknown status or category.
Result<storage::TemplateFilter> parseTemplateFilter(const std::optional<std::string>& status,
                                                    const std::optional<std::string>& language,
                                                    const std::optional<std::string>& category);

// A stored template as the API shows it.
nlohmann::json templateJson(const storage::TemplateRecord& record);

}  // namespace mensajero::api::dto
