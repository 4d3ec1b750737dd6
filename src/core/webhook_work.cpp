#include "core/webhook_work.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"
#include "core/inbound_content.h"
#include "core/inbound_kinds.h"
#include "core/recipient.h"

namespace mensajero::core {
namespace {

// The schema's width for provider ids and conversation identifiers (spec B: VARCHAR(100)).
// Provider message ids are far shorter (about 60 characters); a longer one is not a
// provider's, and storing it would fail the whole batch (and hold up every later webhook), so
// such an event is skipped like any other malformed one. So is an id with a NUL, which
// PostgreSQL text cannot hold.
constexpr std::size_t kMaxProviderIdLength = 100;

bool fits(const std::string& id) {
  return !id.empty() && id.size() <= kMaxProviderIdLength && id.find('\0') == std::string::npos;
}

// Free text (a message body, a name, an error title) keeps everything but NULs, for the same
// reason; nobody types one.
std::string withoutNul(std::string text) {
  std::erase(text, '\0');
  return text;
}

std::optional<std::string> withoutNul(std::optional<std::string> text) {
  if (text) std::erase(*text, '\0');
  return text;
}

// The conversation key of an address: WhatsApp ids and numbers meet under whatsappKey; any
// other channel's address (already "+E164" or an e-mail) is its own key.
std::string conversationKey(const std::string& channel_type, const std::string& address) {
  return channel_type == "whatsapp" ? whatsappKey(address) : address;
}

// The conversation key of a sender known only by a user id; empty when there is none.
std::string userKey(const std::string& user_id) {
  return user_id.empty() ? std::string() : "user:" + user_id;
}

void drop(storage::WebhookWork& work, std::string_view reason, const std::string& message_id) {
  work.dropped.push_back({std::string(reason), fits(message_id) ? message_id : std::string()});
}

storage::StatusEvent toStatusEvent(const channels::StatusUpdate& update, std::string_view provider,
                                   const std::string& organization_id, UnixMillis received_at) {
  storage::StatusEvent event;
  event.event_key = std::string(provider) + ":" + update.external_id + ":" + update.status;
  event.organization_id = organization_id;
  event.phone_number_id = update.number_id;
  event.external_id = update.external_id;
  event.message_id = withoutNul(update.message_id);
  // Providers emit only the four delivery steps (channels/webhook_events.h); anything else
  // reads as the first of them, which never moves a message.
  event.status = domain::parseDeliveryStatus(update.status).value_or(domain::DeliveryStatus::Sent);
  // A provider that does not date its statuses (Twilio) is dated by their receipt.
  event.at = update.at_ms > 0 ? update.at_ms : received_at;
  event.error_code = withoutNul(update.error_code);
  event.error_message = withoutNul(update.error_message);
  return event;
}

void setSender(const channels::InboundMessage& message, storage::InboundEvent& event) {
  // A sender known only by the provider's user id gets a conversation of that id.
  event.user_id = withoutNul(message.sender_user_id);
  event.channel_identifier = message.sender.empty()
                                 ? userKey(event.user_id)
                                 : conversationKey(message.channel_type, message.sender);
  if (message.channel_type == "whatsapp") event.whatsapp_id = message.sender;
  if (!message.sender.empty()) event.phone = event.channel_identifier;
  if (!message.new_sender.empty()) {
    event.new_channel_identifier = conversationKey(message.channel_type, message.new_sender);
    if (message.channel_type == "whatsapp") event.new_whatsapp_id = message.new_sender;
  }
}

// The message is dated when we received it, not by the sender's clock, so a conversation
// reads in the order the gateway saw it and "unread" (inbound after the last outbound) holds.
storage::InboundEvent toInboundEvent(const channels::InboundMessage& message,
                                     std::string_view provider, const std::string& organization_id,
                                     UnixMillis received_at) {
  storage::InboundEvent event;
  event.event_key = std::string(provider) + ":" + message.external_id;
  event.organization_id = organization_id;
  event.phone_number_id = message.number_id;
  event.channel_type =
      domain::parseChannelType(message.channel_type).value_or(domain::ChannelType::WhatsApp);
  event.external_id = message.external_id;
  setSender(message, event);
  event.profile_name = withoutNul(message.profile_name);
  event.message_type = message.message_type;
  event.content = withoutNul(message.text);
  attachInboundContent(event, message.content);
  event.at = received_at;
  // The service window counts from the patient's message as the provider dates it (a webhook
  // retried for hours must not open a window that closed meanwhile), but never from a time
  // after we received it: a sender's clock ahead of ours does not stretch the window.
  if (message.sent_at_ms > 0) event.sent_at = std::min<UnixMillis>(message.sent_at_ms, received_at);
  event.kind = message.kind;
  event.related_external_id = withoutNul(message.related_external_id);
  event.code = withoutNul(message.code);
  event.detail = message.detail;
  return event;
}

void addInbound(storage::WebhookWork& work, const channels::InboundMessage& message,
                std::string_view provider, const storage::WebhookLogRecord& log) {
  if (!fits(message.external_id))
    return drop(work, drop_reasons::kNoMessageId, message.external_id);
  const bool has_address = !message.sender.empty();
  if ((has_address && !fits(message.sender)) || (!has_address && !fits(message.sender_user_id))) {
    return drop(work, drop_reasons::kNoSender, message.external_id);
  }
  storage::InboundEvent event =
      toInboundEvent(message, provider, log.organization_id, log.received_at);
  // The conversation key ("+" and the digits of wa_id, or "user:" and the user id) must
  // exist and fit its column too; an unusable user id beside a usable address is left out.
  if (!fits(event.user_id)) event.user_id.clear();
  if (!fits(event.channel_identifier))
    return drop(work, drop_reasons::kNoSender, message.external_id);
  work.inbound.push_back(std::move(event));
}

}  // namespace

storage::WebhookWork buildWebhookWork(const channels::Provider* provider,
                                      const storage::WebhookLogRecord& log, UnixMillis now) {
  storage::WebhookWork work;
  work.webhook_log_id = log.id;
  work.received_at = log.received_at;
  work.processing_time_ms = static_cast<int>(std::max<UnixMillis>(0, now - log.received_at));
  if (provider == nullptr) {
    work.status = "error";
    work.error_message = "no provider '" + withoutNul(log.provider) + "' in this build";
    return work;
  }
  auto events = provider->parseWebhook(log.payload);
  if (!events) {
    work.status = "error";
    work.error_message = events.error().message;
    return work;
  }
  for (const auto& update : events->statuses) {
    const auto status = domain::parseDeliveryStatus(update.status);
    const bool a_step =
        status == domain::DeliveryStatus::Sent || status == domain::DeliveryStatus::Delivered ||
        status == domain::DeliveryStatus::Read || status == domain::DeliveryStatus::Failed;
    if (a_step && fits(update.external_id)) {
      work.statuses.push_back(
          toStatusEvent(update, provider->name(), log.organization_id, log.received_at));
    }
  }
  for (const auto& message : events->messages) {
    if (!domain::parseChannelType(message.channel_type)) {
      drop(work, drop_reasons::kNoSender, message.external_id);
      continue;
    }
    addInbound(work, message, provider->name(), log);
  }
  for (const auto& dropped : events->dropped) drop(work, dropped.reason, dropped.external_id);
  for (const auto& update : events->template_updates) {
    if (!fits(update.provider_template_id)) continue;
    work.templates.push_back({log.organization_id, withoutNul(update.account_id),
                              update.provider_template_id, update.status, withoutNul(update.reason),
                              update.quality});
  }
  return work;
}

}  // namespace mensajero::core
