#pragma once

#include <atomic>
#include <cstddef>

namespace mensajero::http {

// Caps the bytes the server holds, over all connections at once, for request bodies whose
// sender has not proven who it is: bodies of routes without an authenticating admission
// check, such as signed webhooks, whose signature can only be checked once the whole body is
// in memory. Without a cap, many slow or large anonymous bodies exhaust memory. Thread-safe.
class BodyBudget {
 public:
  // A share of the budget held by one request; returned when the lease goes away. Move-only.
  // Not thread-safe itself: one request (one strand) uses it.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { release(); }

    // Adds `bytes` to this lease. False (and nothing taken) when the budget cannot spare
    // them; the caller then refuses the request.
    bool grow(std::size_t bytes);
    // Grows the lease, if needed, so that it covers `total` bytes. False as for grow().
    bool cover(std::size_t total) { return total <= bytes_ || grow(total - bytes_); }
    std::size_t bytes() const { return bytes_; }
    void release();

   private:
    friend class BodyBudget;
    explicit Lease(BodyBudget* budget) : budget_(budget) {}

    BodyBudget* budget_ = nullptr;
    std::size_t bytes_ = 0;
  };

  explicit BodyBudget(std::size_t capacity_bytes) : capacity_(capacity_bytes) {}
  BodyBudget(const BodyBudget&) = delete;
  BodyBudget& operator=(const BodyBudget&) = delete;

  // An empty lease on this budget; it must not outlive the budget.
  Lease lease() { return Lease(this); }
  std::size_t capacity() const { return capacity_; }
  std::size_t inUse() const { return used_.load(std::memory_order_relaxed); }

 private:
  bool take(std::size_t bytes);
  void give(std::size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }

  const std::size_t capacity_;
  std::atomic<std::size_t> used_ = 0;
};

}  // namespace mensajero::http
