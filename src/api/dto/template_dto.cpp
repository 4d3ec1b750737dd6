#include "api/dto/template_dto.h"

#include <string>

#include "common/time_format.h"
#include "core/templates/template_json.h"
#include "core/templates/template_validation.h"

namespace mensajero::api::dto {
namespace {

using nlohmann::json;
namespace templates = core::templates;

Error fieldError(const std::string& field, const char* problem) {
  return makeError(ErrorCategory::Invalid, "invalid_request", field + " " + problem);
}

Result<std::optional<std::string>> optionalString(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return fieldError(field, "must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

Result<domain::TemplateCategory> category(const std::string& text) {
  auto parsed = domain::parseTemplateCategory(text);
  if (!parsed) {
    return makeError(ErrorCategory::Invalid, "template_category_invalid",
                     "category must be utility, marketing or authentication");
  }
  return *parsed;
}

Result<templates::TemplateContent> content(const json& body) {
  auto it = body.find("content");
  if (it == body.end() || it->is_null()) return fieldError("content", "is required");
  auto parsed = templates::parseTemplateContent(*it);
  if (!parsed) return parsed.error();
  if (Status valid = templates::validateTemplateContent(*parsed); !valid) return valid.error();
  return parsed;
}

}  // namespace

Result<templates::TemplateDefinition> parseTemplateCreate(const json& body) {
  templates::TemplateDefinition definition;
  auto name = optionalString(body, "name");
  if (!name) return name.error();
  definition.name = name->value_or("");
  if (Status valid = templates::validateTemplateName(definition.name); !valid) {
    return valid.error();
  }
  auto language = optionalString(body, "language");
  if (!language) return language.error();
  definition.language = language->value_or("es");
  if (Status valid = templates::validateTemplateLanguage(definition.language); !valid) {
    return valid.error();
  }
  auto category_text = optionalString(body, "category");
  if (!category_text) return category_text.error();
  auto parsed_category = category(category_text->value_or(""));
  if (!parsed_category) return parsed_category.error();
  definition.category = *parsed_category;
  auto parsed_content = content(body);
  if (!parsed_content) return parsed_content.error();
  definition.content = std::move(*parsed_content);
  return definition;
}

Result<TemplateReplacement> parseTemplateReplacement(const json& body) {
  TemplateReplacement replacement;
  auto parsed_content = content(body);
  if (!parsed_content) return parsed_content.error();
  replacement.content = std::move(*parsed_content);
  auto category_text = optionalString(body, "category");
  if (!category_text) return category_text.error();
  if (*category_text) {
    auto parsed_category = category(**category_text);
    if (!parsed_category) return parsed_category.error();
    replacement.category = *parsed_category;
  }
  return replacement;
}

Result<storage::TemplateFilter> parseTemplateFilter(const std::optional<std::string>& status,
                                                    const std::optional<std::string>& language,
                                                    const std::optional<std::string>& category) {
  storage::TemplateFilter filter;
  if (status) {
    filter.status = domain::parseTemplateStatus(*status);
    if (!filter.status) {
      return fieldError("status", "must be pending, approved, rejected, paused or disabled");
    }
  }
  if (language) {
    if (!templates::validateTemplateLanguage(*language)) {
      return fieldError("language", "must be a language code like es or es_MX");
    }
    filter.language = *language;
  }
  if (category) {
    filter.category = domain::parseTemplateCategory(*category);
    if (!filter.category) {
      return fieldError("category", "must be utility, marketing or authentication");
    }
  }
  return filter;
}

json templateJson(const storage::TemplateRecord& record) {
  // The stored content was validated before it was written; a row edited by hand that no
  // longer parses shows as null rather than failing the listing.
  json content = json::parse(record.content_json, nullptr, false);
  if (content.is_discarded()) content = nullptr;
  auto optional = [](const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
  };
  return {{"id", record.id},
          {"name", record.name},
          {"language", record.language},
          {"category", std::string(domain::toText(record.category))},
          {"status", std::string(domain::toText(record.status))},
          {"statusReason", optional(record.status_reason)},
          {"quality", optional(record.quality)},
          {"parameterFormat", record.parameter_format},
          {"providerTemplateId", optional(record.provider_template_id)},
          {"content", std::move(content)},
          {"createdAt", formatIso8601(record.created_at)},
          {"updatedAt", formatIso8601(record.updated_at)}};
}

}  // namespace mensajero::api::dto
