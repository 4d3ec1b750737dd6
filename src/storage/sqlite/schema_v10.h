#pragma once

// Migration 10 (issue 11): stored media files. Uploads keep their bytes and
// are unique per organization and SHA-256 (a partial unique index: inbound rows are keyed by
// the id the gateway derived from the provider's media id). `bytes` is patient data, NULL
// once purged (media.retention_days) or before an inbound file is first downloaded.
// Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV10 =
    "CREATE TABLE media (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  kind TEXT NOT NULL,\n"
    "  mime_type TEXT NOT NULL,\n"
    "  size_bytes INTEGER NOT NULL DEFAULT 0,\n"
    "  sha256 TEXT NOT NULL DEFAULT '',\n"
    "  filename TEXT,\n"
    "  bytes BLOB,\n"
    "  provider TEXT,\n"
    "  provider_media_id TEXT,\n"
    "  source TEXT NOT NULL,\n"
    "  inbound_media_id TEXT,\n"
    "  created_at TEXT NOT NULL\n"
    ");\n"
    "CREATE UNIQUE INDEX idx_media_upload_sha256 ON media(organization_id, sha256) "
    "WHERE source = 'upload';\n"
    "CREATE INDEX idx_media_bytes_created ON media(created_at) WHERE bytes IS NOT NULL;\n";

}  // namespace mensajero::storage::sqlite
