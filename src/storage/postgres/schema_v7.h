#pragma once

// Migration 7 (issue 10), as SQLite's migration 7: the channel plan of a message and the step
// it is on, the channel type of each attempt, and patients found by phone number. Included by
// migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV7 = R"sql(
ALTER TABLE messages ADD COLUMN channel_plan TEXT NOT NULL DEFAULT 'whatsapp';
ALTER TABLE messages ADD COLUMN plan_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE message_attempts ADD COLUMN channel_type TEXT;
CREATE INDEX idx_patients_phone ON patients(organization_id, phone);
)sql";

}  // namespace mensajero::storage::postgres
