#pragma once

#include <string_view>

#include "common/result.h"
#include "core/domain/template_category.h"
#include "core/domain/template_status.h"
#include "storage/records.h"

// message_templates' enums as both stores read them (see column_enums.h for why a fallback),
// and the checks both run before writing a template.
namespace mensajero::storage::common {

// Else Disabled: a row with a status we do not know is never sent.
domain::TemplateStatus templateStatusColumn(std::string_view text);
// Else Utility.
domain::TemplateCategory templateCategoryColumn(std::string_view text);

// Invalid invalid_record when organization_id, name or language is empty or
// parameter_format is neither positional nor named.
Status validateTemplateRecord(const TemplateRecord& record);

// filter.limit within 1..kTemplateListLimit.
int templateListLimit(const TemplateFilter& filter);

}  // namespace mensajero::storage::common
