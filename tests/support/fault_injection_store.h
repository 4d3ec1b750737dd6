#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::testing {

// A storage::Store over a real one (leveldb's FaultInjectionTestEnv is the model): every call
// is forwarded, unless the test told the wrapper to fail it. Faults are chosen by operation
// name (the Store method's name, e.g. "acceptOutbound"):
// - failNth(op, n, error): the n-th call of `op` from now fails (1 = the next one);
// - failFromNow(op, error): every call of `op` fails until heal();
// - crash(): every write fails with Unavailable until heal(), as a database that went away
//   under a running gateway; reads still pass (the read connections were open). Nothing is
//   rolled back: a failed call never reaches the real store, so what it did not do is absent.
// A failed call changes nothing in the real store. Counts calls per operation, failed or not.
// Thread-safe. The real store must outlive the wrapper.
class FaultInjectionStore final : public storage::Store {
 public:
  explicit FaultInjectionStore(storage::Store& target) : target_(target) {}

  // The error an injected fault returns: `category`, code "db_injected" (a store error, so
  // the API answers with its public database message).
  static Error injected(ErrorCategory category = ErrorCategory::Unavailable);

  void failNth(const std::string& operation, int nth, Error error = injected());
  void failNext(const std::string& operation, Error error = injected()) {
    failNth(operation, 1, std::move(error));
  }
  void failFromNow(const std::string& operation, Error error = injected());
  void crash(Error error = injected());
  // Ends every fault still armed.
  void heal();
  // Runs `hook` on the calling thread at the start of the next call of `operation` (before it
  // reaches the real store), e.g. to hold that call while the test does something else.
  void beforeNext(const std::string& operation, std::function<void()> hook);

  // Calls of `operation` so far (failed ones included), and how many of them failed.
  int calls(std::string_view operation) const;
  int failures(std::string_view operation) const;

  // --- storage::Store ---
  using storage::Store::claimDueOutbound;
  Result<int> migrate() override;
  Result<int> schemaVersion() override;
  Status ping() override;
  Result<std::vector<std::string>> durabilityCaveats() override;
  Result<storage::StoreStats> stats() override;
  Result<std::int64_t> countPendingOutbound(std::string_view organization_id) override;
  Result<storage::OrganizationRecord> createOrganization(
      storage::OrganizationRecord organization) override;
  Result<storage::OrganizationRecord> upsertOrganization(
      storage::OrganizationRecord organization) override;
  Result<std::optional<storage::OrganizationRecord>> findOrganization(std::string_view id) override;
  Result<std::optional<storage::OrganizationRecord>> findOrganizationByName(
      std::string_view name) override;
  Result<storage::ApiKeyRecord> insertApiKey(storage::ApiKeyRecord key) override;
  Result<std::optional<storage::ApiKeyRecord>> findApiKeyByHash(std::string_view key_hash) override;
  Result<std::vector<storage::ApiKeyRecord>> listApiKeys(std::string_view organization_id) override;
  Result<storage::ApiKeyRecord> revokeApiKey(std::string_view id, UnixMillis at) override;
  Result<storage::ChannelInstanceRecord> upsertChannelInstance(
      storage::ChannelInstanceRecord channel) override;
  Result<std::vector<storage::ChannelInstanceRecord>> listChannelInstances(
      std::string_view organization_id) override;
  Result<std::vector<storage::ChannelInstanceRecord>> listAllChannelInstances() override;
  Result<std::optional<storage::ChannelInstanceRecord>> findChannelInstance(
      std::string_view id) override;
  std::uint64_t directoryGeneration() const override { return target_.directoryGeneration(); }
  Status updateChannelHealth(std::string_view id, std::string_view health_status,
                             UnixMillis checked_at) override;
  Status setChannelStatus(std::string_view id, std::string_view status,
                          std::optional<std::string> last_error) override;
  Status recordCircuitBreakerEvent(const storage::CircuitBreakerEventRecord& event) override;
  Result<std::vector<storage::CircuitBreakerEventRecord>> listCircuitBreakerEvents(
      std::string_view service_name, int limit) override;
  Result<storage::AcceptedMessage> acceptOutbound(storage::NewOutboundMessage message) override;
  void acceptOutboundAsync(storage::NewOutboundMessage message, AcceptCallback done) override;
  Result<std::optional<storage::MessageRecord>> findMessage(std::string_view id) override;
  Result<std::vector<storage::MessageRecord>> claimDueOutbound(
      UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
      const std::vector<std::string>& skip_channel_instances) override;
  Result<storage::AttemptApplied> recordSendAttempt(
      const storage::SendAttemptRecord& attempt) override;
  Result<storage::AttemptApplied> advanceChannelPlan(
      const storage::PlanAdvanceRecord& advance) override;
  Result<std::string> listSendAttempts(std::string_view message_id) override;
  Result<storage::IdempotencyOutcome> beginIdempotentRequest(
      const storage::IdempotentRequest& request) override;
  Status completeIdempotentRequest(const storage::IdempotencyKeyId& id, int status,
                                   std::string_view body) override;
  Status releaseIdempotentRequest(const storage::IdempotencyKeyId& id) override;
  Result<int> purgeIdempotencyKeysBefore(UnixMillis cutoff) override;
  Result<std::optional<storage::ConversationPage>> getConversation(
      std::string_view organization_id, std::string_view conversation_id, int limit,
      std::optional<std::string> before_message_id) override;
  // An injected fault completes `done` at once, on the calling thread.
  void appendWebhookAsync(storage::WebhookLogRecord record, WebhookAppendCallback done) override;
  Result<std::vector<storage::WebhookLogRecord>> listUnprocessedWebhooks(int limit) override;
  Result<storage::WebhookApplyCounts> applyWebhookWork(
      const std::vector<storage::WebhookWork>& batch) override;
  Result<int> purgeEventKeysBefore(UnixMillis cutoff) override;

