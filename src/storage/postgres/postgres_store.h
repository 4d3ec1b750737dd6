#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"

namespace mensajero::storage::postgres {

class ConnectionPool;
template <typename Record, typename Outcome>
class BatchWriter;

struct PostgresStoreOptions {
  std::string conninfo;  // a postgresql:// URL or libpq key=value text; may hold a password
  int pool_size = 4;     // at least 2
  // How long a caller waits for a pooled connection before Unavailable.
  int acquire_timeout_ms = 5000;
  std::size_t max_queued_webhooks = 16384;
  // Accepts of sends waiting for the accept writer (beyond: Unavailable).
  std::size_t max_queued_accepts = 16384;
};

// The Store on a PostgreSQL database, shareable by several gateway processes. Calls run on
// the caller's thread with a connection from a small pool, each write in its own READ
// COMMITTED transaction; what must hold across processes (claims, dedup, idempotency keys,
// migrations) rests on row locks, unique constraints and an advisory lock, never on memory.
// appendWebhookAsync and acceptOutboundAsync are asynchronous: a writer each (one thread with
// its own connection) groups what is queued into one transaction and runs the callbacks on its
// thread after COMMIT (batch_writer.h), so a long callback holds back its next batch.
class PostgresStore final : public Store {
 public:
  // Rows one purge transaction deletes. A large backlog of expired keys goes in several
  // transactions, none long enough to meet the session's statement_timeout: a single DELETE
  // that timed out would roll back, and the next attempt would face a larger backlog still.
  static constexpr int kPurgeBatchRows = 5000;

  // Connects once to check the database is reachable; does not migrate. Unavailable when it
  // is not.
  static Result<std::unique_ptr<PostgresStore>> open(const PostgresStoreOptions& options);
  // Writes and completes the queued webhooks, then closes every connection.
  ~PostgresStore() override;

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
  Status updateChannelHealth(std::string_view id, std::string_view health_status,
                             UnixMillis checked_at) override;
  Status setChannelStatus(std::string_view id, std::string_view status,
                          std::optional<std::string> last_error) override;
  Status recordCircuitBreakerEvent(const CircuitBreakerEventRecord& event) override;
  Result<std::vector<CircuitBreakerEventRecord>> listCircuitBreakerEvents(
      std::string_view service_name, int limit) override;

  Result<AcceptedMessage> acceptOutbound(NewOutboundMessage message) override;
  // On the caller's thread: each accept is its own transaction on a pooled connection.
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
  using WebhookWriter = BatchWriter<WebhookLogRecord, WebhookAppend>;
  using AcceptWriter = BatchWriter<NewOutboundMessage, AcceptedMessage>;

  PostgresStore(std::unique_ptr<ConnectionPool> pool, std::unique_ptr<WebhookWriter> webhooks,
                std::unique_ptr<AcceptWriter> accepts, std::size_t processing_parts);

  // Run `fn(PgConnection&) -> Result<T>` on a pooled connection: read() outside a transaction,
  // snapshot() in a read-only snapshot, write() in a transaction of its own.
  template <typename T, typename Fn>
  Result<T> read(Fn fn);
  template <typename T, typename Fn>
  Result<T> snapshot(Fn fn);
  template <typename T, typename Fn>
  Result<T> write(Fn fn);
  // Repeats `purge_batch(PgConnection&, limit) -> Result<int>`, each in a transaction of its
  // own, until a batch deletes fewer than kPurgeBatchRows; returns how many went in all.
  template <typename PurgeBatch>
  Result<int> purgeInBatches(PurgeBatch purge_batch);

  // At most this many transactions apply one batch of webhooks at the same time, and only a
  // batch of at least kMinPartitionedBatch webhooks is split.
  static constexpr int kMaxProcessingParts = 4;
  static constexpr std::size_t kMinPartitionedBatch = 16;

  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<WebhookWriter> webhooks_;
  std::unique_ptr<AcceptWriter> accepts_;
  const std::size_t processing_parts_;
};

}  // namespace mensajero::storage::postgres
