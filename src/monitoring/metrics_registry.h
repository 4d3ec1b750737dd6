#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// A small Prometheus-style metrics registry: counters, gauges and histograms with fixed label
// names, and pull-style collectors run at scrape time.
//
// NOTE: written here rather than taken from prometheus-cpp because Debian 12 does not package
// that library (nor any other C++ client), the project builds from Debian's packages only, and
// what the gateway needs is small: three metric types, the text format 0.0.4, and a hard bound
// on series per family.
//
// Label values are bounded: each family holds at most `max_series` series. A label set beyond
// that is folded into one series whose every label value is "other", so hostile paths or ids
// can never grow memory. Label values longer than kMaxLabelValueBytes are cut.
namespace mensajero::monitoring {

inline constexpr std::size_t kDefaultMaxSeries = 200;
inline constexpr std::size_t kMaxLabelValueBytes = 128;
inline constexpr std::string_view kOverflowLabelValue = "other";

using LabelValues = std::vector<std::string>;

// Monotonic. inc() is one atomic add; thread-safe.
class Counter {
 public:
  void inc(double amount = 1.0) {
    if (amount > 0) value_.fetch_add(amount, std::memory_order_relaxed);
  }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// A value that goes up and down. Thread-safe.
class Gauge {
 public:
  void set(double value) { value_.store(value, std::memory_order_relaxed); }
  void add(double amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Fixed upper bounds (ascending, without +Inf). observe() is a binary search and two atomic
// adds; thread-safe. A scrape reads the buckets one by one, so it may miss an observation that
// lands meanwhile, but the rendered _count is always the +Inf bucket, so the output is
// self-consistent.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // bounds_.size() + 1 (the +Inf)
  std::atomic<double> sum_{0.0};
};

// Latency buckets in seconds, from 1 ms to 10 s.
std::vector<double> latencyBuckets();

enum class MetricType { Counter, Gauge, Histogram };
std::string_view toText(MetricType type);

// What a scrape reads of one family.
struct FamilySnapshot {
  std::string name;
  std::string help;
  MetricType type = MetricType::Counter;
  std::vector<std::string> label_names;
  struct Sample {
    LabelValues labels;
    double value = 0;               // counters and gauges
    Histogram::Snapshot histogram;  // histograms
  };
  std::vector<Sample> samples;
};

// The series of one family, keyed by label values. with() finds or creates a series in a
// short critical section; the reference it returns stays valid as long as the registry, so hot
// paths may keep it.
template <typename Metric>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::size_t max_series, std::function<std::unique_ptr<Metric>()> make)
      : name_(std::move(name)),
        help_(std::move(help)),
        label_names_(std::move(label_names)),
        max_series_(max_series),
        make_(std::move(make)) {}

  // `values` must have one value per label name (missing ones read as "", extra ones are
  // ignored).
  Metric& with(std::initializer_list<std::string_view> values) {
    return with(LabelValues(values.begin(), values.end()));
  }
  Metric& with(LabelValues values);
  // The series count, overflow series included.
  std::size_t seriesCount() const;
  const std::string& name() const { return name_; }
  const std::vector<std::string>& labelNames() const { return label_names_; }

  // Each series' labels with its metric, in label order.
  void forEach(const std::function<void(const LabelValues&, const Metric&)>& fn) const;
  const std::string& help() const { return help_; }

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
  const std::size_t max_series_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<LabelValues, std::unique_ptr<Metric>> series_;  // guarded by mutex_
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// A pull-style collector: called at scrape time, returns whole families (e.g. a component's
// own atomic counters, a cached gauge). Must be quick and must not block on I/O.
using Collector = std::function<std::vector<FamilySnapshot>()>;

class MetricsRegistry;

// Removes its collector when destroyed, so a collector never outlives what it reads.
class CollectorHandle {
 public:
  CollectorHandle() = default;
  CollectorHandle(MetricsRegistry* registry, std::uint64_t id) : registry_(registry), id_(id) {}
  CollectorHandle(CollectorHandle&& other) noexcept;
  CollectorHandle& operator=(CollectorHandle&& other) noexcept;
  CollectorHandle(const CollectorHandle&) = delete;
  CollectorHandle& operator=(const CollectorHandle&) = delete;
  ~CollectorHandle();

 private:
  MetricsRegistry* registry_ = nullptr;
  std::uint64_t id_ = 0;
};

// Owns families by name. Registering a name twice returns the first family when the type and
// label names agree, and throws std::logic_error otherwise (a programming error). Thread-safe.
class MetricsRegistry {
 public:
  CounterFamily& counter(const std::string& name, const std::string& help,
                         std::vector<std::string> label_names = {},
                         std::size_t max_series = kDefaultMaxSeries);
  GaugeFamily& gauge(const std::string& name, const std::string& help,
                     std::vector<std::string> label_names = {},
                     std::size_t max_series = kDefaultMaxSeries);
  HistogramFamily& histogram(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names,
                             std::vector<double> bounds = latencyBuckets(),
                             std::size_t max_series = kDefaultMaxSeries);

  // Collected families are bounded to kDefaultMaxSeries samples each, and a name that a
  // registered family already has is dropped from a collector's answer.
  [[nodiscard]] CollectorHandle addCollector(Collector collector);

  // Every family, sorted by name; collectors are run now.
  std::vector<FamilySnapshot> collect() const;

 private:
  friend class CollectorHandle;
  void removeCollector(std::uint64_t id);
  void checkNew(const std::string& name, MetricType type,
                const std::vector<std::string>& label_names) const;

  struct Entry {
    MetricType type;
    std::vector<std::string> label_names;
    std::unique_ptr<CounterFamily> counter;
    std::unique_ptr<GaugeFamily> gauge;
    std::unique_ptr<HistogramFamily> histogram;
  };
  // Held while collectors run (taken before mutex_), so removing one waits for its scrape.
  mutable std::mutex collecting_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> families_;                                 // guarded by mutex_
  std::map<std::uint64_t, std::shared_ptr<const Collector>> collectors_;  // guarded by mutex_
  std::uint64_t next_collector_ = 1;                                      // guarded by mutex_
};

// The process's registry, as client libraries have: components count into it without being
// handed one. Tests of the registry itself make their own.
MetricsRegistry& defaultRegistry();

// Label values as the registry stores them: cut to kMaxLabelValueBytes.
std::string boundedLabelValue(std::string_view value);

// --- Family template members ---

template <typename Metric>
Metric& Family<Metric>::with(LabelValues values) {
  values.resize(label_names_.size());
  for (std::string& value : values) {
    if (value.size() > kMaxLabelValueBytes) value = boundedLabelValue(value);
  }
  std::lock_guard lock(mutex_);
  if (auto found = series_.find(values); found != series_.end()) return *found->second;
  // One slot stays for the overflow series, so the bound holds with it included.
  if (series_.size() + 1 >= max_series_) {
    values.assign(label_names_.size(), std::string(kOverflowLabelValue));
    if (auto found = series_.find(values); found != series_.end()) return *found->second;
  }
  auto& slot = series_[std::move(values)];
  slot = make_();
  return *slot;
}

template <typename Metric>
std::size_t Family<Metric>::seriesCount() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

template <typename Metric>
void Family<Metric>::forEach(
    const std::function<void(const LabelValues&, const Metric&)>& fn) const {
  std::lock_guard lock(mutex_);
  for (const auto& [labels, metric] : series_) fn(labels, *metric);
}

}  // namespace mensajero::monitoring
