#include "support/fault_injection_store.h"

#include <utility>

namespace mensajero::testing {

Error FaultInjectionStore::injected(ErrorCategory category) {
  return makeError(category, "db_injected", "injected store fault");
}

void FaultInjectionStore::failNth(const std::string& operation, int nth, Error error) {
  std::lock_guard lock(mutex_);
  nth_[operation].push_back({nth - 1, std::move(error)});
}

void FaultInjectionStore::failFromNow(const std::string& operation, Error error) {
  std::lock_guard lock(mutex_);
  always_.insert_or_assign(operation, std::move(error));
}

void FaultInjectionStore::crash(Error error) {
  std::lock_guard lock(mutex_);
  crashed_ = std::move(error);
}

void FaultInjectionStore::heal() {
  std::lock_guard lock(mutex_);
  nth_.clear();
  always_.clear();
  crashed_.reset();
}

int FaultInjectionStore::calls(std::string_view operation) const {
  std::lock_guard lock(mutex_);
  const auto found = calls_.find(operation);
  return found == calls_.end() ? 0 : found->second;
}

int FaultInjectionStore::failures(std::string_view operation) const {
  std::lock_guard lock(mutex_);
  const auto found = failures_.find(operation);
  return found == failures_.end() ? 0 : found->second;
}

void FaultInjectionStore::beforeNext(const std::string& operation, std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  before_[operation] = std::move(hook);
}

std::optional<Error> FaultInjectionStore::fault(std::string_view operation, Kind kind) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    if (auto found = before_.find(operation); found != before_.end()) {
      hook = std::move(found->second);
      before_.erase(found);
    }
  }
  if (hook) hook();  // outside the lock: it may wait for other calls
  std::lock_guard lock(mutex_);
  ++calls_[std::string(operation)];
  std::optional<Error> error;
  if (auto countdowns = nth_.find(operation); countdowns != nth_.end()) {
    // Every armed countdown moves with each call; the first to reach zero fails this one.
    auto& armed = countdowns->second;
    for (auto it = armed.begin(); it != armed.end();) {
      if (it->remaining-- == 0) {
        if (!error) error = it->error;
        it = armed.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (!error) {
    if (auto always = always_.find(operation); always != always_.end()) error = always->second;
  }
  if (!error && kind == Kind::Write && crashed_) error = *crashed_;
  if (error) ++failures_[std::string(operation)];
  return error;
}

Result<int> FaultInjectionStore::migrate() {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.migrate();
}

Result<int> FaultInjectionStore::schemaVersion() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.schemaVersion();
}

Status FaultInjectionStore::ping() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.ping();
}

Result<std::vector<std::string>> FaultInjectionStore::durabilityCaveats() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.durabilityCaveats();
}

Result<storage::StoreStats> FaultInjectionStore::stats() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.stats();
}

Result<std::int64_t> FaultInjectionStore::countPendingOutbound(std::string_view organization_id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.countPendingOutbound(organization_id);
}

Result<storage::OrganizationRecord> FaultInjectionStore::createOrganization(
    storage::OrganizationRecord organization) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.createOrganization(std::move(organization));
}

Result<storage::OrganizationRecord> FaultInjectionStore::upsertOrganization(
    storage::OrganizationRecord organization) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.upsertOrganization(std::move(organization));
}

Result<std::optional<storage::OrganizationRecord>> FaultInjectionStore::findOrganization(
    std::string_view id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findOrganization(id);
}

Result<std::optional<storage::OrganizationRecord>> FaultInjectionStore::findOrganizationByName(
    std::string_view name) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findOrganizationByName(name);
}

Result<storage::ApiKeyRecord> FaultInjectionStore::insertApiKey(storage::ApiKeyRecord key) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.insertApiKey(std::move(key));
}

Result<std::optional<storage::ApiKeyRecord>> FaultInjectionStore::findApiKeyByHash(
    std::string_view key_hash) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findApiKeyByHash(key_hash);
}

Result<std::vector<storage::ApiKeyRecord>> FaultInjectionStore::listApiKeys(
    std::string_view organization_id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listApiKeys(organization_id);
}

