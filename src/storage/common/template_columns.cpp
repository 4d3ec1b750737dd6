#include "storage/common/template_columns.h"

#include <algorithm>

namespace mensajero::storage::common {

domain::TemplateStatus templateStatusColumn(std::string_view text) {
  return domain::parseTemplateStatus(text).value_or(domain::TemplateStatus::Disabled);
}

domain::TemplateCategory templateCategoryColumn(std::string_view text) {
  return domain::parseTemplateCategory(text).value_or(domain::TemplateCategory::Utility);
}

Status validateTemplateRecord(const TemplateRecord& record) {
  auto invalid = [](const char* message) {
    return makeError(ErrorCategory::Invalid, "invalid_record", message);
  };
  if (record.organization_id.empty()) return invalid("template organization_id is empty");
  if (record.name.empty()) return invalid("template name is empty");
  if (record.language.empty()) return invalid("template language is empty");
  if (record.parameter_format != "positional" && record.parameter_format != "named") {
    return invalid("template parameter_format is neither positional nor named");
  }
  return {};
}

int templateListLimit(const TemplateFilter& filter) {
  return std::clamp(filter.limit, 1, kTemplateListLimit);
}

}  // namespace mensajero::storage::common
