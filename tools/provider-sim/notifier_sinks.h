#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {

// What the alert notifiers sent, per sink ("slack", "pagerduty", "webhook", "email"), so
// tests can assert it, plus a failure knob per sink. Thread-safe.
class NotifierSinks {
 public:
  static constexpr std::size_t kMaxRecords = 500;  // per sink; the oldest are dropped

  static bool isSink(std::string_view name);

  // Keeps one received item (a JSON object the sink built) and counts it.
  void record(const std::string& sink, nlohmann::json item);
  // Counts an item the sink refused as malformed (not kept).
  void countRejected(const std::string& sink);
  // When the sink's fail_next is above zero: decrements it and returns the status to fail
  // with (an HTTP status; the SMTP sink answers 451 instead).
  std::optional<unsigned> takeFailure(const std::string& sink);
  // Merges {"fail_next": N, "http_status": S}; false when a field is invalid.
  bool updateControl(const std::string& sink, const nlohmann::json& patch);
  void clear(const std::string& sink);
  // {"sink","count","received":[...],"rejected","failed","fail_next","http_status"}
  nlohmann::json toJson(const std::string& sink) const;

 private:
  struct Sink {
    std::deque<nlohmann::json> received;
    std::size_t count = 0;  // ever received, dropped ones included
    std::size_t rejected = 0;
    std::size_t failed = 0;
    int fail_next = 0;
    unsigned http_status = 500;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Sink> sinks_;  // guarded by mutex_
};

}  // namespace mensajero::provider_sim
