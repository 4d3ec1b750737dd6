#include "http/session_registry.h"

namespace mensajero::http {

bool SessionRegistry::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mu_);
  if (closed_.load(std::memory_order_relaxed)) return false;
  sessions_.emplace(session.get(), session);
  return true;
}

void SessionRegistry::remove(const Session* session) {
  std::lock_guard lock(mu_);
  if (sessions_.erase(session) > 0 && sessions_.empty()) emptied_.notify_all();
}

std::vector<std::shared_ptr<Session>> SessionRegistry::close() {
  std::lock_guard lock(mu_);
  closed_.store(true, std::memory_order_release);
  return liveLocked();
}

std::vector<std::shared_ptr<Session>> SessionRegistry::live() const {
  std::lock_guard lock(mu_);
  return liveLocked();
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

bool SessionRegistry::waitEmptyUntil(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return emptied_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

std::vector<std::shared_ptr<Session>> SessionRegistry::liveLocked() const {
  std::vector<std::shared_ptr<Session>> out;
  out.reserve(sessions_.size());
  for (const auto& [key, weak] : sessions_) {
    // A session whose destructor is waiting for mu_ no longer locks; skip it.
    if (auto strong = weak.lock()) out.push_back(std::move(strong));
  }
  return out;
}

}  // namespace mensajero::http
