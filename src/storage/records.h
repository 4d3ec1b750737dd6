#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "core/domain/attempt_outcome.h"
#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"
#include "core/domain/direction.h"
#include "core/domain/priority.h"
#include "core/domain/template_category.h"
#include "core/domain/template_status.h"

// Plain records exchanged with a Store. They carry no behaviour; the rules that produce
// them live in core/. JSON-valued columns travel as JSON text.
namespace mensajero::storage {

struct OrganizationRecord {
  std::string id;
  std::string name;
  std::string default_region = "US";  // ISO 3166 alpha-2, for phone numbers without "+"
  UnixMillis created_at = 0;
};

struct ApiKeyRecord {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string key_hash;  // hex SHA-256 of the token; the token itself is never stored
  UnixMillis created_at = 0;
  // Comma-separated scopes (security::ScopeSet's canonical text): send, read, admin.
  std::string scopes = "send,read,admin";
  std::optional<UnixMillis> revoked_at;  // set once by revokeApiKey; a revoked key is refused
};

struct ChannelInstanceRecord {
  std::string id;
  std::string organization_id;
  domain::ChannelType channel_type = domain::ChannelType::WhatsApp;
  std::string provider = "meta";          // meta | twilio | 360dialog | smtp
  std::string provider_config = "{}";     // JSON text; holds secrets, never logged
  std::string status = "connected";       // spec enum: inactive|connecting|connected|...|error
  std::string health_status = "unknown";  // healthy|degraded|unhealthy|unknown
  std::optional<UnixMillis> last_health_check;
  int error_count = 0;
  std::string last_error;
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
};

struct PatientRecord {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string phone;        // E.164 with "+", may be empty
  std::string whatsapp_id;  // Meta wa_id, may be empty
};

struct ConversationRecord {
  std::string id;
  std::string organization_id;
  std::optional<std::string> patient_id;
  domain::ChannelType channel_type = domain::ChannelType::WhatsApp;
  std::string channel_identifier;  // normalised key, see core/recipient.h
  std::string status = "active";
  std::string metadata = "{}";
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
  // The newest inbound message's (provider) time: the customer-service window's start
  // (core/service_window.h). nullopt while the patient never wrote.
  std::optional<UnixMillis> last_inbound_at;
};

struct MessageRecord {
  std::string id;
  std::string conversation_id;
  domain::Direction direction = domain::Direction::Outbound;
  std::string content;
  std::string message_type = "text";
  domain::DeliveryStatus delivery_status = domain::DeliveryStatus::Pending;
  std::optional<std::string> external_id;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  std::string metadata = "{}";
  std::optional<std::string> channel_instance_id;
  std::string recipient;  // outbound: the address the provider is given (E.164 / wa_id)
  domain::Priority priority = domain::Priority::Normal;
  UnixMillis created_at = 0;
  std::optional<UnixMillis> sent_at;
  std::optional<UnixMillis> delivered_at;
  std::optional<UnixMillis> read_at;
  // Outbox bookkeeping (outbound only).
  int attempts = 0;
  UnixMillis next_attempt_at = 0;
  std::optional<UnixMillis> lease_until;
  std::string lease_owner;
  // Inbound only: the structured content (media, location, contacts, ...) as JSON text, see
  // core/inbound_content.h; nullopt for plain text.
  std::optional<std::string> content_json;
  // Outbound: the channel plan as comma-separated channel types and the index of the step the
  // message is on (core/channel_plan.h). channel_instance_id is that step's instance.
  std::string channel_plan = "whatsapp";
  int plan_step = 0;
  // Its conversation's last inbound time (ConversationRecord::last_inbound_at), read with the
  // message by Store::findMessage only (other reads leave nullopt): the dispatcher decides the
  // service window from the record it attempts, with no query of its own.
  std::optional<UnixMillis> conversation_last_inbound_at;
};

// One Idempotency-Key as sent by one API key (keys are scoped to the client that sent them).
struct IdempotencyKeyId {
  std::string api_key_id;
  std::string key;
};

// A request that carries an Idempotency-Key, about to be executed.
struct IdempotentRequest {
  IdempotencyKeyId id;
  std::string request_hash;  // SHA-256 hex of the request's canonical form
  UnixMillis now = 0;
  UnixMillis expires_at = 0;    // the key is forgotten after this (>= now + 24 h)
  UnixMillis locked_until = 0;  // an in-flight claim older than this belongs to a dead request
};

enum class IdempotencyState {
  Started,    // the caller owns the key now and executes the request
  InFlight,   // another request with this key is executing (answer 409)
  Mismatch,   // the key was used with another request (answer 422)
  Completed,  // answered before: replay response_status and response_body
  Orphaned,   // a dead request accepted message_id; the caller owns the key and answers from it
};

struct IdempotencyOutcome {
  IdempotencyState state = IdempotencyState::Started;
  int response_status = 0;
  std::string response_body;
  std::optional<std::string> message_id;
};

// Everything needed to accept one outbound message in a single transaction.
struct NewOutboundMessage {
  std::string organization_id;
  // When set, the message joins this conversation, which must belong to the organization.
  std::optional<std::string> conversation_id;
  // Otherwise the conversation is found or created by (organization, channel_type, identifier).
  domain::ChannelType channel_type = domain::ChannelType::WhatsApp;
  std::string channel_identifier;
  // Patient to create (or fill in) alongside a new conversation.
  PatientRecord patient;
  std::string recipient;
  std::string content;
  std::string message_type = "text";
  domain::Priority priority = domain::Priority::Normal;
  std::optional<std::string> channel_instance_id;
  std::string metadata = "{}";
  UnixMillis created_at = 0;
  UnixMillis next_attempt_at = 0;  // created_at for an immediate send, scheduledAt otherwise
  // When set, the message is leased to this owner until lease_until from the start, so the
  // caller can attempt it at once without a second worker claiming it.
  std::string lease_owner;
  std::optional<UnixMillis> lease_until;
  // When set, the accepted message's id is written to this idempotency key in the same
  // transaction, so a request that dies after accepting is answered from the message.
  std::optional<IdempotencyKeyId> idempotency_key;
  // The channel plan (core/channel_plan.h) and the step channel_instance_id belongs to.
  std::string channel_plan = "whatsapp";
  int plan_step = 0;
  // message.type 'template': the template it was rendered from (messages.template_id).
  std::optional<std::string> template_id;
};

struct AcceptedMessage {
  std::string message_id;
  std::string conversation_id;
};

// The result of one delivery attempt, recorded with the attempt history.
struct SendAttemptRecord {
  std::string message_id;
  std::string lease_owner;  // the outcome is applied only while this owner holds the lease
  UnixMillis attempted_at = 0;
  std::optional<std::string> channel_instance_id;
  // Sent: provider accepted (external_id set). Failed: terminal (error set). Retry: try
  // again at next_attempt_at (error set). Deferred: not attempted; try at next_attempt_at
  // without counting an attempt.
  domain::AttemptOutcome outcome = domain::AttemptOutcome::Failed;
  std::optional<std::string> external_id;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
  UnixMillis next_attempt_at = 0;
  // The channel type the attempt went out on (whatsapp, sms, ...), for the history.
  std::optional<std::string> channel_type;
};

// A message leaving its channel for a later step of its plan (core/channel_plan.h).
struct PlanAdvanceRecord {
  std::string message_id;
  std::string lease_owner;  // applied only while this owner holds the lease; it keeps it
  int from_step = 0;        // applied only while the message is still on this step
  int to_step = 1;
  std::string channel_instance_id;  // the instance of the step it moves to
  std::string recipient;            // its address on that channel
  // Set when the step being left was attempted (its provider refused the message, or its
  // retries ran out): that attempt, recorded in the history with outcome 'failed'.
  std::optional<SendAttemptRecord> left_attempt;
};

enum class AttemptApplied { Applied, LeaseLost };

// An inbound event that is not a message, as recorded (schema v6, see InboundEvent).
struct InboundEventRecord {
  std::string id;
  std::string kind;
  std::string external_id;
  std::optional<std::string> related_external_id;
  std::optional<std::string> message_id;  // the message it was applied to, if any
  std::optional<std::string> code;
  std::string detail = "{}";  // JSON object
  UnixMillis created_at = 0;
};

struct ConversationPage {
  ConversationRecord conversation;
  std::optional<PatientRecord> patient;
  std::vector<MessageRecord> messages;  // oldest first within the page
  std::int64_t total_messages = 0;
  std::int64_t unread_count = 0;  // inbound messages newer than the last outbound one
  UnixMillis last_activity = 0;
  bool has_more = false;  // older messages exist before the first one in `messages`
  // The conversation's latest kConversationPageEvents inbound events, oldest first.
  std::vector<InboundEventRecord> events;
};

inline constexpr int kConversationPageEvents = 50;

// One raw webhook delivery, stored before it is acknowledged.
struct WebhookLogRecord {
  std::string id;
  std::string organization_id;
  std::string provider = "meta";
  std::string event_type = "messages";  // the Meta "field", or "unknown"
  std::string payload;                  // the exact bytes received (verified already)
  std::string payload_hash;             // hex SHA-256 of payload
  std::string status = "received";      // received | success | error
  std::optional<std::string> error_message;
  std::optional<int> processing_time_ms;
  UnixMillis received_at = 0;
};

enum class WebhookAppend { Inserted, Duplicate };

// A status event from a provider, already parsed.
struct StatusEvent {
  std::string event_key;        // unique per provider event, e.g. "meta:wamid.X:delivered"
  std::string organization_id;  // whose webhook carried it: only its messages are matched
  std::string phone_number_id;  // the provider number the event names (Meta metadata)
  std::string external_id;      // provider message id
  std::optional<std::string> message_id;  // our id echoed back (biz_opaque_callback_data)
  domain::DeliveryStatus status = domain::DeliveryStatus::Pending;  // the provider's, as ours
  UnixMillis at = 0;
  std::optional<std::string> error_code;
  std::optional<std::string> error_message;
};

// An inbound message from a patient, already parsed and normalised.
struct InboundEvent {
  std::string event_key;  // e.g. "meta:wamid.IN1"
  std::string organization_id;
  std::string phone_number_id;  // the provider number the event names (Meta metadata)
  domain::ChannelType channel_type = domain::ChannelType::WhatsApp;
  std::string channel_identifier;  // normalised key, matches outbound conversations
  std::string external_id;
  std::string whatsapp_id;
  std::string phone;
  std::string profile_name;
  std::string message_type = "text";
  std::string content;
  std::optional<std::string> channel_instance_id;
  UnixMillis at = 0;
  // When the patient sent it by the provider's clock, never after `at` (core sets it); the
  // customer-service window counts from here. nullopt: the provider does not say, `at` serves.
  std::optional<UnixMillis> sent_at;
  // The structured content as JSON text (core/inbound_content.h); nullopt for plain text.
  std::optional<std::string> content_json;
  // The sender's business-scoped user id (Meta BSUID), may be empty. A sender known only by
  // it has channel_identifier "user:<id>"; a later event carrying both the phone number and
  // the same id merges that conversation into the phone number's (see Store).
  std::string user_id;
  // Empty for a patient's message. Otherwise an event that is not a message (core/
  // inbound_kinds.h): recorded in inbound_events, and for a reaction, an edit or a number
  // change also applied to the message or patient it names.
  std::string kind;
  std::string related_external_id;  // the message a reaction or an edit names
  std::optional<std::string> code;  // a provider error code, e.g. "meta_131051"
  std::string detail = "{}";        // JSON object: emoji, old/new ids, error title
  // A number change: the sender's new conversation key and wa_id (empty otherwise).
  std::string new_channel_identifier;
  std::string new_whatsapp_id;
};

// An inbound event that could not be kept at all, reported so it is logged and counted.
struct DroppedInbound {
  std::string reason;       // e.g. "no_message_id", "no_sender" (core/inbound_kinds.h)
  std::string external_id;  // provider message id when usable, else empty
};

// The parsed events of one stored webhook, applied in one go.
// A change to one of the organization's message templates, from a provider's webhook: its
// review status, its quality rating, or both (template sync, issue 11).
struct TemplateEvent {
  std::string organization_id;  // whose webhook carried it: only its templates are matched
  std::string account_id;       // the provider's business account it names (Meta: WABA id)
  std::string provider_template_id;
  std::optional<std::string> status;  // pending | approved | rejected | paused | disabled
  std::optional<std::string> reason;
  std::optional<std::string> quality;
};

struct WebhookWork {
  std::string webhook_log_id;
  // When the log row was received, as listed; nullopt: the store reads it (one query less per
  // webhook when set, which on PostgreSQL is a round trip).
  std::optional<UnixMillis> received_at;
  std::vector<StatusEvent> statuses;
  std::vector<InboundEvent> inbound;
  std::vector<DroppedInbound> dropped;  // never applied; logged and counted by the caller
  // Applied by core's webhook processor through the template operations, before the batch.
  std::vector<TemplateEvent> templates;
  std::string status = "success";  // what the log row becomes: success | error
  std::optional<std::string> error_message;
  int processing_time_ms = 0;
};

struct WebhookApplyCounts {
  int statuses_applied = 0;    // moved a message forward
  int statuses_ignored = 0;    // duplicate or out of order: nothing moved back
  int statuses_unmatched = 0;  // no message with that id
  int statuses_refused = 0;    // the message is another organization's: never touched
  int inbound_inserted = 0;
  int inbound_duplicates = 0;
  int inbound_events_recorded = 0;  // inserted events that are not messages (kind non-empty)
  // The statuses that moved a message forward (statuses_applied of them), for metrics: which
  // number they name and the status they applied.
  struct AppliedStatus {
    std::string organization_id;
    std::string phone_number_id;
    domain::DeliveryStatus status = domain::DeliveryStatus::Pending;
  };
  std::vector<AppliedStatus> applied_statuses;
};

// A circuit breaker transition (spec table circuit_breaker_events).
struct CircuitBreakerEventRecord {
  std::string service_name;  // "channel:<channel instance id>"
  std::string event_type;    // opened | half_open | closed | shutdown
  int failure_count = 0;
  std::string error_details;  // never PHI
  UnixMillis at = 0;
};

struct StoreStats {
  std::int64_t outbound_pending = 0;
  std::int64_t webhooks_unprocessed = 0;
  // The earliest next_attempt_at of a pending outbound message (metrics: the oldest due
  // message's age when it is in the past); nullopt when none is pending.
  std::optional<UnixMillis> earliest_pending_attempt_at;
};

// --- message templates (issue 11) ---

// One message template of one organization (message_templates). Unique on
// (organization_id, name, language).
struct TemplateRecord {
  std::string id;
  std::string organization_id;
  std::string name;
  std::string language = "es";
  domain::TemplateCategory category = domain::TemplateCategory::Utility;
  // The template_content column: core/templates/template_json.h's form, as JSON text.
  std::string content_json = "{}";
  std::string parameter_format = "positional";      // positional | named
  std::optional<std::string> provider_template_id;  // the provider's template id once submitted
  domain::TemplateStatus status = domain::TemplateStatus::Pending;
  std::optional<std::string> status_reason;  // e.g. the provider's rejection reason
  std::optional<std::string> quality;        // the provider's quality rating, as it gives it
  UnixMillis created_at = 0;
  UnixMillis updated_at = 0;
};

// The most templates listTemplates returns at once.
inline constexpr int kTemplateListLimit = 500;

// Which templates listTemplates returns: all of the organization's when every field is unset.
struct TemplateFilter {
  std::optional<domain::TemplateStatus> status;
  std::optional<std::string> language;
  std::optional<domain::TemplateCategory> category;
  int limit = kTemplateListLimit;  // clamped to 1..kTemplateListLimit
};

}  // namespace mensajero::storage
