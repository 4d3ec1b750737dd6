#include "storage/postgres/media_ops.h"

#include <string>

#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"

namespace mensajero::storage::postgres {
namespace {

MediaRecord readMedia(const PgResult& rows, int row) {
  MediaRecord media;
  media.id = rows.text(row, 0);
  media.organization_id = rows.text(row, 1);
  media.kind = domain::parseMediaKind(rows.text(row, 2)).value_or(domain::MediaKind::Document);
  media.source = domain::parseMediaSource(rows.text(row, 3)).value_or(domain::MediaSource::Upload);
  media.mime_type = rows.text(row, 4);
  media.size_bytes = rows.integer(row, 5);
  media.sha256 = rows.text(row, 6);
  media.filename = rows.optText(row, 7);
  media.has_bytes = rows.boolean(row, 8);
  media.provider = rows.optText(row, 9);
  media.provider_media_id = rows.optText(row, 10);
  media.inbound_media_id = rows.optText(row, 11);
  media.created_at = rows.time(row, 12);
  if (!rows.isNull(row, 13)) media.bytes = rows.bytes(row, 13);
  return media;
}

// Inserts the row unless its id (inbound) or its organization and sha256 (upload) exist.
// Returns the id of the row inserted, or nullopt when nothing was.
Result<std::optional<std::string>> insertMedia(PgConnection& db, const NewMediaRecord& media) {
  PgParams params;
  if (media.id) {
    params.id(*media.id);
  } else {
    params.null();
  }
  params.id(media.organization_id)
      .text(domain::toText(media.kind))
      .text(media.mime_type)
      .integer(media.size_bytes)
      .text(media.sha256)
      .optText(media.filename);
  if (media.bytes) {
    params.bytesRef(*media.bytes);
  } else {
    params.null();
  }
  params.optText(media.provider)
      .text(domain::toText(media.source))
      .optText(media.inbound_media_id)
      .time(media.created_at);
  auto inserted = db.run(
      "INSERT INTO media (id, organization_id, kind, mime_type, size_bytes, sha256, filename, "
      "bytes, provider, source, inbound_media_id, created_at) VALUES (COALESCE($1, "
      "mensajero_uuid_v7()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO "
      "NOTHING RETURNING id",
      params);
  if (!inserted) return inserted.error();
  if (inserted->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{inserted->text(0, 0)};
}

Status requireOneRow(const Result<PgResult>& updated) {
  if (!updated) return updated.error();
  if (updated->affected() == 0) {
    return makeError(ErrorCategory::NotFound, "not_found", "media not found");
  }
  return {};
}

}  // namespace

Result<MediaSaved> saveUploadedMedia(PgConnection& db, const NewMediaRecord& media) {
  // Concurrent uploads of the same bytes: the unique index makes the second insert wait for
  // the first's commit and then insert nothing; it then reads the first's row.
  auto inserted = insertMedia(db, media);
  if (!inserted) return inserted.error();
  if (*inserted) return MediaSaved{**inserted, true};
  auto existing = db.run(
      "SELECT id FROM media WHERE organization_id = $1 AND sha256 = $2 AND source = 'upload'",
      PgParams().id(media.organization_id).text(media.sha256));
  if (!existing) return existing.error();
  if (existing->empty()) {
    return makeError(ErrorCategory::Conflict, "media_conflict", "the upload conflicted; retry");
  }
  return MediaSaved{existing->text(0, 0), false};
}

Status recordInboundMedia(PgConnection& db, const std::vector<NewMediaRecord>& media) {
  for (const auto& record : media) {
    if (!record.id) return makeError(ErrorCategory::Invalid, "invalid_media", "inbound media id");
    if (auto inserted = insertMedia(db, record); !inserted) return inserted.error();
  }
  return {};
}

Result<std::optional<MediaRecord>> findMedia(PgConnection& db, std::string_view organization_id,
                                             std::string_view media_id, bool with_bytes) {
  return queryOne(db,
                  "SELECT id, organization_id, kind, source, mime_type, size_bytes, sha256, "
                  "filename, bytes IS NOT NULL, provider, provider_media_id, inbound_media_id, " PG_MILLIS(
                      "created_at") ", CASE WHEN $3 THEN bytes END FROM media WHERE "
                                    "organization_id = $1 AND id = $2",
                  PgParams().id(organization_id).id(media_id).integer(with_bytes ? 1 : 0),
                  readMedia);
}

Status setProviderMediaId(PgConnection& db, std::string_view organization_id,
                          std::string_view media_id, std::string_view provider,
                          std::string_view provider_media_id) {
  return requireOneRow(db.run(
      "UPDATE media SET provider = $3, provider_media_id = $4 WHERE organization_id = $1 AND "
      "id = $2",
      PgParams().id(organization_id).id(media_id).text(provider).text(provider_media_id)));
}

Status cacheMediaBytes(PgConnection& db, std::string_view organization_id,
                       std::string_view media_id, std::string_view mime_type,
                       std::string_view bytes) {
  return requireOneRow(db.run(
      "UPDATE media SET bytes = $3, size_bytes = $4, mime_type = $5 WHERE organization_id = $1 "
      "AND id = $2",
      PgParams()
          .id(organization_id)
          .id(media_id)
          .bytesRef(bytes)
          .integer(static_cast<std::int64_t>(bytes.size()))
          .text(mime_type)));
}

Result<int> purgeMediaBytesBefore(PgConnection& db, UnixMillis cutoff, int limit) {
  auto purged = db.run(
      "UPDATE media SET bytes = NULL WHERE id = ANY(ARRAY(SELECT id FROM media WHERE bytes IS "
      "NOT NULL AND created_at < $1 LIMIT $2))",
      PgParams().time(cutoff).integer(limit));
  if (!purged) return purged.error();
  return purged->affected();
}

}  // namespace mensajero::storage::postgres
