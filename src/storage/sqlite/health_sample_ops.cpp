#include "storage/sqlite/health_sample_ops.h"

#include "storage/common/health_sample_columns.h"
#include "storage/sqlite/ids.h"

namespace mensajero::storage::sqlite {

Status insertHealthSamples(Connection& db, const std::vector<HealthSampleRecord>& samples) {
  if (Status valid = common::validateHealthSamples(samples); !valid) return valid;
  for (const auto& sample : samples) {
    auto insert = db.prepare(
        "INSERT INTO system_health_metrics (id, service_name, metric_type, metric_value, "
        "timestamp, metadata) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert) return insert.error();
    insert->bindText(1, newId());
    insert->bindText(2, sample.service_name);
    insert->bindText(3, sample.metric_type);
    insert->bindText(4, common::healthSampleValueText(sample.metric_value));  // REAL affinity
    insert->bindTime(5, sample.timestamp);
    insert->bindText(6, sample.metadata_json);
    if (Status ran = insert->run(); !ran) return ran;
  }
  return {};
}

Result<std::vector<HealthSampleRecord>> listHealthSamples(Connection& db,
                                                          const HealthSampleQuery& query) {
  auto select = db.prepare(
      "SELECT service_name, metric_type, CAST(metric_value AS TEXT), timestamp, metadata FROM "
      "system_health_metrics WHERE timestamp >= ?1 AND timestamp <= ?2 AND (?3 IS NULL OR "
      "service_name = ?3) AND (?4 IS NULL OR metric_type = ?4) ORDER BY timestamp, "
      "service_name, metric_type LIMIT ?5");
  if (!select) return select.error();
  select->bindTime(1, query.from);
  select->bindTime(2, query.to);
  select->bindOptText(3, query.service_name);
  select->bindOptText(4, query.metric_type);
  select->bindInt(5, common::healthSampleListLimit(query));
  std::vector<HealthSampleRecord> samples;
  for (;;) {
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) break;
    samples.push_back({select->text(0), select->text(1), common::healthSampleValue(select->text(2)),
                       select->time(3), select->text(4)});
  }
  return samples;
}

Result<int> pruneHealthSamplesBefore(Connection& db, UnixMillis cutoff) {
  auto prune = db.prepare("DELETE FROM system_health_metrics WHERE timestamp < ?1");
  if (!prune) return prune.error();
  prune->bindTime(1, cutoff);
  if (Status ran = prune->run(); !ran) return ran.error();
  return prune->changes();
}

}  // namespace mensajero::storage::sqlite
