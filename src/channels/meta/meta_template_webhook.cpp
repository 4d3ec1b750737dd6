#include "channels/meta/meta_template_webhook.h"

#include <cstdint>

#include "channels/meta/meta_json.h"
#include "channels/meta/meta_template_status.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

constexpr std::size_t kMaxIdBytes = 64;
constexpr std::size_t kMaxNameBytes = 512;
constexpr std::size_t kMaxLanguageBytes = 15;
constexpr std::size_t kMaxReasonBytes = 1000;
constexpr std::size_t kMaxQualityBytes = 20;

// Cuts `text` to at most `limit` bytes without splitting a UTF-8 sequence.
std::string cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string templateId(const Json& value) {
  const Json* id = jf::member(value, "message_template_id");
  if (id == nullptr) return {};
  if (id->is_number_unsigned()) return std::to_string(id->get<std::uint64_t>());
  if (!id->is_string()) return {};
  const std::string& text = id->get_ref<const std::string&>();
  const bool digits = !text.empty() && text.size() <= kMaxIdBytes &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  return digits ? text : std::string();
}

// REJECTED and its siblings: Meta's explanation when it gives one, else the reason code.
std::optional<std::string> reasonOf(const Json& value) {
  std::string reason = jf::getString(jf::getOptional(value, "rejection_info"), "reason");
  if (reason.empty()) reason = jf::getString(value, "reason");
  if (reason.empty() || reason == "NONE") return std::nullopt;
  return cut(std::move(reason), kMaxReasonBytes);
}

std::optional<std::string> qualityOf(const Json& value) {
  std::string quality = jf::getString(value, "new_quality_score");
  if (quality.empty() || quality.size() > kMaxQualityBytes) return std::nullopt;
  const bool plain = quality.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos;
  return plain ? std::optional<std::string>(std::move(quality)) : std::nullopt;
}

}  // namespace

bool isTemplateField(const std::string& field) {
  return field == "message_template_status_update" || field == "message_template_quality_update";
}

std::optional<TemplateUpdate> parseTemplateChange(const std::string& waba_id,
                                                  const std::string& field, const Json& value) {
  TemplateUpdate update;
  update.account_id = cut(waba_id, kMaxIdBytes);
  update.provider_template_id = templateId(value);
  if (update.provider_template_id.empty()) return std::nullopt;
  update.template_name = cut(jf::getString(value, "message_template_name"), kMaxNameBytes);
  update.language = cut(jf::getString(value, "message_template_language"), kMaxLanguageBytes);
  if (field == "message_template_status_update") {
    update.status = gatewayTemplateStatus(jf::getString(value, "event"));
    if (update.status && *update.status != "approved" && *update.status != "pending") {
      update.reason = reasonOf(value);
    }
  } else {
    update.quality = qualityOf(value);
  }
  if (!update.status && !update.quality) return std::nullopt;
  return update;
}

}  // namespace mensajero::channels::meta