Result<storage::ApiKeyRecord> FaultInjectionStore::revokeApiKey(std::string_view id,
                                                                UnixMillis at) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.revokeApiKey(id, at);
}

Result<storage::ChannelInstanceRecord> FaultInjectionStore::upsertChannelInstance(
    storage::ChannelInstanceRecord channel) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.upsertChannelInstance(std::move(channel));
}

Result<std::vector<storage::ChannelInstanceRecord>> FaultInjectionStore::listChannelInstances(
    std::string_view organization_id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listChannelInstances(organization_id);
}

Result<std::vector<storage::ChannelInstanceRecord>> FaultInjectionStore::listAllChannelInstances() {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listAllChannelInstances();
}

Result<std::optional<storage::ChannelInstanceRecord>> FaultInjectionStore::findChannelInstance(
    std::string_view id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findChannelInstance(id);
}

Status FaultInjectionStore::updateChannelHealth(std::string_view id, std::string_view health_status,
                                                UnixMillis checked_at) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.updateChannelHealth(id, health_status, checked_at);
}

Status FaultInjectionStore::setChannelStatus(std::string_view id, std::string_view status,
                                             std::optional<std::string> last_error) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.setChannelStatus(id, status, std::move(last_error));
}

Status FaultInjectionStore::recordCircuitBreakerEvent(
    const storage::CircuitBreakerEventRecord& event) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.recordCircuitBreakerEvent(event);
}

Result<std::vector<storage::CircuitBreakerEventRecord>>
FaultInjectionStore::listCircuitBreakerEvents(std::string_view service_name, int limit) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listCircuitBreakerEvents(service_name, limit);
}

Result<storage::AcceptedMessage> FaultInjectionStore::acceptOutbound(
    storage::NewOutboundMessage message) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.acceptOutbound(std::move(message));
}

void FaultInjectionStore::acceptOutboundAsync(storage::NewOutboundMessage message,
                                              AcceptCallback done) {
  if (auto error = fault(__func__, Kind::Write)) return done(*error);
  target_.acceptOutboundAsync(std::move(message), std::move(done));
}

Result<std::optional<storage::MessageRecord>> FaultInjectionStore::findMessage(
    std::string_view id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findMessage(id);
}

Result<std::vector<storage::MessageRecord>> FaultInjectionStore::claimDueOutbound(
    UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.claimDueOutbound(now, limit, owner, lease_until, skip_channel_instances);
}

Result<storage::AttemptApplied> FaultInjectionStore::recordSendAttempt(
    const storage::SendAttemptRecord& attempt) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.recordSendAttempt(attempt);
}

Result<storage::AttemptApplied> FaultInjectionStore::advanceChannelPlan(
    const storage::PlanAdvanceRecord& advance) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.advanceChannelPlan(advance);
}

Result<std::string> FaultInjectionStore::listSendAttempts(std::string_view message_id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listSendAttempts(message_id);
}

Result<storage::IdempotencyOutcome> FaultInjectionStore::beginIdempotentRequest(
    const storage::IdempotentRequest& request) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.beginIdempotentRequest(request);
}

Status FaultInjectionStore::completeIdempotentRequest(const storage::IdempotencyKeyId& id,
                                                      int status, std::string_view body) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.completeIdempotentRequest(id, status, body);
}

Status FaultInjectionStore::releaseIdempotentRequest(const storage::IdempotencyKeyId& id) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.releaseIdempotentRequest(id);
}

Result<int> FaultInjectionStore::purgeIdempotencyKeysBefore(UnixMillis cutoff) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.purgeIdempotencyKeysBefore(cutoff);
}

Result<std::optional<storage::ConversationPage>> FaultInjectionStore::getConversation(
    std::string_view organization_id, std::string_view conversation_id, int limit,
    std::optional<std::string> before_message_id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.getConversation(organization_id, conversation_id, limit,
                                 std::move(before_message_id));
}

