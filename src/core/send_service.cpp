#include "core/send_service.h"

#include <utility>

#include <algorithm>
#include <chrono>
#include <future>

#include <nlohmann/json.hpp>

#include "channels/interactive_text.h"
#include "channels/sms_encoding.h"
#include "core/channel_plan.h"
#include "core/message_content/interactive_request.h"
#include "core/message_content/media_content.h"
#include "core/message_content/template_content.h"
#include "core/recipient.h"
#include "core/utf8.h"
#include "monitoring/gateway_metrics.h"

namespace mensajero::core {
namespace {

Error invalid(std::string code, std::string message) {
  return makeError(ErrorCategory::Invalid, std::move(code), std::move(message));
}

bool isWhatsAppId(std::string_view value) {
  return value.size() >= 6 && value.size() <= 20 &&
         std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The step a new message starts on: the first of its plan with an instance that an operator
// has not disabled or an emergency shutdown stopped (the breakers are the dispatcher's).
Result<PlanStep> chooseFirstStep(const Tenant& tenant, const ChannelPlan& plan,
                                 std::string_view address, std::string_view phone) {
  if (auto step = findStep(plan, 0, tenant.channels, address, phone)) return std::move(*step);
  return makeError(ErrorCategory::Unavailable, "no_channel",
                   plan.size() > 1
                       ? "the organization has no enabled instance of any channel of the plan"
                       : "the organization has no enabled WhatsApp channel instance");
}

// SMS and voice reach a phone number; a WhatsApp id has none to fall back to.
Status checkPlanReachable(const ChannelPlan& plan, std::string_view phone) {
  for (const auto& channel : plan) {
    if ((channel == "sms" || channel == "voice") && phone.empty()) {
      return invalid("fallback_needs_phone", "options.fallbackChannels '" + channel +
                                                 "' needs a recipient of type 'phone'");
    }
  }
  return {};
}

// What an SMS step of the plan would cost: the encoding the text needs and its parts, stored
// with the message ({"sms": {"encoding": "GSM-7", "segments": 2}}) so a clinic can see what a
// fallback bills; nothing when the plan has no SMS step.
void addSmsMetadata(const ChannelPlan& plan, const std::string& content, nlohmann::json& metadata) {
  if (std::find(plan.begin(), plan.end(), "sms") == plan.end()) return;
  const channels::SmsSegments segments = channels::countSmsSegments(content);
  metadata["sms"] = {{"encoding", std::string(channels::toString(segments.encoding))},
                     {"segments", segments.segments}};
}

struct ResolvedRecipient {
  std::string address;  // what the provider is given
  std::string key;      // conversation identifier
  std::string phone;    // E.164 when known
  std::string whatsapp_id;
};

Result<ResolvedRecipient> resolveRecipient(const SendRequest& request,
                                           const storage::OrganizationRecord& organization) {
  if (request.recipient_type == "phone") {
    auto e164 = normalizePhone(request.recipient_value, organization.default_region);
    if (!e164) return e164.error();
    return ResolvedRecipient{*e164, whatsappKey(*e164), *e164, ""};
  }
  if (request.recipient_type == "whatsapp_id") {
    if (!isWhatsAppId(request.recipient_value)) {
      return invalid("invalid_recipient", "recipient.value must be a WhatsApp id (digits)");
    }
    const std::string& id = request.recipient_value;
    return ResolvedRecipient{id, whatsappKey(id), "", id};
  }
  return invalid("invalid_recipient", "recipient.type must be 'phone' or 'whatsapp_id'");
}

Status validateTextContent(const SendRequest& request) {
  if (request.content.empty()) return invalid("invalid_content", "message.content is empty");
  // JSON allows \u0000, but no provider delivers it and PostgreSQL text cannot hold it.
  if (request.content.find('\0') != std::string::npos) {
    return invalid("invalid_content", "message.content must not contain NUL characters");
  }
  if (utf8Length(request.content) > SendService::kMaxTextLength) {
    return invalid("content_too_long", "message.content exceeds 4096 characters");
  }
  return {};
}

// Each message type's content rules; a structured type also fills the message's metadata
// with what its channels need to send it (see channels::OutboundSend::metadata).
Status validateContent(const SendRequest& request) {
  if (request.message_type == "text") {
    if (auto valid = validateTextContent(request); !valid) return valid;
  } else if (request.message_type == "interactive") {
    if (auto valid = validateInteractiveRequest(request); !valid) return valid;
  } else if (request.message_type == "template") {
    if (auto valid = validateTemplateSendContent(request.content); !valid) return valid;
  } else if (request.message_type == "media") {
    if (auto media = parseMediaContent(request.content); !media) return media.error();
  } else {
    return invalid("unsupported_message_type",
                   "message.type '" + request.message_type + "' is not supported yet; use 'text'");
  }
  if (!domain::parsePriority(request.priority)) {
    return invalid("invalid_priority", "options.priority must be low, normal or high");
  }
  return {};
}

}  // namespace

SendService::SendService(storage::Store& store, const resilience::Clock& clock,
                         std::string instance_id, std::int64_t max_backlog,
                         std::int64_t max_schedule_ahead_ms)
    : store_(store),
      clock_(clock),
      instance_id_(std::move(instance_id)),
      max_backlog_(max_backlog),
      max_schedule_ahead_ms_(max_schedule_ahead_ms),
      tenants_(store, clock) {}

std::string SendService::defaultLanguage(const std::string& organization_id) const {
  auto it = default_languages_.find(organization_id);
  return it == default_languages_.end() ? std::string(kDefaultTemplateLanguage) : it->second;
}

// Only an organization's first count is waited for. Later ones run in the background, one at a
// time per organization, while every send goes on with the last count plus what was accepted
// since: counting a large backlog (all its pending rows) made every send of the organization
// wait for it once a second (a 60 ms stall at 1,000 sends/s with 80,000 scheduled messages;
// issue 13), and then the one send that counted. The next count is due after 1 s, or after
// 50 times the last count's duration when that is longer, so counting costs at most about
// 2 % of a thread however large the backlog.
Status SendService::checkBacklog(const std::string& organization_id) {
  constexpr long long kRetryAfterMs = 5'000;
  const std::int64_t now = clock_.monotonicMillis();
  std::int64_t pending = 0;
  bool first = false;
  {
    std::lock_guard lock(backlog_mutex_);
    Backlog& backlog = backlogs_[organization_id];
    const bool due = !backlog.counting && (backlog.counted_at < 0 || now >= backlog.next_count_at);
    first = due && backlog.counted_at < 0;
    backlog.counting = backlog.counting || due;
    pending = backlog.pending;
    if (due && !first) {
      std::erase_if(recounts_, [](const std::future<void>& done) {
        return done.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
      });
      recounts_.push_back(std::async(std::launch::async, [this, organization_id, now] {
        (void)recountBacklog(organization_id, now);  // a failure keeps the last count
      }));
    }
  }
  if (first) {
    if (Status counted = recountBacklog(organization_id, now); !counted) return counted.error();
    std::lock_guard lock(backlog_mutex_);
    pending = backlogs_[organization_id].pending;
  }
  if (pending < max_backlog_) return {};
  Error error = makeError(ErrorCategory::Unavailable, "backlog_full",
                          "too many messages are waiting for delivery; retry later");
  error.retry_after_ms = kRetryAfterMs;
  return error;
}

Status SendService::recountBacklog(const std::string& organization_id, std::int64_t started) {
  constexpr std::int64_t kRecountMs = 1'000;
  constexpr std::int64_t kRecountCostFactor = 50;
  auto counted = store_.countPendingOutbound(organization_id);
  const std::int64_t done = clock_.monotonicMillis();
  std::lock_guard lock(backlog_mutex_);
  Backlog& backlog = backlogs_[organization_id];
  backlog.counting = false;
  if (!counted) return counted.error();
  backlog.pending = *counted;
  backlog.counted_at = done;
  backlog.next_count_at = done + std::max(kRecountMs, (done - started) * kRecountCostFactor);
  return {};
}

Result<SendService::Prepared> SendService::prepare(const SendRequest& request, int lease_ms) {
  if (auto valid = validateContent(request); !valid) return valid.error();
  if (request.scheduled_at && *request.scheduled_at > clock_.now() + max_schedule_ahead_ms_) {
    return invalid("scheduled_too_far", "options.scheduledAt is further ahead than " +
                                            std::to_string(max_schedule_ahead_ms_ / 86'400'000) +
                                            " days");
  }
  if (auto room = checkBacklog(request.organization_id); !room) return room.error();

  auto tenant = tenants_.find(request.organization_id);
  if (!tenant) return tenant.error();
  if (!*tenant) return makeError(ErrorCategory::NotFound, "not_found", "organization not found");
  auto recipient = resolveRecipient(request, (*tenant)->organization);
  if (!recipient) return recipient.error();
  // A template is found in the organization's templates; the message keeps its rendered text.
  std::optional<TemplateSend> template_send;
  if (request.message_type == "template") {
    auto resolved = resolveTemplateSend(store_, request.organization_id,
                                        defaultLanguage(request.organization_id), request.content);
    if (!resolved) return resolved.error();
    template_send = std::move(*resolved);
  }
  const std::string& content = template_send ? template_send->rendered_text : request.content;
  const auto defaults = default_fallbacks_.find(request.organization_id);
  auto plan = buildChannelPlan(request.fallback_channels, defaults == default_fallbacks_.end()
                                                              ? std::vector<std::string>{}
                                                              : defaults->second);
  if (!plan) return plan.error();
  if (auto reachable = checkPlanReachable(*plan, recipient->phone); !reachable) {
    return reachable.error();
  }
  auto step = chooseFirstStep(**tenant, *plan, recipient->address, recipient->phone);
  if (!step) return step.error();

  const UnixMillis now = clock_.now();
  const UnixMillis due = std::max(now, request.scheduled_at.value_or(now));
  const bool due_now = due <= now;

  storage::NewOutboundMessage message;
  message.organization_id = request.organization_id;
  message.conversation_id = request.conversation_id;
  // The conversation is the first channel's: a message that falls back stays in it and
  // records the channel that carried it.
  message.channel_type =
      domain::parseChannelType(plan->front()).value_or(domain::ChannelType::WhatsApp);
  message.channel_identifier = recipient->key;
  message.patient.organization_id = request.organization_id;
  message.patient.phone = recipient->phone;
  message.patient.whatsapp_id = recipient->whatsapp_id;
  message.recipient = step->recipient;
  message.content = content;
  message.message_type = request.message_type;
  message.priority = domain::parsePriority(request.priority).value_or(domain::Priority::Normal);
  message.channel_instance_id = step->channel_instance_id;
  message.channel_plan = formatChannelPlan(*plan);
  message.plan_step = step->step;
  nlohmann::json metadata = nlohmann::json::object();
  if (request.message_type == "media") {
    auto media = prepareMediaMessage(store_, request.organization_id, request.content);
    if (!media) return media.error();
    message.content = std::move(media->text);
    metadata["media"] = std::move(media->metadata);
  }
  if (request.interactive) metadata["interactive"] = interactiveMetadata(*request.interactive);
  addSmsMetadata(*plan,
                 request.interactive ? channels::renderInteractiveText(metadata["interactive"])
                                     : message.content,
                 metadata);
  if (template_send) {
    metadata["template"] = template_send->metadata;
    message.template_id = template_send->template_id;
  }
  message.metadata = metadata.dump();
  message.created_at = now;
  message.next_attempt_at = due;
  message.idempotency_key = request.idempotency_key;
  if (due_now) {
    message.lease_owner = instance_id_;
    message.lease_until = now + lease_ms;
  }

  Prepared prepared;
  prepared.organization_id = request.organization_id;
  prepared.message = std::move(message);
  prepared.step = std::move(*step);
  prepared.due_now = due_now;
  if (template_send) {
    prepared.template_name = std::move(template_send->name);
    prepared.template_language = std::move(template_send->language);
  }
  return prepared;
}

SendTicket SendService::admitted(const Prepared& prepared,
                                 const storage::AcceptedMessage& accepted) {
  const PlanStep& step = prepared.step;
  monitoring::gatewayMetrics()
      .messages
      .with({step.channel_type, monitoring::instanceLabels(step.channel_instance_id).provider,
             "accepted"})
      .inc();
  {
    // Counted here too, so a burst cannot overshoot the bound between two recounts.
    std::lock_guard lock(backlog_mutex_);
    ++backlogs_[prepared.organization_id].pending;
  }
  SendTicket ticket;
  ticket.message_id = accepted.message_id;
  ticket.conversation_id = accepted.conversation_id;
  ticket.due_now = prepared.due_now;
  if (step.step > 0) ticket.fallback_used = step.channel_type;
  ticket.template_name = prepared.template_name;
  ticket.template_language = prepared.template_language;
  return ticket;
}

Result<SendTicket> SendService::accept(const SendRequest& request, int lease_ms) {
  auto prepared = prepare(request, lease_ms);
  if (!prepared) return prepared.error();
  auto accepted = store_.acceptOutbound(std::move(prepared->message));
  if (!accepted) return accepted.error();
  return admitted(*prepared, *accepted);
}

void SendService::acceptAsync(const SendRequest& request, int lease_ms, AcceptDone done) {
  auto prepared = prepare(request, lease_ms);
  if (!prepared) return done(prepared.error());
  // Taken out first: the lambda's capture of `prepared` and this argument are evaluated in
  // an unspecified order.
  storage::NewOutboundMessage message = std::move(prepared->message);
  store_.acceptOutboundAsync(std::move(message),
                             [this, prepared = std::move(*prepared),
                              done = std::move(done)](Result<storage::AcceptedMessage> accepted) {
                               if (!accepted) return done(accepted.error());
                               done(admitted(prepared, *accepted));
                             });
}

}  // namespace mensajero::core
