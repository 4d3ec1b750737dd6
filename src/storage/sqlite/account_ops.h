#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// Organizations, API keys and channel instances, as the Store methods of the same names
// describe them. Write functions expect to run inside the writer's transaction.
namespace mensajero::storage::sqlite {

Result<OrganizationRecord> createOrganization(Connection& db, OrganizationRecord organization);
Result<OrganizationRecord> upsertOrganization(Connection& db, OrganizationRecord organization);
Result<std::optional<OrganizationRecord>> findOrganization(Connection& db, std::string_view id);
Result<std::optional<OrganizationRecord>> findOrganizationByName(Connection& db,
                                                                 std::string_view name);
// NotFound when the organization does not exist.
Status requireOrganization(Connection& db, std::string_view id);

Result<ApiKeyRecord> insertApiKey(Connection& db, ApiKeyRecord key);
Result<std::optional<ApiKeyRecord>> findApiKeyByHash(Connection& db, std::string_view key_hash);
Result<std::vector<ApiKeyRecord>> listApiKeys(Connection& db, std::string_view organization_id);
Result<ApiKeyRecord> revokeApiKey(Connection& db, std::string_view id, UnixMillis at);

Result<ChannelInstanceRecord> upsertChannelInstance(Connection& db, ChannelInstanceRecord channel);
// Every channel, or only the organization's when organization_id is given.
Result<std::vector<ChannelInstanceRecord>> listChannelInstances(
    Connection& db, std::optional<std::string_view> organization_id);
Result<std::optional<ChannelInstanceRecord>> findChannelInstance(Connection& db,
                                                                 std::string_view id);
Status updateChannelHealth(Connection& db, std::string_view id, std::string_view health_status,
                           UnixMillis checked_at);
Status setChannelStatus(Connection& db, std::string_view id, std::string_view status,
                        const std::optional<std::string>& last_error);
Status recordCircuitBreakerEvent(Connection& db, const CircuitBreakerEventRecord& event);
Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
    Connection& db, std::string_view service_name, int limit);

}  // namespace mensajero::storage::sqlite
