#include "monitoring/metrics_registry.h"

#include <utility>

#include <algorithm>
#include <stdexcept>

namespace mensajero::monitoring {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) {
  // The first bound >= value: Prometheus buckets are "less than or equal".
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot snapshot;
  snapshot.bounds = bounds_;
  snapshot.cumulative.reserve(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

std::vector<double> latencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string_view toText(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

std::string boundedLabelValue(std::string_view value) {
  if (value.size() <= kMaxLabelValueBytes) return std::string(value);
  std::size_t cut = kMaxLabelValueBytes;
  // Never leave half a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return std::string(value.substr(0, cut));
}

CollectorHandle::CollectorHandle(CollectorHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

CollectorHandle& CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    if (registry_) registry_->removeCollector(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

CollectorHandle::~CollectorHandle() {
  if (registry_) registry_->removeCollector(id_);
}

void MetricsRegistry::checkNew(const std::string& name, MetricType type,
                               const std::vector<std::string>& label_names) const {
  const auto found = families_.find(name);
  if (found == families_.end()) return;
  if (found->second.type != type || found->second.label_names != label_names) {
    throw std::logic_error("metric family registered twice with another shape: " + name);
  }
}

CounterFamily& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                        std::vector<std::string> label_names,
                                        std::size_t max_series) {
  std::lock_guard lock(mutex_);
  checkNew(name, MetricType::Counter, label_names);
  Entry& entry = families_[name];
  if (!entry.counter) {
    entry.type = MetricType::Counter;
    entry.label_names = label_names;
    entry.counter = std::make_unique<CounterFamily>(name, help, std::move(label_names), max_series,
                                                    [] { return std::make_unique<Counter>(); });
  }
  return *entry.counter;
}

GaugeFamily& MetricsRegistry::gauge(const std::string& name, const std::string& help,
                                    std::vector<std::string> label_names, std::size_t max_series) {
  std::lock_guard lock(mutex_);
  checkNew(name, MetricType::Gauge, label_names);
  Entry& entry = families_[name];
  if (!entry.gauge) {
    entry.type = MetricType::Gauge;
    entry.label_names = label_names;
    entry.gauge = std::make_unique<GaugeFamily>(name, help, std::move(label_names), max_series,
                                                [] { return std::make_unique<Gauge>(); });
  }
  return *entry.gauge;
}

HistogramFamily& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                            std::vector<std::string> label_names,
                                            std::vector<double> bounds, std::size_t max_series) {
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  std::lock_guard lock(mutex_);
  checkNew(name, MetricType::Histogram, label_names);
  Entry& entry = families_[name];
  if (!entry.histogram) {
    entry.type = MetricType::Histogram;
    entry.label_names = label_names;
    entry.histogram = std::make_unique<HistogramFamily>(
        name, help, std::move(label_names), max_series,
        [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
  }
  return *entry.histogram;
}

CollectorHandle MetricsRegistry::addCollector(Collector collector) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_collector_++;
  collectors_[id] = std::make_shared<const Collector>(std::move(collector));
  return CollectorHandle(this, id);
}

void MetricsRegistry::removeCollector(std::uint64_t id) {
  // Waits for a scrape that may be running this collector: after removal it never runs again.
  std::lock_guard collecting(collecting_);
  std::lock_guard lock(mutex_);
  collectors_.erase(id);
}

namespace {

template <typename Metric>
FamilySnapshot snapshotOf(const Family<Metric>& family, MetricType type) {
  FamilySnapshot out{family.name(), family.help(), type, family.labelNames(), {}};
  family.forEach([&](const LabelValues& labels, const Metric& metric) {
    FamilySnapshot::Sample sample;
    sample.labels = labels;
    if constexpr (std::is_same_v<Metric, Histogram>) {
      sample.histogram = metric.snapshot();
    } else {
      sample.value = metric.value();
    }
    out.samples.push_back(std::move(sample));
  });
  return out;
}

}  // namespace

std::vector<FamilySnapshot> MetricsRegistry::collect() const {
  std::lock_guard collecting(collecting_);
  std::vector<FamilySnapshot> out;
  std::vector<std::shared_ptr<const Collector>> collectors;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, entry] : families_) {
      if (entry.counter) out.push_back(snapshotOf(*entry.counter, MetricType::Counter));
      if (entry.gauge) out.push_back(snapshotOf(*entry.gauge, MetricType::Gauge));
      if (entry.histogram) out.push_back(snapshotOf(*entry.histogram, MetricType::Histogram));
    }
    for (const auto& [id, collector] : collectors_) collectors.push_back(collector);
  }
  // Collectors run outside the lock: they may take their components' own locks.
  for (const auto& collector : collectors) {
    for (FamilySnapshot& family : (*collector)()) {
      const bool taken = std::any_of(
          out.begin(), out.end(), [&](const FamilySnapshot& f) { return f.name == family.name; });
      if (taken) continue;
      if (family.samples.size() > kDefaultMaxSeries) family.samples.resize(kDefaultMaxSeries);
      for (auto& sample : family.samples) {
        sample.labels.resize(family.label_names.size());
        for (auto& value : sample.labels) value = boundedLabelValue(value);
      }
      out.push_back(std::move(family));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const FamilySnapshot& a, const FamilySnapshot& b) { return a.name < b.name; });
  return out;
}

MetricsRegistry& defaultRegistry() {
  // Never destroyed: components may count from their destructors during exit.
  static MetricsRegistry* registry = new MetricsRegistry();
  return *registry;
}

}  // namespace mensajero::monitoring
