#include "core/media/media_retention.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace mensajero::core {
namespace {

constexpr std::chrono::hours kEvery{1};
constexpr std::int64_t kDayMs = 86'400'000;

}  // namespace

MediaRetention::MediaRetention(storage::Store& store, const resilience::Clock& clock,
                               int retention_days)
    : store_(store), clock_(clock), retention_ms_(retention_days * kDayMs) {}

MediaRetention::~MediaRetention() { stop(); }

void MediaRetention::start() {
  thread_ = std::thread([this] { loop(); });
}

void MediaRetention::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<int> MediaRetention::purgeNow() {
  return store_.purgeMediaBytesBefore(clock_.now() - retention_ms_);
}

void MediaRetention::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    if (auto purged = purgeNow(); !purged) {
      spdlog::warn("purging media bytes past retention failed: {}", purged.error().message);
    } else if (*purged > 0) {
      spdlog::info("media retention: deleted the bytes of {} files", *purged);
    }
    lock.lock();
    // NOTE: housekeeping waits on the steady clock like the dispatcher's hourly purge; the
    // cutoff itself reads the injected clock, so tests call purgeNow() with a manual one.
    wake_.wait_for(lock, kEvery, [this] { return stopping_; });
  }
}

}  // namespace mensajero::core
