#include "http/body_budget.h"

#include <utility>

namespace mensajero::http {

BodyBudget::Lease::Lease(Lease&& other) noexcept
    : budget_(std::exchange(other.budget_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}

BodyBudget::Lease& BodyBudget::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    budget_ = std::exchange(other.budget_, nullptr);
    bytes_ = std::exchange(other.bytes_, 0);
  }
  return *this;
}

bool BodyBudget::Lease::grow(std::size_t bytes) {
  if (!budget_ || !budget_->take(bytes)) return false;
  bytes_ += bytes;
  return true;
}

void BodyBudget::Lease::release() {
  if (budget_ && bytes_ > 0) budget_->give(bytes_);
  bytes_ = 0;
}

bool BodyBudget::take(std::size_t bytes) {
  std::size_t used = used_.load(std::memory_order_relaxed);
  do {
    if (bytes > capacity_ - used) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
  return true;
}

}  // namespace mensajero::http
