#include "storage/common/health_sample_columns.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace mensajero::storage::common {
namespace {

constexpr double kColumnMax = 999'999.9999;

}  // namespace

std::string healthSampleValueText(double value) {
  if (std::isnan(value)) value = 0;
  value = std::clamp(value, -kColumnMax, kColumnMax);
  char text[32];
  std::snprintf(text, sizeof(text), "%.4f", value);
  return text;
}

double healthSampleValue(std::string_view text) {
  const std::string owned(text);
  char* end = nullptr;
  const double value = std::strtod(owned.c_str(), &end);
  return end == owned.c_str() ? 0 : value;
}

Status validateHealthSamples(const std::vector<HealthSampleRecord>& samples) {
  for (const auto& sample : samples) {
    if (sample.service_name.empty() || sample.metric_type.empty()) {
      return makeError(ErrorCategory::Invalid, "invalid_record",
                       "a health sample needs a service name and a metric type");
    }
    const auto metadata = nlohmann::json::parse(sample.metadata_json, nullptr, false);
    if (!metadata.is_object()) {
      return makeError(ErrorCategory::Invalid, "invalid_record",
                       "a health sample's metadata must be a JSON object");
    }
  }
  return {};
}

int healthSampleListLimit(const HealthSampleQuery& query) {
  return std::clamp(query.limit, 1, kHealthSampleListLimit);
}

}  // namespace mensajero::storage::common
