#pragma once

// Migration 7 (issue 10): the channel plan. A message carries the channel types it may go
// out on, in order (comma-separated, "whatsapp,sms"), and the step it is on; an attempt
// records the channel type it went out on. Rows from before keep the WhatsApp-only plan.
// Patients are found by phone number, so one reached on WhatsApp and SMS is one patient.
// Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV7 =
    "ALTER TABLE messages ADD COLUMN channel_plan TEXT NOT NULL DEFAULT 'whatsapp';\n"
    "ALTER TABLE messages ADD COLUMN plan_step INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE message_attempts ADD COLUMN channel_type TEXT;\n"
    "CREATE INDEX idx_patients_phone ON patients(organization_id, phone);\n";

}  // namespace mensajero::storage::sqlite
