#include "storage/sqlite/media_ops.h"

#include <string>

#include "storage/sqlite/ids.h"

namespace mensajero::storage::sqlite {
namespace {

Result<std::optional<std::string>> findUploadBySha256(Connection& db,
                                                      std::string_view organization_id,
                                                      std::string_view sha256) {
  auto select = db.prepare(
      "SELECT id FROM media WHERE organization_id = ?1 AND sha256 = ?2 AND source = 'upload'");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  select->bindText(2, sha256);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>{select->text(0)};
}

Status insertMedia(Connection& db, const NewMediaRecord& media, const std::string& id) {
  auto insert = db.prepare(
      "INSERT INTO media (id, organization_id, kind, mime_type, size_bytes, sha256, filename, "
      "bytes, provider, source, inbound_media_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING");
  if (!insert) return insert.error();
  insert->bindText(1, id);
  insert->bindText(2, media.organization_id);
  insert->bindText(3, domain::toText(media.kind));
  insert->bindText(4, media.mime_type);
  insert->bindInt(5, media.size_bytes);
  insert->bindText(6, media.sha256);
  insert->bindOptText(7, media.filename);
  if (media.bytes) {
    insert->bindBlob(8, *media.bytes);
  } else {
    insert->bindNull(8);
  }
  insert->bindOptText(9, media.provider);
  insert->bindText(10, domain::toText(media.source));
  insert->bindOptText(11, media.inbound_media_id);
  insert->bindTime(12, media.created_at);
  return insert->run();
}

Result<int> changedRows(Statement& statement) {
  if (auto ran = statement.run(); !ran) return ran.error();
  return statement.changes();
}

}  // namespace

Result<MediaSaved> saveUploadedMedia(Connection& db, const NewMediaRecord& media) {
  // The single writer makes find-then-insert atomic.
  auto existing = findUploadBySha256(db, media.organization_id, media.sha256);
  if (!existing) return existing.error();
  if (*existing) return MediaSaved{**existing, false};
  const std::string id = media.id.value_or(newId());
  if (auto inserted = insertMedia(db, media, id); !inserted) return inserted.error();
  return MediaSaved{id, true};
}

Status recordInboundMedia(Connection& db, const std::vector<NewMediaRecord>& media) {
  for (const auto& record : media) {
    if (!record.id) return makeError(ErrorCategory::Invalid, "invalid_media", "inbound media id");
    if (auto inserted = insertMedia(db, record, *record.id); !inserted) return inserted;
  }
  return {};
}

Result<std::optional<MediaRecord>> findMedia(Connection& db, std::string_view organization_id,
                                             std::string_view media_id, bool with_bytes) {
  auto select = db.prepare(
      "SELECT id, organization_id, kind, source, mime_type, size_bytes, sha256, filename, "
      "bytes IS NOT NULL, provider, provider_media_id, inbound_media_id, created_at, "
      "CASE WHEN ?3 THEN bytes END FROM media WHERE organization_id = ?1 AND id = ?2");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  select->bindText(2, media_id);
  select->bindInt(3, with_bytes ? 1 : 0);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<MediaRecord>{};
  MediaRecord media;
  media.id = select->text(0);
  media.organization_id = select->text(1);
  media.kind = domain::parseMediaKind(select->text(2)).value_or(domain::MediaKind::Document);
  media.source = domain::parseMediaSource(select->text(3)).value_or(domain::MediaSource::Upload);
  media.mime_type = select->text(4);
  media.size_bytes = select->integer(5);
  media.sha256 = select->text(6);
  media.filename = select->optText(7);
  media.has_bytes = select->integer(8) != 0;
  media.provider = select->optText(9);
  media.provider_media_id = select->optText(10);
  media.inbound_media_id = select->optText(11);
  media.created_at = select->time(12);
  if (with_bytes && media.has_bytes) media.bytes = select->blob(13);
  return std::optional<MediaRecord>{std::move(media)};
}

Status setProviderMediaId(Connection& db, std::string_view organization_id,
                          std::string_view media_id, std::string_view provider,
                          std::string_view provider_media_id) {
  auto update = db.prepare(
      "UPDATE media SET provider = ?3, provider_media_id = ?4 WHERE organization_id = ?1 AND "
      "id = ?2");
  if (!update) return update.error();
  update->bindText(1, organization_id);
  update->bindText(2, media_id);
  update->bindText(3, provider);
  update->bindText(4, provider_media_id);
  auto changed = changedRows(*update);
  if (!changed) return changed.error();
  if (*changed == 0) return makeError(ErrorCategory::NotFound, "not_found", "media not found");
  return {};
}

Status cacheMediaBytes(Connection& db, std::string_view organization_id, std::string_view media_id,
                       std::string_view mime_type, std::string_view bytes) {
  auto update = db.prepare(
      "UPDATE media SET bytes = ?3, size_bytes = ?4, mime_type = ?5 WHERE organization_id = ?1 "
      "AND id = ?2");
  if (!update) return update.error();
  update->bindText(1, organization_id);
  update->bindText(2, media_id);
  update->bindBlob(3, bytes);
  update->bindInt(4, static_cast<std::int64_t>(bytes.size()));
  update->bindText(5, mime_type);
  auto changed = changedRows(*update);
  if (!changed) return changed.error();
  if (*changed == 0) return makeError(ErrorCategory::NotFound, "not_found", "media not found");
  return {};
}

Result<int> purgeMediaBytesBefore(Connection& db, UnixMillis cutoff) {
  auto update =
      db.prepare("UPDATE media SET bytes = NULL WHERE bytes IS NOT NULL AND created_at < ?1");
  if (!update) return update.error();
  update->bindTime(1, cutoff);
  return changedRows(*update);
}

}  // namespace mensajero::storage::sqlite