void FaultInjectionStore::appendWebhookAsync(storage::WebhookLogRecord record,
                                             WebhookAppendCallback done) {
  if (auto error = fault(__func__, Kind::Write)) return done(*error);
  target_.appendWebhookAsync(std::move(record), std::move(done));
}

Result<std::vector<storage::WebhookLogRecord>> FaultInjectionStore::listUnprocessedWebhooks(
    int limit) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listUnprocessedWebhooks(limit);
}

Result<storage::WebhookApplyCounts> FaultInjectionStore::applyWebhookWork(
    const std::vector<storage::WebhookWork>& batch) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.applyWebhookWork(batch);
}

Result<int> FaultInjectionStore::purgeEventKeysBefore(UnixMillis cutoff) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.purgeEventKeysBefore(cutoff);
}

Result<storage::TemplateRecord> FaultInjectionStore::createTemplate(
    storage::TemplateRecord record) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.createTemplate(std::move(record));
}

Result<std::optional<storage::TemplateRecord>> FaultInjectionStore::findTemplate(
    std::string_view organization_id, std::string_view id) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findTemplate(organization_id, id);
}

Result<std::optional<storage::TemplateRecord>> FaultInjectionStore::findTemplateByName(
    std::string_view organization_id, std::string_view name, std::string_view language) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findTemplateByName(organization_id, name, language);
}

Result<std::vector<storage::TemplateRecord>> FaultInjectionStore::listTemplates(
    std::string_view organization_id, const storage::TemplateFilter& filter) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listTemplates(organization_id, filter);
}

Result<storage::TemplateRecord> FaultInjectionStore::updateTemplate(
    storage::TemplateRecord record) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.updateTemplate(std::move(record));
}

Result<storage::TemplateRecord> FaultInjectionStore::upsertTemplateByName(
    storage::TemplateRecord record) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.upsertTemplateByName(std::move(record));
}

Result<std::optional<storage::TemplateRecord>> FaultInjectionStore::setTemplateStatusByProviderId(
    std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, std::optional<std::string> reason,
    std::optional<std::string> quality) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.setTemplateStatusByProviderId(organization_id, provider_template_id, status,
                                               std::move(reason), std::move(quality));
}

// --- media ---

Result<storage::MediaSaved> FaultInjectionStore::saveUploadedMedia(
    const storage::NewMediaRecord& media) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.saveUploadedMedia(media);
}

Status FaultInjectionStore::recordInboundMedia(const std::vector<storage::NewMediaRecord>& media) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.recordInboundMedia(media);
}

Result<std::optional<storage::MediaRecord>> FaultInjectionStore::findMedia(
    std::string_view organization_id, std::string_view media_id, bool with_bytes) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.findMedia(organization_id, media_id, with_bytes);
}

Status FaultInjectionStore::setProviderMediaId(std::string_view organization_id,
                                               std::string_view media_id, std::string_view provider,
                                               std::string_view provider_media_id) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.setProviderMediaId(organization_id, media_id, provider, provider_media_id);
}

Status FaultInjectionStore::cacheMediaBytes(std::string_view organization_id,
                                            std::string_view media_id, std::string_view mime_type,
                                            std::string_view bytes) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.cacheMediaBytes(organization_id, media_id, mime_type, bytes);
}

Result<int> FaultInjectionStore::purgeMediaBytesBefore(UnixMillis cutoff) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.purgeMediaBytesBefore(cutoff);
}

// --- health samples ---

Status FaultInjectionStore::insertHealthSamples(
    const std::vector<storage::HealthSampleRecord>& samples) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.insertHealthSamples(samples);
}

Result<std::vector<storage::HealthSampleRecord>> FaultInjectionStore::listHealthSamples(
    const storage::HealthSampleQuery& query) {
  if (auto error = fault(__func__, Kind::Read)) return *error;
  return target_.listHealthSamples(query);
}

Result<int> FaultInjectionStore::pruneHealthSamplesBefore(UnixMillis cutoff) {
  if (auto error = fault(__func__, Kind::Write)) return *error;
  return target_.pruneHealthSamplesBefore(cutoff);
}

}  // namespace mensajero::testing
