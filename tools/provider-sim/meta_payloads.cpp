#include "meta_payloads.h"

#include <cctype>

namespace mensajero::provider_sim {
namespace {

nlohmann::json envelope(const WebhookMetadata& metadata, nlohmann::json value_fields) {
  nlohmann::json value = {
      {"messaging_product", "whatsapp"},
      {"metadata",
       {{"display_phone_number", metadata.display_phone_number},
        {"phone_number_id", metadata.phone_number_id}}},
  };
  value.update(value_fields);
  nlohmann::json change = {{"field", "messages"}, {"value", std::move(value)}};
  nlohmann::json entry = {{"id", std::string(kSimWabaId)},
                          {"changes", nlohmann::json::array({std::move(change)})}};
  return {{"object", "whatsapp_business_account"},
          {"entry", nlohmann::json::array({std::move(entry)})}};
}

}  // namespace

std::string metaErrorBody(int code, std::string_view message, std::string_view type) {
  nlohmann::json body = {
      {"error", {{"message", message}, {"type", type}, {"code", code}, {"fbtrace_id", "SIM"}}}};
  return body.dump();
}

nlohmann::json statusWebhook(const WebhookMetadata& metadata, const StatusEvent& status) {
  nlohmann::json item = {
      {"id", status.wamid},
      {"status", status.status},
      {"timestamp", std::to_string(status.timestamp_s)},
      {"recipient_id", status.recipient_id},
  };
  if (status.callback_data) {
    item["biz_opaque_callback_data"] = *status.callback_data;
  }
  if (status.error_code) {
    const std::string title = status.error_title.empty() ? "Simulated failure" : status.error_title;
    item["errors"] = nlohmann::json::array({{{"code", *status.error_code},
                                             {"title", title},
                                             {"message", title},
                                             {"error_data", {{"details", title}}}}});
  }
  return envelope(metadata, {{"statuses", nlohmann::json::array({item})}});
}

nlohmann::json inboundTextWebhook(const WebhookMetadata& metadata, const InboundText& message) {
  nlohmann::json contact = {{"profile", {{"name", message.name}}}, {"wa_id", message.from}};
  nlohmann::json item = {
      {"from", message.from},
      {"id", message.wamid},
      {"timestamp", std::to_string(message.timestamp_s)},
      {"type", "text"},
      {"text", {{"body", message.body}}},
  };
  return envelope(metadata, {{"contacts", nlohmann::json::array({contact})},
                             {"messages", nlohmann::json::array({item})}});
}

std::string toWireJson(const nlohmann::json& payload) {
  return payload.dump(-1, ' ', /*ensure_ascii=*/true, nlohmann::json::error_handler_t::replace);
}

std::string digitsOf(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits.push_back(c);
    }
  }
  return digits;
}

}  // namespace mensajero::provider_sim
