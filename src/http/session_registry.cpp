#include "http/session_registry.h"

namespace mensajero::http {

bool SessionRegistry::add(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mu_);
  if (closed_.load(std::memory_order_relaxed)) return false;
  idle_.push_back(Entry{session, true});
  sessions_.emplace(session.get(), std::prev(idle_.end()));
  return true;
}

void SessionRegistry::remove(const Session* session) {
  std::lock_guard lock(mu_);
  const auto found = sessions_.find(session);
  if (found == sessions_.end()) return;
  (found->second->idle ? idle_ : busy_).erase(found->second);
  sessions_.erase(found);
  if (sessions_.empty()) emptied_.notify_all();
}

void SessionRegistry::markIdle(const Session* session) {
  std::lock_guard lock(mu_);
  const auto found = sessions_.find(session);
  if (found == sessions_.end() || found->second->idle || found->second->claimed) return;
  idle_.splice(idle_.end(), busy_, found->second);
  found->second->idle = true;
}

void SessionRegistry::markBusy(const Session* session) {
  std::lock_guard lock(mu_);
  const auto found = sessions_.find(session);
  if (found == sessions_.end() || !found->second->idle) return;
  busy_.splice(busy_.end(), idle_, found->second);
  found->second->idle = false;
}

std::shared_ptr<Session> SessionRegistry::takeLongestIdle() {
  std::lock_guard lock(mu_);
  while (!idle_.empty()) {
    const auto oldest = idle_.begin();
    oldest->idle = false;
    oldest->claimed = true;
    busy_.splice(busy_.end(), idle_, oldest);
    // A session whose destructor is waiting for mu_ no longer locks; the next one may.
    if (auto strong = oldest->session.lock()) return strong;
  }
  return nullptr;
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
  for (const Entries* entries : {&idle_, &busy_}) {
    for (const Entry& entry : *entries) {
      // A session whose destructor is waiting for mu_ no longer locks; skip it.
      if (auto strong = entry.session.lock()) out.push_back(std::move(strong));
    }
  }
  return out;
}

}  // namespace mensajero::http
