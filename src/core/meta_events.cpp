#include "core/meta_events.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "channels/meta/meta_webhook.h"
#include "core/inbound_content.h"
#include "core/inbound_kinds.h"
#include "core/meta_inbound_kinds.h"
#include "core/recipient.h"

namespace mensajero::core {
namespace {

// The schema's width for provider ids and conversation identifiers (spec B: VARCHAR(100)).
// Meta's wamids are ~60 characters; a longer one is not Meta's, and storing it would fail
// the whole batch (and hold up every later webhook), so such an event is skipped like any
// other malformed one. So is an id with a NUL, which PostgreSQL text cannot hold.
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

// The conversation key of a sender known only by a user id; empty when there is none.
std::string userKey(const std::string& user_id) {
  return user_id.empty() ? std::string() : "user:" + user_id;
}

void drop(storage::WebhookWork& work, std::string_view reason, const std::string& message_id) {
  work.dropped.push_back({std::string(reason), fits(message_id) ? message_id : std::string()});
}

std::optional<std::string> withoutNul(std::optional<std::string> text) {
  if (text) std::erase(*text, '\0');
  return text;
}

// Meta's statuses that move our delivery state; "played" (a voice message was played) is
// as good as read. Anything else (e.g. "deleted", "warning") is not a delivery step.
std::optional<std::string> ourStatus(const std::string& meta_status) {
  if (meta_status == "sent" || meta_status == "delivered" || meta_status == "read" ||
      meta_status == "failed") {
    return meta_status;
  }
  if (meta_status == "played") return std::string("read");
  return std::nullopt;
}

storage::StatusEvent toStatusEvent(const channels::meta::MetaStatus& status,
                                   const std::string& our_status,
                                   const std::string& organization_id) {
  storage::StatusEvent event;
  event.event_key = "meta:" + status.message_id + ":" + our_status;
  event.organization_id = organization_id;
  event.phone_number_id = status.phone_number_id;
  event.external_id = status.message_id;
  event.message_id = withoutNul(status.callback_data);
  event.status = domain::parseDeliveryStatus(our_status).value_or(domain::DeliveryStatus::Pending);
  event.at = status.timestamp * 1000;
  if (status.error_code) event.error_code = "meta_" + std::to_string(*status.error_code);
  event.error_message = withoutNul(status.error_title);
  return event;
}

// The message is dated when we received it, not by the sender's clock, so a conversation
// reads in the order the gateway saw it and "unread" (inbound after the last outbound) holds.
storage::InboundEvent toInboundEvent(const channels::meta::MetaInbound& inbound,
                                     const std::string& organization_id, UnixMillis received_at) {
  storage::InboundEvent event;
  event.event_key = "meta:" + inbound.message_id;
  event.organization_id = organization_id;
  event.phone_number_id = inbound.phone_number_id;
  event.channel_type = domain::ChannelType::WhatsApp;
  // A sender known only by the business-scoped user id gets a conversation of that id.
  event.user_id = withoutNul(inbound.from_user_id);
  event.channel_identifier =
      inbound.from.empty() ? userKey(event.user_id) : whatsappKey(inbound.from);
  event.external_id = inbound.message_id;
  event.whatsapp_id = inbound.from;
  if (!inbound.from.empty()) event.phone = event.channel_identifier;
  event.profile_name = withoutNul(inbound.profile_name);
  event.message_type = inbound.type == "text" ? "text" : "interactive";
  if (inbound.type == "image" || inbound.type == "audio" || inbound.type == "video" ||
      inbound.type == "document" || inbound.type == "sticker") {
    event.message_type = "media";
  }
  event.content = withoutNul(inbound.text);
  attachInboundContent(event, inbound.content);
  event.at = received_at;
  classifyMetaInbound(inbound, event);
  return event;
}

}  // namespace

storage::WebhookWork buildMetaWork(const storage::WebhookLogRecord& log, UnixMillis now) {
  storage::WebhookWork work;
  work.webhook_log_id = log.id;
  work.processing_time_ms = static_cast<int>(std::max<UnixMillis>(0, now - log.received_at));

  auto parsed = channels::meta::parseMetaWebhook(log.payload);
  if (!parsed) {
    work.status = "error";
    work.error_message = parsed.error().message;
    return work;
  }
  for (const auto& status : parsed->statuses) {
    if (!fits(status.message_id)) continue;
    if (auto ours = ourStatus(status.status))
      work.statuses.push_back(toStatusEvent(status, *ours, log.organization_id));
  }
  for (const auto& inbound : parsed->messages) {
    if (!fits(inbound.message_id)) {
      drop(work, drop_reasons::kNoMessageId, inbound.message_id);
      continue;
    }
    const bool has_phone = !inbound.from.empty();
    if ((has_phone && !fits(inbound.from)) || (!has_phone && !fits(inbound.from_user_id))) {
      drop(work, drop_reasons::kNoSender, inbound.message_id);
      continue;
    }
    storage::InboundEvent event = toInboundEvent(inbound, log.organization_id, log.received_at);
    // The conversation key ("+" and the digits of wa_id, or "user:" and the user id) must
    // exist and fit its column too; an unusable user id beside a usable phone is left out.
    if (!fits(event.user_id)) event.user_id.clear();
    if (!fits(event.channel_identifier)) {
      drop(work, drop_reasons::kNoSender, inbound.message_id);
      continue;
    }
    work.inbound.push_back(std::move(event));
  }
  return work;
}

}  // namespace mensajero::core
