#pragma once

// Migration 13 (issue 13): ids are time-ordered UUIDs (version 7, RFC 9562) instead of random
// ones. A random id lands on a random leaf page of its primary-key index, so under load every
// insert dirtied a page of its own (and, after each checkpoint, wrote it whole to the WAL);
// ids made close in time share the index's right edge. PostgreSQL 15 has no uuidv7(), so the
// function builds one from gen_random_uuid(): the first 48 bits become the Unix time in
// milliseconds and the version nibble goes from 4 to 7 (bits 52 and 53 set). Ids already
// stored keep their value. Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV13 = R"sql(
CREATE FUNCTION mensajero_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                                FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;
ALTER TABLE organizations ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE patients ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE api_keys ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE message_conversations ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE message_templates ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE messages ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE channel_instances ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE message_attempts ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE system_health_metrics ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE circuit_breaker_events ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE webhook_logs ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE inbound_events ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
ALTER TABLE media ALTER COLUMN id SET DEFAULT mensajero_uuid_v7();
)sql";

}  // namespace mensajero::storage::postgres
