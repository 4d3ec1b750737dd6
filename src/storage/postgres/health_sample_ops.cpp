#include "storage/postgres/health_sample_ops.h"

#include "storage/common/health_sample_columns.h"
#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"

namespace mensajero::storage::postgres {
namespace {

HealthSampleRecord readSample(const PgResult& rows, int row) {
  return {rows.text(row, 0), rows.text(row, 1), common::healthSampleValue(rows.text(row, 2)),
          rows.time(row, 3), rows.json(row, 4)};
}

}  // namespace

Status insertHealthSamples(PgConnection& db, const std::vector<HealthSampleRecord>& samples) {
  if (Status valid = common::validateHealthSamples(samples); !valid) return valid;
  for (const auto& sample : samples) {
    auto inserted = db.run(
        "INSERT INTO system_health_metrics (service_name, metric_type, metric_value, "
        "\"timestamp\", metadata) VALUES ($1, $2, $3::numeric, $4, $5::jsonb)",
        PgParams()
            .text(sample.service_name)
            .text(sample.metric_type)
            .text(common::healthSampleValueText(sample.metric_value))
            .time(sample.timestamp)
            .text(sample.metadata_json));
    if (!inserted) return inserted.error();
  }
  return {};
}

Result<std::vector<HealthSampleRecord>> listHealthSamples(PgConnection& db,
                                                          const HealthSampleQuery& query) {
  return queryAll(db,
                  "SELECT service_name, metric_type, metric_value::text, " PG_MILLIS(
                      "\"timestamp\"") ", metadata FROM system_health_metrics WHERE \"timestamp\" >= $1 "
                                   "AND \"timestamp\" <= $2 AND ($3::text IS NULL OR service_name = "
                                   "$3) AND ($4::text IS NULL OR metric_type = $4) ORDER BY "
                                   "\"timestamp\", service_name, metric_type LIMIT $5",
                  PgParams()
                      .time(query.from)
                      .time(query.to)
                      .optText(query.service_name)
                      .optText(query.metric_type)
                      .integer(common::healthSampleListLimit(query)),
                  readSample);
}

Result<int> pruneHealthSamplesBefore(PgConnection& db, UnixMillis cutoff, int limit) {
  auto pruned = db.run(
      "DELETE FROM system_health_metrics WHERE id = ANY(ARRAY(SELECT id FROM "
      "system_health_metrics WHERE \"timestamp\" < $1 LIMIT $2))",
      PgParams().time(cutoff).integer(limit));
  if (!pruned) return pruned.error();
  return pruned->affected();
}

}  // namespace mensajero::storage::postgres
