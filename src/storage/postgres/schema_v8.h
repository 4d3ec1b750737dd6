#pragma once

// Migration 8 (issue 11), as SQLite's migration 8: the template status CHECK widens to
// core/domain/template_status.h (paused joins), category is checked, names take Meta's 512
// characters, and a template keeps why it was rejected (status_reason), Meta's quality
// rating and how its parameters are written (parameter_format). PostgreSQL changes the
// CHECK in place (the inline CHECK's default name is message_templates_status_check).
// Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV8 = R"sql(
ALTER TABLE message_templates DROP CONSTRAINT message_templates_status_check;
ALTER TABLE message_templates ADD CONSTRAINT message_templates_status_check
  CHECK (status IN ('pending', 'approved', 'rejected', 'paused', 'disabled'));
UPDATE message_templates SET category = lower(category);
ALTER TABLE message_templates ADD CONSTRAINT message_templates_category_check
  CHECK (category IN ('utility', 'marketing', 'authentication'));
ALTER TABLE message_templates ALTER COLUMN name TYPE VARCHAR(512);
ALTER TABLE message_templates ADD COLUMN parameter_format TEXT NOT NULL DEFAULT 'positional'
  CHECK (parameter_format IN ('positional', 'named'));
ALTER TABLE message_templates ADD COLUMN status_reason TEXT;
ALTER TABLE message_templates ADD COLUMN quality TEXT;
CREATE INDEX idx_message_templates_provider_id
  ON message_templates(organization_id, provider_template_id);
)sql";

}  // namespace mensajero::storage::postgres
