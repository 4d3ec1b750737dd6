#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"

namespace mensajero::storage::sqlite {

class Checkpointer;
class ProcessLock;
class ReadPool;
class WriteQueue;

struct SqliteStoreOptions {
  std::string path;  // the database file; created if missing
  int busy_timeout_ms = 5000;
  int read_connections = 4;
  std::size_t max_queued_writes = 16384;
  // Hold a ProcessLock on the file while open: `serve` sets it, the CLI's short commands not.
  bool exclusive_process = false;
};

// The Store on one SQLite file: WAL, synchronous=FULL, one writer thread with group commit
// (all writes, migrations included, go through it), and a pool of read-only connections.
// Callbacks of appendWebhookAsync run on the writer thread, so they must be quick (e.g. post
// to an executor) and may read but never call a writing method: it would wait for the thread
// that is running the callback. A write that finds the queue full fails at once with
// Unavailable; for appendWebhookAsync that callback then runs on the caller's thread.
// Several processes may open the same file: SQLite's locks keep claims exclusive between them
// (the CLI's commands beside a running gateway); only one of them may serve (exclusive_process).
class SqliteStore final : public Store {
 public:
  // Opens (and creates) the database without migrating it. Unavailable when the file cannot
  // be opened or put in WAL mode.
  static Result<std::unique_ptr<SqliteStore>> open(const SqliteStoreOptions& options);
  // Applies and completes the writes already queued, then closes.
  ~SqliteStore() override;

  Result<int> migrate() override;
  Result<int> schemaVersion() override;
  Status ping() override;
  Result<std::vector<std::string>> durabilityCaveats() override;
  Result<StoreStats> stats() override;
  Result<std::int64_t> countPendingOutbound(std::string_view organization_id) override;

  Result<OrganizationRecord> createOrganization(OrganizationRecord organization) override;
  Result<OrganizationRecord> upsertOrganization(OrganizationRecord organization) override;
  Result<std::optional<OrganizationRecord>> findOrganization(std::string_view id) override;
  Result<std::optional<OrganizationRecord>> findOrganizationByName(std::string_view name) override;
  Result<ApiKeyRecord> insertApiKey(ApiKeyRecord key) override;
  Result<std::optional<ApiKeyRecord>> findApiKeyByHash(std::string_view key_hash) override;
  Result<std::vector<ApiKeyRecord>> listApiKeys(std::string_view organization_id) override;
  Result<ApiKeyRecord> revokeApiKey(std::string_view id, UnixMillis at) override;

  Result<ChannelInstanceRecord> upsertChannelInstance(ChannelInstanceRecord channel) override;
  Result<std::vector<ChannelInstanceRecord>> listChannelInstances(
      std::string_view organization_id) override;
  Result<std::vector<ChannelInstanceRecord>> listAllChannelInstances() override;
  Result<std::optional<ChannelInstanceRecord>> findChannelInstance(std::string_view id) override;
  Status setChannelStatus(std::string_view id, std::string_view status,
                          std::optional<std::string> last_error) override;
  Status recordCircuitBreakerEvent(const CircuitBreakerEventRecord& event) override;
  Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
      std::string_view service_name, int limit) override;
  Status updateChannelHealth(std::string_view id, std::string_view health_status,
                             UnixMillis checked_at) override;

  Result<AcceptedMessage> acceptOutbound(NewOutboundMessage message) override;
  void acceptOutboundAsync(NewOutboundMessage message, AcceptCallback done) override;
  Result<std::optional<MessageRecord>> findMessage(std::string_view id) override;
  using Store::claimDueOutbound;
  Result<std::vector<MessageRecord>> claimDueOutbound(
      UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
      const std::vector<std::string>& skip_channel_instances) override;
  Result<AttemptApplied> recordSendAttempt(const SendAttemptRecord& attempt) override;
  Result<std::string> listSendAttempts(std::string_view message_id) override;
  Result<AttemptApplied> advanceChannelPlan(const PlanAdvanceRecord& advance) override;

