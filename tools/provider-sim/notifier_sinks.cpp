#include "notifier_sinks.h"

#include <utility>

namespace mensajero::provider_sim {

bool NotifierSinks::isSink(std::string_view name) {
  return name == "slack" || name == "pagerduty" || name == "webhook" || name == "email";
}

void NotifierSinks::record(const std::string& sink, nlohmann::json item) {
  std::lock_guard lock(mutex_);
  Sink& s = sinks_[sink];
  s.received.push_back(std::move(item));
  ++s.count;
  if (s.received.size() > kMaxRecords) s.received.pop_front();
}

void NotifierSinks::countRejected(const std::string& sink) {
  std::lock_guard lock(mutex_);
  ++sinks_[sink].rejected;
}

std::optional<unsigned> NotifierSinks::takeFailure(const std::string& sink) {
  std::lock_guard lock(mutex_);
  Sink& s = sinks_[sink];
  if (s.fail_next <= 0) return std::nullopt;
  --s.fail_next;
  ++s.failed;
  return s.http_status;
}

bool NotifierSinks::updateControl(const std::string& sink, const nlohmann::json& patch) {
  // Every field is checked before any is applied, so a refused patch changes nothing.
  auto in_range = [](const nlohmann::json& value, long long min, long long max) {
    return value.is_number_integer() && value.get<long long>() >= min &&
           value.get<long long>() <= max;
  };
  for (const auto& [key, value] : patch.items()) {
    const bool valid = (key == "fail_next" && in_range(value, 0, 1'000'000)) ||
                       (key == "http_status" && in_range(value, 400, 599));
    if (!valid) return false;
  }
  std::lock_guard lock(mutex_);
  Sink& s = sinks_[sink];
  if (patch.contains("fail_next")) s.fail_next = patch["fail_next"].get<int>();
  if (patch.contains("http_status")) s.http_status = patch["http_status"].get<unsigned>();
  return true;
}

void NotifierSinks::clear(const std::string& sink) {
  std::lock_guard lock(mutex_);
  sinks_[sink] = Sink{};
}

nlohmann::json NotifierSinks::toJson(const std::string& sink) const {
  std::lock_guard lock(mutex_);
  auto found = sinks_.find(sink);
  const Sink empty;
  const Sink& s = found == sinks_.end() ? empty : found->second;
  nlohmann::json received = nlohmann::json::array();
  for (const auto& item : s.received) received.push_back(item);
  return {{"sink", sink},
          {"count", s.count},
          {"received", std::move(received)},
          {"rejected", s.rejected},
          {"failed", s.failed},
          {"fail_next", s.fail_next},
          {"http_status", s.http_status}};
}

}  // namespace mensajero::provider_sim
