#include "storage/sqlite/account_ops.h"

#include <string>

#include "storage/common/record_validation.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/rows.h"

namespace mensajero::storage::sqlite {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_record", std::move(message));
}

using common::isChannelStatus;
using common::isHealthStatus;

}  // namespace

Result<OrganizationRecord> createOrganization(Connection& db, OrganizationRecord organization) {
  if (organization.name.empty()) return invalid("organization name is empty");
  if (organization.id.empty()) organization.id = newId();
  auto insert = db.prepare(
      "INSERT INTO organizations (id, name, default_region, created_at) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  insert->bindText(1, organization.id);
  insert->bindText(2, organization.name);
  insert->bindText(3, organization.default_region);
  insert->bindTime(4, organization.created_at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return organization;
}

Result<OrganizationRecord> upsertOrganization(Connection& db, OrganizationRecord organization) {
  auto existing = organization.id.empty() ? findOrganizationByName(db, organization.name)
                                          : findOrganization(db, organization.id);
  if (!existing) return existing.error();
  if (!*existing) return createOrganization(db, std::move(organization));
  if (organization.name.empty()) return invalid("organization name is empty");

  auto update = db.prepare("UPDATE organizations SET name = ?2, default_region = ?3 WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, (*existing)->id);
  update->bindText(2, organization.name);
  update->bindText(3, organization.default_region);
  if (Status updated = update->run(); !updated) return updated.error();
  OrganizationRecord stored = std::move(**existing);
  stored.name = std::move(organization.name);
  stored.default_region = std::move(organization.default_region);
  return stored;
}

Result<std::optional<OrganizationRecord>> findOrganization(Connection& db, std::string_view id) {
  auto select =
      db.prepare("SELECT " MENSAJERO_ORGANIZATION_COLUMNS " FROM organizations WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, id);
  return queryOne(*select, readOrganization);
}

Result<std::optional<OrganizationRecord>> findOrganizationByName(Connection& db,
                                                                 std::string_view name) {
  auto select =
      db.prepare("SELECT " MENSAJERO_ORGANIZATION_COLUMNS " FROM organizations WHERE name = ?1");
  if (!select) return select.error();
  select->bindText(1, name);
  return queryOne(*select, readOrganization);
}

Status requireOrganization(Connection& db, std::string_view id) {
  auto select = db.prepare("SELECT 1 FROM organizations WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, id);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row)
    return makeError(ErrorCategory::NotFound, "organization_not_found", "organization not found");
  return {};
}

Result<ApiKeyRecord> insertApiKey(Connection& db, ApiKeyRecord key) {
  if (key.key_hash.empty()) return invalid("api key hash is empty");
  if (Status known = requireOrganization(db, key.organization_id); !known) return known.error();
  if (key.id.empty()) key.id = newId();
  auto insert = db.prepare(
      "INSERT INTO api_keys (id, organization_id, name, key_hash, created_at, scopes, revoked_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert) return insert.error();
  insert->bindText(1, key.id);
  insert->bindText(2, key.organization_id);
  insert->bindText(3, key.name);
  insert->bindText(4, key.key_hash);
  insert->bindTime(5, key.created_at);
  insert->bindText(6, key.scopes);
  insert->bindOptTime(7, key.revoked_at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return key;
}

Result<std::optional<ApiKeyRecord>> findApiKeyByHash(Connection& db, std::string_view key_hash) {
  auto select =
      db.prepare("SELECT " MENSAJERO_API_KEY_COLUMNS " FROM api_keys WHERE key_hash = ?1");
  if (!select) return select.error();
  select->bindText(1, key_hash);
  return queryOne(*select, readApiKey);
}

Result<std::vector<ApiKeyRecord>> listApiKeys(Connection& db, std::string_view organization_id) {
  if (Status known = requireOrganization(db, organization_id); !known) return known.error();
  auto select = db.prepare("SELECT " MENSAJERO_API_KEY_COLUMNS
                           " FROM api_keys WHERE organization_id = ?1 ORDER BY created_at, id");
  if (!select) return select.error();
  select->bindText(1, organization_id);
  return queryAll(*select, readApiKey);
}

Result<ApiKeyRecord> revokeApiKey(Connection& db, std::string_view id, UnixMillis at) {
  auto revoke = db.prepare(
      "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1 "
      "RETURNING " MENSAJERO_API_KEY_COLUMNS);
  if (!revoke) return revoke.error();
  revoke->bindText(1, id);
  revoke->bindTime(2, at);
  auto revoked = queryOne(*revoke, readApiKey);
  if (!revoked) return revoked.error();
  if (!*revoked)
    return makeError(ErrorCategory::NotFound, "api_key_not_found", "API key not found");
  return std::move(**revoked);
}

Result<ChannelInstanceRecord> upsertChannelInstance(Connection& db, ChannelInstanceRecord channel) {
  if (!isChannelStatus(channel.status)) return invalid("unknown channel status");
  if (!isHealthStatus(channel.health_status)) return invalid("unknown channel health status");
  if (Status known = requireOrganization(db, channel.organization_id); !known) {
    return known.error();
  }
  if (channel.id.empty()) channel.id = newId();
  auto upsert = db.prepare(
      "INSERT INTO channel_instances (id, organization_id, channel_type, provider, "
      "provider_config, status, health_status, last_health_check, error_count, last_error, "
      "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT (organization_id, channel_type, provider) DO UPDATE SET "
      "provider_config = excluded.provider_config, status = excluded.status, "
      "updated_at = excluded.updated_at "
      "RETURNING " MENSAJERO_CHANNEL_COLUMNS);
  if (!upsert) return upsert.error();
  upsert->bindText(1, channel.id);
  upsert->bindText(2, channel.organization_id);
  upsert->bindText(3, domain::toText(channel.channel_type));
  upsert->bindText(4, channel.provider);
  upsert->bindText(5, channel.provider_config);
  upsert->bindText(6, channel.status);
  upsert->bindText(7, channel.health_status);
  upsert->bindOptTime(8, channel.last_health_check);
  upsert->bindInt(9, channel.error_count);
  upsert->bindTextOrNull(10, channel.last_error);
  upsert->bindTime(11, channel.created_at);
  upsert->bindTime(12, channel.updated_at);
  auto stored = queryOne(*upsert, readChannel);
  if (!stored) return stored.error();
  if (Status finished = upsert->run(); !finished) return finished.error();
  if (!*stored) return makeError(ErrorCategory::Internal, "db_error", "upsert returned no row");
  return std::move(**stored);
}

Result<std::vector<ChannelInstanceRecord>> listChannelInstances(
    Connection& db, std::optional<std::string_view> organization_id) {
  auto select = db.prepare("SELECT " MENSAJERO_CHANNEL_COLUMNS
                           " FROM channel_instances WHERE ?1 IS NULL OR organization_id = ?1 "
                           "ORDER BY created_at, rowid");
  if (!select) return select.error();
  if (organization_id) {
    select->bindText(1, *organization_id);
  } else {
    select->bindNull(1);
  }
  return queryAll(*select, readChannel);
}

Result<std::optional<ChannelInstanceRecord>> findChannelInstance(Connection& db,
                                                                 std::string_view id) {
  auto select =
      db.prepare("SELECT " MENSAJERO_CHANNEL_COLUMNS " FROM channel_instances WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, id);
  return queryOne(*select, readChannel);
}

Status updateChannelHealth(Connection& db, std::string_view id, std::string_view health_status,
                           UnixMillis checked_at) {
  if (!isHealthStatus(health_status)) return invalid("unknown channel health status");
  auto update = db.prepare(
      "UPDATE channel_instances SET health_status = ?2, last_health_check = ?3 WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, id);
  update->bindText(2, health_status);
  update->bindTime(3, checked_at);
  if (Status updated = update->run(); !updated) return updated;
  if (update->changes() == 0) {
    return makeError(ErrorCategory::NotFound, "channel_not_found", "channel instance not found");
  }
  return {};
}

Status setChannelStatus(Connection& db, std::string_view id, std::string_view status,
                        const std::optional<std::string>& last_error) {
  if (!isChannelStatus(status)) return invalid("unknown channel status");
  auto update = db.prepare(
      "UPDATE channel_instances SET status = ?2, last_error = coalesce(?3, last_error), "
      "error_count = error_count + (?3 IS NOT NULL), "
      "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, id);
  update->bindText(2, status);
  if (last_error) {
    update->bindText(3, *last_error);
  } else {
    update->bindNull(3);
  }
  if (Status updated = update->run(); !updated) return updated;
  if (update->changes() == 0) {
    return makeError(ErrorCategory::NotFound, "channel_not_found", "channel instance not found");
  }
  return {};
}

Status recordCircuitBreakerEvent(Connection& db, const CircuitBreakerEventRecord& event) {
  auto insert = db.prepare(
      "INSERT INTO circuit_breaker_events (id, service_name, event_type, failure_count, "
      "error_details, timestamp) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!insert) return insert.error();
  insert->bindText(1, newId());
  insert->bindText(2, event.service_name);
  insert->bindText(3, event.event_type);
  insert->bindInt(4, event.failure_count);
  insert->bindTextOrNull(5, event.error_details);
  insert->bindTime(6, event.at);
  return insert->run();
}

Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
    Connection& db, std::string_view service_name, int limit) {
  auto select = db.prepare(
      "SELECT service_name, event_type, failure_count, error_details, timestamp FROM "
      "circuit_breaker_events WHERE service_name = ?1 ORDER BY timestamp DESC, rowid DESC "
      "LIMIT ?2");
  if (!select) return select.error();
  select->bindText(1, service_name);
  select->bindInt(2, limit);
  std::vector<CircuitBreakerEventRecord> events;
  while (true) {
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return events;
    events.push_back({select->text(0), select->text(1), static_cast<int>(select->integer(2)),
                      select->text(3), select->time(4)});
  }
}

}  // namespace mensajero::storage::sqlite
