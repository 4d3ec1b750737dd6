#pragma once

#include <string_view>

#include "common/result.h"
#include "storage/records.h"

// The checks both stores make on a record before writing anything, so one bad record cannot
// half-apply a transaction. A backend adds only what its own columns need (PostgreSQL: ids
// must be UUIDs).
namespace mensajero::storage::common {

// Invalid "invalid_message" without an organization, with a message type the schema does not
// keep, or, when no conversation is named, without a recipient key. (Channel type and
// priority are enums: no other value can reach a store.)
Status validateOutbound(const NewOutboundMessage& message);

// Invalid "invalid_inbound" without an organization or a sender, or with a message type the
// schema does not keep.
Status validateInbound(const InboundEvent& event);

// A channel instance's status (spec: inactive, connecting, connected, disconnected, error) and
// health (healthy, degraded, unhealthy, unknown), as the stores accept them.
bool isChannelStatus(std::string_view value);
bool isHealthStatus(std::string_view value);

// Invalid "schema_too_new" when the database was migrated by a newer binary than this one.
Status requireKnownSchema(int database_version, int latest_version);

}  // namespace mensajero::storage::common
