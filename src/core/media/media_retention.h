#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/result.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// Deletes the bytes of media files older than media.retention_days (the metadata stays, so a
// conversation still names the file; GET /api/v2/media/{id} then answers 410 for an upload
// and downloads an inbound file again while the provider still has it). Media bytes are
// patient data, kept no longer than the clinic's retention. Runs at start() and then hourly
// on a thread of its own; stop() (or destruction) ends it. `store` and `clock` must outlive it.
class MediaRetention {
 public:
  MediaRetention(storage::Store& store, const resilience::Clock& clock, int retention_days);
  ~MediaRetention();
  MediaRetention(const MediaRetention&) = delete;
  MediaRetention& operator=(const MediaRetention&) = delete;

  void start();
  void stop();
  // One purge now, on the caller's thread: how many files lost their bytes.
  Result<int> purgeNow();

 private:
  void loop();

  storage::Store& store_;
  const resilience::Clock& clock_;
  const std::int64_t retention_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::core
