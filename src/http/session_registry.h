#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace mensajero::http {

class Session;

// The live connections of one server, so that stop() can reach them and wait for them.
// Thread-safe. Holds weak references: a session is owned by its own coroutine.
class SessionRegistry {
 public:
  // Returns false once closed; the caller then drops the connection.
  bool add(const std::shared_ptr<Session>& session);
  // Called by each session as it is destroyed; wakes waiters when the last one leaves.
  void remove(const Session* session);
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
  std::vector<std::shared_ptr<Session>> liveLocked() const;

  mutable std::mutex mu_;
  std::condition_variable emptied_;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;
  std::atomic<bool> closed_ = false;
};

}  // namespace mensajero::http
