#pragma once

// Schema v1's id and clock defaults, spelled the same (v1 undefines its macros).
#define MENSAJERO_SQL_V8_UUID                                                                \
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "               \
  "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) " \
  "|| substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
#define MENSAJERO_SQL_V8_NOW "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

// Migration 8 (issue 11): message templates as Meta reviews them. The status CHECK widens to
// core/domain/template_status.h (paused joins), and a template keeps why it was rejected
// (status_reason), Meta's quality rating and how its parameters are written
// (parameter_format). SQLite cannot change a CHECK in place, so the table is rebuilt: new
// table, copy, drop, rename. messages.template_id names the table by name, so after the
// rename it references the new one. The drop runs under foreign_keys=ON: it would fail (and
// the migration with it, changing nothing) if a message referenced a template, which no
// version before 8 writes. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV8 =
    "CREATE TABLE message_templates_v8 (\n"
    "  id TEXT PRIMARY KEY DEFAULT " MENSAJERO_SQL_V8_UUID
    ",\n"
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  name TEXT NOT NULL,\n"
    "  category TEXT NOT NULL CHECK (\n"
    "    category IN ('utility', 'marketing', 'authentication')),\n"
    "  language TEXT DEFAULT 'es',\n"
    "  template_content TEXT NOT NULL,\n"
    "  provider_template_id TEXT,\n"
    "  status TEXT DEFAULT 'pending' CHECK (\n"
    "    status IN ('pending', 'approved', 'rejected', 'paused', 'disabled')),\n"
    "  created_at TEXT DEFAULT " MENSAJERO_SQL_V8_NOW
    ",\n"
    "  updated_at TEXT DEFAULT " MENSAJERO_SQL_V8_NOW
    ",\n"
    "  parameter_format TEXT NOT NULL DEFAULT 'positional' CHECK (\n"
    "    parameter_format IN ('positional', 'named')),\n"
    "  status_reason TEXT,\n"
    "  quality TEXT,\n"
    "  UNIQUE (organization_id, name, language)\n"
    ");\n"
    "INSERT INTO message_templates_v8 (id, organization_id, name, category, language,\n"
    "  template_content, provider_template_id, status, created_at, updated_at)\n"
    "  SELECT id, organization_id, name, lower(category), language, template_content,\n"
    "  provider_template_id, status, created_at, updated_at FROM message_templates;\n"
    "DROP TABLE message_templates;\n"
    "ALTER TABLE message_templates_v8 RENAME TO message_templates;\n"
    "CREATE INDEX idx_message_templates_provider_id\n"
    "  ON message_templates(organization_id, provider_template_id);\n";

}  // namespace mensajero::storage::sqlite

#undef MENSAJERO_SQL_V8_NOW
#undef MENSAJERO_SQL_V8_UUID
