#include "monitoring/process_metrics.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

namespace mensajero::monitoring {
namespace {

std::string readFile(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "btime <seconds>" in /proc/stat.
double bootTimeSeconds() {
  std::istringstream lines(readFile("/proc/stat"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return 0;
}

double countOpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory stream's own descriptor
}

FamilySnapshot gauge(std::string name, std::string help, double value,
                     MetricType type = MetricType::Gauge) {
  FamilySnapshot family{std::move(name), std::move(help), type, {}, {}};
  family.samples.push_back({{}, value, {}});
  return family;
}

}  // namespace

std::optional<ProcessStats> parseProcStat(std::string_view stat, long ticks_per_second,
                                          long page_size, double boot_time_seconds) {
  // The command (field 2) may hold spaces and parentheses: fields start after the last ')'.
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
  std::vector<std::string_view> fields;  // fields[0] is field 3 (state)
  std::string_view rest = stat.substr(close + 1);
  constexpr std::string_view kSpace = " \n";
  while (fields.size() < 64) {
    const auto start = rest.find_first_not_of(kSpace);
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const auto end = std::min(rest.find_first_of(kSpace), rest.size());
    fields.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  // utime 14, stime 15, num_threads 20, starttime 22, vsize 23, rss 24 (1-based, proc(5)).
  if (fields.size() < 22) return std::nullopt;
  auto number = [&](int field) {
    double value = 0;
    const std::string_view text = fields[static_cast<std::size_t>(field - 3)];
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  };
  const double ticks = static_cast<double>(ticks_per_second);
  ProcessStats stats;
  stats.cpu_seconds = (number(14) + number(15)) / ticks;
  stats.threads = number(20);
  stats.start_time_seconds = boot_time_seconds + number(22) / ticks;
  stats.virtual_bytes = number(23);
  stats.resident_bytes = number(24) * static_cast<double>(page_size);
  return stats;
}

ProcessStats readProcessStats() {
  static const double boot_time = bootTimeSeconds();
  ProcessStats stats = parseProcStat(readFile("/proc/self/stat"), sysconf(_SC_CLK_TCK),
                                     sysconf(_SC_PAGESIZE), boot_time)
                           .value_or(ProcessStats{});
  stats.open_fds = countOpenFds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) stats.max_fds = static_cast<double>(limit.rlim_cur);
  return stats;
}

CollectorHandle addProcessCollector(MetricsRegistry& registry) {
  return registry.addCollector([] {
    const ProcessStats s = readProcessStats();
    return std::vector<FamilySnapshot>{
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.", s.resident_bytes),
        gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", s.virtual_bytes),
        gauge("process_open_fds", "Number of open file descriptors.", s.open_fds),
        gauge("process_max_fds", "Maximum number of open file descriptors.", s.max_fds),
        gauge("process_threads", "Number of OS threads in the process.", s.threads),
        gauge("process_start_time_seconds",
              "Start time of the process since unix epoch in seconds.", s.start_time_seconds),
        gauge("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
              s.cpu_seconds, MetricType::Counter),
    };
  });
}

}  // namespace mensajero::monitoring
