#pragma once

// Migration 10 (issue 11): stored media files, as SQLite's migration 10.
// Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV10 = R"sql(
CREATE TABLE media (
  id UUID PRIMARY KEY,
  organization_id UUID NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  filename TEXT,
  bytes BYTEA,
  provider TEXT,
  provider_media_id TEXT,
  source TEXT NOT NULL,
  inbound_media_id TEXT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX idx_media_upload_sha256 ON media(organization_id, sha256)
  WHERE source = 'upload';
CREATE INDEX idx_media_bytes_created ON media(created_at) WHERE bytes IS NOT NULL;
)sql";

}  // namespace mensajero::storage::postgres
