#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// Organizations, API keys and channel instances, as the Store methods of the same names
// describe them. Write functions expect to run inside the caller's transaction. An id that is
// not a UUID names no row (lookups find nothing); given for a new row, it is Invalid.
namespace mensajero::storage::postgres {

Result<OrganizationRecord> createOrganization(PgConnection& db, OrganizationRecord organization);
Result<OrganizationRecord> upsertOrganization(PgConnection& db, OrganizationRecord organization);
Result<std::optional<OrganizationRecord>> findOrganization(PgConnection& db, std::string_view id);
Result<std::optional<OrganizationRecord>> findOrganizationByName(PgConnection& db,
                                                                 std::string_view name);
// NotFound when the organization does not exist.
Status requireOrganization(PgConnection& db, std::string_view id);

Result<ApiKeyRecord> insertApiKey(PgConnection& db, ApiKeyRecord key);
Result<std::optional<ApiKeyRecord>> findApiKeyByHash(PgConnection& db, std::string_view key_hash);
Result<std::vector<ApiKeyRecord>> listApiKeys(PgConnection& db, std::string_view organization_id);
Result<ApiKeyRecord> revokeApiKey(PgConnection& db, std::string_view id, UnixMillis at);

Result<ChannelInstanceRecord> upsertChannelInstance(PgConnection& db,
                                                    ChannelInstanceRecord channel);
// Every channel, or only the organization's when organization_id is given.
Result<std::vector<ChannelInstanceRecord>> listChannelInstances(
    PgConnection& db, std::optional<std::string_view> organization_id);
Result<std::optional<ChannelInstanceRecord>> findChannelInstance(PgConnection& db,
                                                                 std::string_view id);
Status updateChannelHealth(PgConnection& db, std::string_view id, std::string_view health_status,
                           UnixMillis checked_at);
Status setChannelStatus(PgConnection& db, std::string_view id, std::string_view status,
                        const std::optional<std::string>& last_error);
Status recordCircuitBreakerEvent(PgConnection& db, const CircuitBreakerEventRecord& event);
Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
    PgConnection& db, std::string_view service_name, int limit);

// Invalid unless `id` is empty (the database makes one) or a UUID.
Status requireNewId(std::string_view id, const char* what);

}  // namespace mensajero::storage::postgres
