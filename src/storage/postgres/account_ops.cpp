#include "storage/postgres/account_ops.h"

#include <algorithm>
#include <string>

#include "storage/common/record_validation.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_record", std::move(message));
}

Error channelNotFound() {
  return makeError(ErrorCategory::NotFound, "channel_not_found", "channel instance not found");
}

using common::isChannelStatus;
using common::isHealthStatus;

// A statement that returns the row it wrote always returns one.
template <typename Record>
Result<Record> stored(Result<std::optional<Record>> row) {
  if (!row) return row.error();
  if (!*row) return makeError(ErrorCategory::Internal, "db_error", "write returned no row");
  return std::move(**row);
}

}  // namespace

Status requireNewId(std::string_view id, const char* what) {
  if (id.empty() || isUuid(id)) return {};
  return invalid(std::string(what) + " id is not a UUID");
}

Result<OrganizationRecord> createOrganization(PgConnection& db, OrganizationRecord organization) {
  if (organization.name.empty()) return invalid("organization name is empty");
  if (Status id = requireNewId(organization.id, "organization"); !id) return id.error();
  return stored(queryOne(db,
                         "INSERT INTO organizations (id, name, default_region, created_at) "
                         "VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4) "
                         "RETURNING " MENSAJERO_PG_ORGANIZATION_COLUMNS,
                         PgParams()
                             .id(organization.id)
                             .text(organization.name)
                             .text(organization.default_region)
                             .time(organization.created_at),
                         readOrganization));
}

Result<OrganizationRecord> upsertOrganization(PgConnection& db, OrganizationRecord organization) {
  if (organization.name.empty()) return invalid("organization name is empty");
  if (Status id = requireNewId(organization.id, "organization"); !id) return id.error();
  // One statement per key, so instances seeding the same configuration at once cannot both
  // insert: the loser of the race updates the winner's row.
  if (organization.id.empty()) {
    return stored(queryOne(db,
                           "INSERT INTO organizations (name, default_region, created_at) VALUES "
                           "($1, $2, $3) ON CONFLICT (name) DO UPDATE SET "
                           "default_region = excluded.default_region "
                           "RETURNING " MENSAJERO_PG_ORGANIZATION_COLUMNS,
                           PgParams()
                               .text(organization.name)
                               .text(organization.default_region)
                               .time(organization.created_at),
                           readOrganization));
  }
  return stored(queryOne(db,
                         "INSERT INTO organizations (id, name, default_region, created_at) VALUES "
                         "($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET "
                         "name = excluded.name, default_region = excluded.default_region "
                         "RETURNING " MENSAJERO_PG_ORGANIZATION_COLUMNS,
                         PgParams()
                             .id(organization.id)
                             .text(organization.name)
                             .text(organization.default_region)
                             .time(organization.created_at),
                         readOrganization));
}

Result<std::optional<OrganizationRecord>> findOrganization(PgConnection& db, std::string_view id) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_ORGANIZATION_COLUMNS " FROM organizations WHERE id = $1",
                  PgParams().id(id), readOrganization);
}

Result<std::optional<OrganizationRecord>> findOrganizationByName(PgConnection& db,
                                                                 std::string_view name) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_ORGANIZATION_COLUMNS " FROM organizations WHERE name = $1",
                  PgParams().text(name), readOrganization);
}

Status requireOrganization(PgConnection& db, std::string_view id) {
  auto found = db.run("SELECT 1 FROM organizations WHERE id = $1", PgParams().id(id));
  if (!found) return found.error();
  if (found->empty()) {
    return makeError(ErrorCategory::NotFound, "organization_not_found", "organization not found");
  }
  return {};
}

Result<ApiKeyRecord> insertApiKey(PgConnection& db, ApiKeyRecord key) {
  if (key.key_hash.empty()) return invalid("api key hash is empty");
  if (Status id = requireNewId(key.id, "api key"); !id) return id.error();
  if (Status known = requireOrganization(db, key.organization_id); !known) return known.error();
  return stored(queryOne(db,
                         "INSERT INTO api_keys (id, organization_id, name, key_hash, created_at, "
                         "scopes, revoked_at) "
                         "VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4, $5, $6, $7) "
                         "RETURNING " MENSAJERO_PG_API_KEY_COLUMNS,
                         PgParams()
                             .id(key.id)
                             .id(key.organization_id)
                             .text(key.name)
                             .text(key.key_hash)
                             .time(key.created_at)
                             .text(key.scopes)
                             .optTime(key.revoked_at),
                         readApiKey));
}

Result<std::optional<ApiKeyRecord>> findApiKeyByHash(PgConnection& db, std::string_view key_hash) {
  return queryOne(db, "SELECT " MENSAJERO_PG_API_KEY_COLUMNS " FROM api_keys WHERE key_hash = $1",
                  PgParams().text(key_hash), readApiKey);
}

Result<std::vector<ApiKeyRecord>> listApiKeys(PgConnection& db, std::string_view organization_id) {
  if (Status known = requireOrganization(db, organization_id); !known) return known.error();
  return queryAll(db,
                  "SELECT " MENSAJERO_PG_API_KEY_COLUMNS
                  " FROM api_keys WHERE organization_id = $1 ORDER BY created_at, id",
                  PgParams().id(organization_id), readApiKey);
}

