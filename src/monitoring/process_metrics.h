#pragma once

#include <optional>
#include <string_view>

#include "monitoring/metrics_registry.h"

// The process metrics Prometheus client libraries conventionally export, read from /proc at
// scrape time: process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds,
// process_max_fds, process_threads, process_start_time_seconds, process_cpu_seconds_total.
namespace mensajero::monitoring {

struct ProcessStats {
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;
  double threads = 0;
  double start_time_seconds = 0;  // since the Unix epoch
  double cpu_seconds = 0;         // user + system
};

// Parses /proc/self/stat's text (fields after the command's closing parenthesis), with the
// clock ticks per second, the page size and the boot time in seconds since the epoch.
// nullopt when the text is not that shape.
std::optional<ProcessStats> parseProcStat(std::string_view stat, long ticks_per_second,
                                          long page_size, double boot_time_seconds);

// This process's figures now; fields that cannot be read stay 0.
ProcessStats readProcessStats();

// Registers the process families as a collector on `registry`.
[[nodiscard]] CollectorHandle addProcessCollector(MetricsRegistry& registry);

}  // namespace mensajero::monitoring
