#include "notify/http_notifier.h"

#include <utility>

#include "notify/http_outcome.h"

namespace mensajero::notify {
namespace {

// Notification services answer a few bytes ("ok", a JSON status); anything longer is cut.
constexpr std::size_t kMaxResponseBytes = 64 * 1024;

}  // namespace

HttpNotifier::HttpNotifier(std::string channel, BuildCall build, transport::HttpClient& client,
                           const DeliverySettings& settings, const resilience::Clock& clock,
                           DeliveryGuard::Sleep sleep)
    : channel_(std::move(channel)),
      build_(std::move(build)),
      client_(client),
      settings_(settings),
      guard_("notifier:" + channel_, settings, clock, std::move(sleep)) {}

Status HttpNotifier::deliver(const monitoring::AlertNotification& notification) {
  // Built per attempt: a signed webhook's timestamp is the time of sending, so a retry is
  // as fresh as the first attempt for a receiver that refuses old timestamps.
  return guard_.run([&] {
    transport::HttpCall call = build_(notification);
    call.method = "POST";
    call.timeout = settings_.request_timeout;
    call.connect_timeout = settings_.connect_timeout;
    call.max_response_bytes = kMaxResponseBytes;
    return httpOutcome(channel_, client_.perform(call));
  });
}

}  // namespace mensajero::notify
