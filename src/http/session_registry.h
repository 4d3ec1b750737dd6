#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace mensajero::http {

class Session;

// The live connections of one server, so that stop() can reach them and wait for them, and
// so that a full server can find the connection idle longest. Thread-safe. Holds weak
// references: a session is owned by its own coroutine.
class SessionRegistry {
 public:
  // Returns false once closed; the caller then drops the connection. A session starts out
  // idle: a new connection has not sent a request yet.
  bool add(const std::shared_ptr<Session>& session);
  // Called by each session as it is destroyed; wakes waiters when the last one leaves.
  void remove(const Session* session);
  // Between requests, or still reading a header: a candidate for eviction from now on,
  // after every session idle longer.
  void markIdle(const Session* session);
  // Serving a request: not a candidate for eviction.
  void markBusy(const Session* session);
  // Takes the session idle longest out of the candidates for good: it is being evicted
  // (Session::evict closes it now, or after the answer it is writing), so it is never handed
  // out twice, and one eviction stands for one connection closed. Null when no session is
  // idle. O(1): it runs on every accept while the server is full,
  // and a scan of a thousand sessions per accept was what slowed a flood of connections.
  std::shared_ptr<Session> takeLongestIdle();
  // Refuses further sessions and returns the live ones.
  std::vector<std::shared_ptr<Session>> close();
  std::vector<std::shared_ptr<Session>> live() const;
  // Sessions not yet destroyed, including ones already told to close.
  std::size_t size() const;
  // True from close() on. Read without the lock on every response, so that an answer
  // written after stop() began says "Connection: close" even before the session's own
  // shutdown notice (posted to its strand) has run.
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  // True when no session is left by the deadline.
  bool waitEmptyUntil(std::chrono::steady_clock::time_point deadline);

 private:
  struct Entry {
    std::weak_ptr<Session> session;
    bool idle;
    bool claimed = false;  // taken for eviction: never idle again
  };
  using Entries = std::list<Entry>;

  std::vector<std::shared_ptr<Session>> liveLocked() const;

  mutable std::mutex mu_;
  std::condition_variable emptied_;
  // Every entry is in one of the two lists and moves between them by splicing, which keeps
  // its iterator valid and allocates nothing per request. idle_ is in the order the
  // sessions turned idle, oldest first.
  Entries idle_;
  Entries busy_;
  std::unordered_map<const Session*, Entries::iterator> sessions_;
  std::atomic<bool> closed_ = false;
};

}  // namespace mensajero::http