  // --- message templates (issue 11) ---
  Result<storage::TemplateRecord> createTemplate(storage::TemplateRecord record) override;
  Result<std::optional<storage::TemplateRecord>> findTemplate(std::string_view organization_id,
                                                              std::string_view id) override;
  Result<std::optional<storage::TemplateRecord>> findTemplateByName(
      std::string_view organization_id, std::string_view name, std::string_view language) override;
  Result<std::vector<storage::TemplateRecord>> listTemplates(
      std::string_view organization_id, const storage::TemplateFilter& filter) override;
  Result<storage::TemplateRecord> updateTemplate(storage::TemplateRecord record) override;
  Result<storage::TemplateRecord> upsertTemplateByName(storage::TemplateRecord record) override;
  Result<std::optional<storage::TemplateRecord>> setTemplateStatusByProviderId(
      std::string_view organization_id, std::string_view provider_template_id,
      domain::TemplateStatus status, std::optional<std::string> reason,
      std::optional<std::string> quality) override;

  // --- media ---
  Result<storage::MediaSaved> saveUploadedMedia(const storage::NewMediaRecord& media) override;
  Status recordInboundMedia(const std::vector<storage::NewMediaRecord>& media) override;
  Result<std::optional<storage::MediaRecord>> findMedia(std::string_view organization_id,
                                                        std::string_view media_id,
                                                        bool with_bytes) override;
  Status setProviderMediaId(std::string_view organization_id, std::string_view media_id,
                            std::string_view provider, std::string_view provider_media_id) override;
  Status cacheMediaBytes(std::string_view organization_id, std::string_view media_id,
                         std::string_view mime_type, std::string_view bytes) override;
  Result<int> purgeMediaBytesBefore(UnixMillis cutoff) override;

  // --- alerting (issue 12) ---
  Result<bool> acquireAlertLease(std::string_view name, std::string_view owner, UnixMillis now,
                                 UnixMillis expires_at) override;
  Status releaseAlertLease(std::string_view name, std::string_view owner) override;
  Result<std::vector<storage::AlertStateRecord>> listAlertStates() override;
  Status saveAlertState(const storage::AlertStateRecord& record) override;
  Result<storage::DeliveryOutcomeCounts> countDeliveryOutcomes(UnixMillis since) override;
  // --- health samples ---
  int latestSchemaVersion() const override { return target_.latestSchemaVersion(); }
  Status insertHealthSamples(const std::vector<storage::HealthSampleRecord>& samples) override;
  Result<std::vector<storage::HealthSampleRecord>> listHealthSamples(
      const storage::HealthSampleQuery& query) override;
  Result<int> pruneHealthSamplesBefore(UnixMillis cutoff) override;

 private:
  enum class Kind { Read, Write };
  struct Countdown {
    int remaining;  // calls still to pass before the one that fails
    Error error;
  };

  // Counts the call and returns the fault to answer it with, if one is armed for it.
  std::optional<Error> fault(std::string_view operation, Kind kind);

  storage::Store& target_;
  mutable std::mutex mutex_;
  std::map<std::string, int, std::less<>> calls_;                     // guarded by mutex_
  std::map<std::string, int, std::less<>> failures_;                  // guarded by mutex_
  std::map<std::string, std::vector<Countdown>, std::less<>> nth_;    // guarded by mutex_
  std::map<std::string, Error, std::less<>> always_;                  // guarded by mutex_
  std::optional<Error> crashed_;                                      // guarded by mutex_
  std::map<std::string, std::function<void()>, std::less<>> before_;  // guarded by mutex_
};

}  // namespace mensajero::testing
