#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/channel_plan.h"
#include "core/send_request.h"
#include "core/tenant_directory.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// The front half of the send pipeline: validate the request against the domain rules,
// choose the channel instance and make the message durable as 'pending' in the outbox.
// Delivery happens in delivery::Dispatcher. Thread-safe.
class SendService {
 public:
  // Longest text body WhatsApp accepts (characters, not bytes).
  static constexpr std::size_t kMaxTextLength = 4096;

  // `max_backlog`: pending outbound messages of one organization beyond which accept()
  // refuses that organization's new ones. `max_schedule_ahead_ms`: the latest scheduledAt
  // accepted, from now.
  SendService(storage::Store& store, const resilience::Clock& clock, std::string instance_id,
              std::int64_t max_backlog = 100'000,
              std::int64_t max_schedule_ahead_ms = 30LL * 24 * 3600 * 1000);

  // On success the message is committed. When due now it is leased to this instance for
  // `lease_ms`, so the caller may attempt it at once without another worker taking it.
  // Errors: Invalid (bad recipient, content, priority, type), NotFound (conversation or
  // organization), Unavailable (no usable channel; store down; the organization's backlog
  // full, with retry_after_ms). Invalid scheduled_too_far beyond the schedule horizon.
  Result<SendTicket> accept(const SendRequest& request, int lease_ms);

  // accept() without a thread waiting for the commit: `done` gets what accept() would return,
  // exactly once: on the calling thread when the request is refused before the store, else
  // where the store completes the write (Store::acceptOutboundAsync). So `done` must be short
  // and must not call the store.
  using AcceptDone = std::function<void(Result<SendTicket>)>;
  void acceptAsync(const SendRequest& request, int lease_ms, AcceptDone done);

  const std::string& instanceId() const { return instance_id_; }

  // The fallback channels of each organization (by id) whose send requests carry none, from
  // the configuration. Call before accept() runs; not synchronised with it.
  void setDefaultFallbackChannels(std::map<std::string, std::vector<std::string>> defaults) {
    default_fallbacks_ = std::move(defaults);
  }

  // The language a template send falls back to when the requested one does not exist (and
  // the one used when it names none), per organization id; kDefaultTemplateLanguage for an
  // organization without one. Call before accept() runs; not synchronised with it.
  static constexpr std::string_view kDefaultTemplateLanguage = "es";
  void setDefaultLanguages(std::map<std::string, std::string> languages) {
    default_languages_ = std::move(languages);
  }

 private:
  // The organization's outbox backlog, counted at most once a second: exact enough for a
  // bound, cheap enough for every send. Per organization, so one clinic's scheduled backlog
  // never refuses another clinic's sends.
  Status checkBacklog(const std::string& organization_id);
  // Counts the organization's backlog into backlogs_; `started` is when it was asked for.
  Status recountBacklog(const std::string& organization_id, std::int64_t started);
  std::string defaultLanguage(const std::string& organization_id) const;

  // A validated request as the store takes it, with what its ticket needs once committed.
  struct Prepared {
    storage::NewOutboundMessage message;
    std::string organization_id;
    PlanStep step;
    bool due_now = true;
    std::optional<std::string> template_name;
    std::optional<std::string> template_language;
  };
  // Everything accept() does before the store: validation, the backlog bound, the recipient,
  // the template, the channel plan and its first step.
  Result<Prepared> prepare(const SendRequest& request, int lease_ms);
  // What accept() does once the message is committed: counters and the ticket.
  SendTicket admitted(const Prepared& prepared, const storage::AcceptedMessage& accepted);

  storage::Store& store_;
  const resilience::Clock& clock_;
  std::string instance_id_;
  const std::int64_t max_backlog_;
  const std::int64_t max_schedule_ahead_ms_;
  TenantDirectory tenants_;
  struct Backlog {
    std::int64_t pending = 0;
    std::int64_t counted_at = -1;    // monotonic ms
    std::int64_t next_count_at = 0;  // monotonic ms
    bool counting = false;           // a caller is counting it now
  };
  std::mutex backlog_mutex_;
  std::map<std::string, Backlog> backlogs_;  // by organization; guarded by backlog_mutex_
  std::map<std::string, std::vector<std::string>> default_fallbacks_;  // by organization
  std::map<std::string, std::string> default_languages_;               // by organization
  // Background recounts of backlogs (guarded by backlog_mutex_). Last, so that it is destroyed
  // first: destroying it waits for them, while the members they use still exist.
  std::vector<std::future<void>> recounts_;
};

}  // namespace mensajero::core