  Result<IdempotencyOutcome> beginIdempotentRequest(const IdempotentRequest& request) override;
  Status completeIdempotentRequest(const IdempotencyKeyId& id, int status,
                                   std::string_view body) override;
  Status releaseIdempotentRequest(const IdempotencyKeyId& id) override;
  Result<int> purgeIdempotencyKeysBefore(UnixMillis cutoff) override;

  Result<std::optional<ConversationPage>> getConversation(
      std::string_view organization_id, std::string_view conversation_id, int limit,
      std::optional<std::string> before_message_id) override;

  void appendWebhookAsync(WebhookLogRecord record, WebhookAppendCallback done) override;
  Result<std::vector<WebhookLogRecord>> listUnprocessedWebhooks(int limit) override;
  Result<WebhookApplyCounts> applyWebhookWork(const std::vector<WebhookWork>& batch) override;
  Result<int> purgeEventKeysBefore(UnixMillis cutoff) override;

  // --- message templates (issue 11) ---
  Result<TemplateRecord> createTemplate(TemplateRecord record) override;
  Result<std::optional<TemplateRecord>> findTemplate(std::string_view organization_id,
                                                     std::string_view id) override;
  Result<std::optional<TemplateRecord>> findTemplateByName(std::string_view organization_id,
                                                           std::string_view name,
                                                           std::string_view language) override;
  Result<std::vector<TemplateRecord>> listTemplates(std::string_view organization_id,
                                                    const TemplateFilter& filter) override;
  Result<TemplateRecord> updateTemplate(TemplateRecord record) override;
  Result<TemplateRecord> upsertTemplateByName(TemplateRecord record) override;
  Result<std::optional<TemplateRecord>> setTemplateStatusByProviderId(
      std::string_view organization_id, std::string_view provider_template_id,
      domain::TemplateStatus status, std::optional<std::string> reason,
      std::optional<std::string> quality) override;

  // --- media ---
  Result<MediaSaved> saveUploadedMedia(const NewMediaRecord& media) override;
  Status recordInboundMedia(const std::vector<NewMediaRecord>& media) override;
  Result<std::optional<MediaRecord>> findMedia(std::string_view organization_id,
                                               std::string_view media_id, bool with_bytes) override;
  Status setProviderMediaId(std::string_view organization_id, std::string_view media_id,
                            std::string_view provider, std::string_view provider_media_id) override;
  Status cacheMediaBytes(std::string_view organization_id, std::string_view media_id,
                         std::string_view mime_type, std::string_view bytes) override;
  Result<int> purgeMediaBytesBefore(UnixMillis cutoff) override;

  // --- alerting (issue 12) ---
  Result<bool> acquireAlertLease(std::string_view name, std::string_view owner, UnixMillis now,
                                 UnixMillis expires_at) override;
  Status releaseAlertLease(std::string_view name, std::string_view owner) override;
  Result<std::vector<AlertStateRecord>> listAlertStates() override;
  Status saveAlertState(const AlertStateRecord& record) override;
  Result<DeliveryOutcomeCounts> countDeliveryOutcomes(UnixMillis since) override;
  // --- health samples ---
  int latestSchemaVersion() const override;
  Status insertHealthSamples(const std::vector<HealthSampleRecord>& samples) override;
  Result<std::vector<HealthSampleRecord>> listHealthSamples(
      const HealthSampleQuery& query) override;
  Result<int> pruneHealthSamplesBefore(UnixMillis cutoff) override;

 private:
  SqliteStore(std::unique_ptr<ProcessLock> lock, std::unique_ptr<Checkpointer> checkpointer,
              std::unique_ptr<WriteQueue> writer, std::unique_ptr<ReadPool> readers);

  template <typename T, typename Fn>
  Result<T> read(Fn fn);
  template <typename T, typename Fn>
  Result<T> write(Fn fn);
  // write() whose caller does not wait: `done` gets the committed result on the writer.
  template <typename T, typename Fn>
  void writeThen(Fn fn, std::function<void(Result<T>)> done);

  std::unique_ptr<ProcessLock> lock_;  // null unless exclusive_process; released last
  // Declared before writer_: the writer's WAL hook calls it until the writer closes.
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<WriteQueue> writer_;
  std::unique_ptr<ReadPool> readers_;
};

}  // namespace mensajero::storage::sqlite
