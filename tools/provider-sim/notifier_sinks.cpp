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
  std::lock_guard lock(mutex_);
  Sink& s = sinks_[sink];
  for (const auto& [key, value] : patch.items()) {
    if (key == "fail_next" && value.is_number_integer() && value.get<long long>() >= 0 &&
        value.get<long long>() <= 1'000'000) {
      s.fail_next = value.get<int>();
    } else if (key == "http_status" && value.is_number_integer() && value.get<int>() >= 400 &&
               value.get<int>() <= 599) {
      s.http_status = value.get<unsigned>();
    } else {
      return false;
    }
  }
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