Result<ApiKeyRecord> revokeApiKey(PgConnection& db, std::string_view id, UnixMillis at) {
  auto revoked = queryOne(db,
                          "UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 "
                          "RETURNING " MENSAJERO_PG_API_KEY_COLUMNS,
                          PgParams().id(id).time(at), readApiKey);
  if (!revoked) return revoked.error();
  if (!*revoked)
    return makeError(ErrorCategory::NotFound, "api_key_not_found", "API key not found");
  return std::move(**revoked);
}

Result<ChannelInstanceRecord> upsertChannelInstance(PgConnection& db,
                                                    ChannelInstanceRecord channel) {
  if (!isChannelStatus(channel.status)) return invalid("unknown channel status");
  if (!isHealthStatus(channel.health_status)) return invalid("unknown channel health status");
  if (Status id = requireNewId(channel.id, "channel instance"); !id) return id.error();
  if (Status known = requireOrganization(db, channel.organization_id); !known) {
    return known.error();
  }
  return stored(queryOne(
      db,
      "INSERT INTO channel_instances (id, organization_id, channel_type, provider, "
      "provider_config, status, health_status, last_health_check, error_count, last_error, "
      "created_at, updated_at) VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4, "
      "$5::jsonb, $6, $7, $8, $9, $10, $11, $12) "
      "ON CONFLICT (organization_id, channel_type, provider) DO UPDATE SET "
      "provider_config = excluded.provider_config, status = excluded.status, "
      "updated_at = excluded.updated_at RETURNING " MENSAJERO_PG_CHANNEL_COLUMNS,
      PgParams()
          .id(channel.id)
          .id(channel.organization_id)
          .text(domain::toText(channel.channel_type))
          .text(channel.provider)
          .text(channel.provider_config)
          .text(channel.status)
          .text(channel.health_status)
          .optTime(channel.last_health_check)
          .integer(channel.error_count)
          .textOrNull(channel.last_error)
          .time(channel.created_at)
          .time(channel.updated_at),
      readChannel));
}

Result<std::vector<ChannelInstanceRecord>> listChannelInstances(
    PgConnection& db, std::optional<std::string_view> organization_id) {
  if (!organization_id) {
    return queryAll(db,
                    "SELECT " MENSAJERO_PG_CHANNEL_COLUMNS
                    " FROM channel_instances ORDER BY created_at, seq",
                    PgParams(), readChannel);
  }
  return queryAll(db,
                  "SELECT " MENSAJERO_PG_CHANNEL_COLUMNS
                  " FROM channel_instances WHERE organization_id = $1 ORDER BY created_at, seq",
                  PgParams().id(*organization_id), readChannel);
}

Result<std::optional<ChannelInstanceRecord>> findChannelInstance(PgConnection& db,
                                                                 std::string_view id) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_CHANNEL_COLUMNS " FROM channel_instances WHERE id = $1",
                  PgParams().id(id), readChannel);
}

Status updateChannelHealth(PgConnection& db, std::string_view id, std::string_view health_status,
                           UnixMillis checked_at) {
  if (!isHealthStatus(health_status)) return invalid("unknown channel health status");
  auto updated = db.run(
      "UPDATE channel_instances SET health_status = $2, last_health_check = $3 WHERE id = $1",
      PgParams().id(id).text(health_status).time(checked_at));
  if (!updated) return updated.error();
  if (updated->affected() == 0) return channelNotFound();
  return {};
}

Status setChannelStatus(PgConnection& db, std::string_view id, std::string_view status,
                        const std::optional<std::string>& last_error) {
  if (!isChannelStatus(status)) return invalid("unknown channel status");
  auto updated = db.run(
      "UPDATE channel_instances SET status = $2, last_error = coalesce($3, last_error), "
      "error_count = coalesce(error_count, 0) + CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END, "
      "updated_at = NOW() WHERE id = $1",
      PgParams().id(id).text(status).optText(last_error));
  if (!updated) return updated.error();
  if (updated->affected() == 0) return channelNotFound();
  return {};
}

Status recordCircuitBreakerEvent(PgConnection& db, const CircuitBreakerEventRecord& event) {
  auto inserted = db.run(
      "INSERT INTO circuit_breaker_events (service_name, event_type, failure_count, "
      "error_details, timestamp) VALUES ($1, $2, $3, $4, $5)",
      PgParams()
          .text(event.service_name)
          .text(event.event_type)
          .integer(event.failure_count)
          .textOrNull(event.error_details)
          .time(event.at));
  if (!inserted) return inserted.error();
  return {};
}

Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
    PgConnection& db, std::string_view service_name, int limit) {
  return queryAll(
      db,
      "SELECT service_name, event_type, failure_count, error_details, " PG_MILLIS("timestamp")
      " FROM circuit_breaker_events WHERE service_name = $1 "
      "ORDER BY timestamp DESC, seq DESC LIMIT $2",
      PgParams().text(service_name).integer(std::max(limit, 0)),
      [](const PgResult& rows, int row) {
        return CircuitBreakerEventRecord{rows.text(row, 0), rows.text(row, 1),
                                         static_cast<int>(rows.integer(row, 2)),
                                         rows.text(row, 3), rows.time(row, 4)};
      });
}

}  // namespace mensajero::storage::postgres
