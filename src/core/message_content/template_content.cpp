#include "core/message_content/template_content.h"

#include "core/domain/template_status.h"
#include "core/templates/template_binding.h"
#include "core/templates/template_json.h"

namespace mensajero::core {
namespace {

using nlohmann::json;
namespace templates = core::templates;

constexpr std::size_t kMaxNameLength = 512;

Error invalid(const char* code, std::string message) {
  return makeError(ErrorCategory::Invalid, code, std::move(message));
}

struct TemplateRequest {
  std::string name;
  std::string language;  // empty: the default
  json parameters;
};

Result<TemplateRequest> parseRequest(std::string_view content) {
  // The content was serialised from a depth-bounded parse of the request body.
  json parsed = json::parse(content, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return invalid("template_content_invalid",
                   "message.content of a template must be an object with its name");
  }
  TemplateRequest request;
  auto name = parsed.find("name");
  if (name == parsed.end() || !name->is_string() || name->get_ref<const std::string&>().empty() ||
      name->get_ref<const std::string&>().size() > kMaxNameLength) {
    return invalid("template_content_invalid", "message.content.name must be a template name");
  }
  request.name = name->get<std::string>();
  if (auto language = parsed.find("language"); language != parsed.end() && !language->is_null()) {
    if (!language->is_string() || language->get_ref<const std::string&>().size() > 16) {
      return invalid("template_content_invalid",
                     "message.content.language must be a language code");
    }
    request.language = language->get<std::string>();
  }
  if (auto parameters = parsed.find("parameters"); parameters != parsed.end()) {
    request.parameters = *parameters;
  }
  for (const auto& [key, value] : parsed.items()) {
    if (key != "name" && key != "language" && key != "parameters") {
      return invalid("template_content_invalid", "message.content has an unknown key " + key);
    }
  }
  return request;
}

// The requested language's template, else the default language's.
Result<std::optional<storage::TemplateRecord>> findTemplate(storage::Store& store,
                                                            const std::string& organization_id,
                                                            const TemplateRequest& request,
                                                            const std::string& default_language) {
  if (!request.language.empty()) {
    auto found = store.findTemplateByName(organization_id, request.name, request.language);
    if (!found || *found || request.language == default_language) return found;
  }
  return store.findTemplateByName(organization_id, request.name, default_language);
}

}  // namespace

Status validateTemplateSendContent(std::string_view content) {
  auto request = parseRequest(content);
  if (!request) return request.error();
  return {};
}

Result<TemplateSend> resolveTemplateSend(storage::Store& store, const std::string& organization_id,
                                         const std::string& default_language,
                                         std::string_view content) {
  auto request = parseRequest(content);
  if (!request) return request.error();
  auto found = findTemplate(store, organization_id, *request, default_language);
  if (!found) return found.error();
  if (!*found) {
    return invalid("template_not_found", "the organization has no template '" + request->name +
                                             "' in that language nor in its default language");
  }
  const storage::TemplateRecord& record = **found;
  if (record.status != domain::TemplateStatus::Approved) {
    return invalid("template_not_approved", "template '" + record.name + "' (" + record.language +
                                                ") is " +
                                                std::string(domain::toText(record.status)) +
                                                "; only approved templates are sent");
  }
  json stored = json::parse(record.content_json, nullptr, false);
  auto definition = templates::parseTemplateContent(stored);
  if (!definition) {
    return makeError(ErrorCategory::Internal, "template_corrupt",
                     "the stored template is unreadable");
  }
  auto bound = templates::bindParameters(*definition, request->parameters);
  if (!bound) return bound.error();

  TemplateSend send;
  send.template_id = record.id;
  send.name = record.name;
  send.language = record.language;
  send.rendered_text = templates::renderText(*definition, *bound);
  send.metadata = {{"id", record.id},
                   {"name", record.name},
                   {"language", record.language},
                   {"parameter_format", templates::toText(definition->parameter_format)},
                   {"parameters", templates::parametersJson(*bound)}};
  return send;
}

std::optional<Error> templateRefusal(storage::Store& store, const std::string& organization_id,
                                     std::string_view message_type, std::string_view metadata) {
  if (message_type != "template") return std::nullopt;
  json parsed = json::parse(metadata, nullptr, false);
  const json* id = nullptr;
  if (parsed.is_object() && parsed.contains("template") && parsed["template"].is_object()) {
    auto it = parsed["template"].find("id");
    if (it != parsed["template"].end() && it->is_string()) id = &*it;
  }
  if (id == nullptr) {
    return makeError(ErrorCategory::Permanent, "template_not_found",
                     "the message names no template");
  }
  auto found = store.findTemplate(organization_id, id->get<std::string>());
  if (!found) return std::nullopt;
  if (!*found) {
    return makeError(ErrorCategory::Fallback, "template_not_found", "the template was deleted");
  }
  if ((*found)->status == domain::TemplateStatus::Approved) return std::nullopt;
  return makeError(ErrorCategory::Fallback, "template_not_approved",
                   "the template is " + std::string(domain::toText((*found)->status)) +
                       " since the message was accepted; it was not sent to WhatsApp");
}

}  // namespace mensajero::core
