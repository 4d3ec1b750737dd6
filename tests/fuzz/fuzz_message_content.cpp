// libFuzzer target: the structured content a clinic sends (issue 11), through the pure parts of
// what the API and SendService do with it before the store: a template's content as created
// (Meta's rules), a send's parameters bound to it and rendered as the text the patient sees,
// and an interactive message's buttons or list checked and rendered for SMS. Input: a JSON
// object {"template": <content>, "parameters": <send parameters>, "interactive": <content>}.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/dto/interactive_dto.h"
#include "channels/interactive_text.h"
#include "common/bounded_json.h"
#include "core/message_content/interactive_content.h"
#include "core/send_request.h"
#include "core/templates/template_binding.h"
#include "core/templates/template_json.h"
#include "core/templates/template_validation.h"

namespace {

using nlohmann::json;

const json& member(const json& object, const char* key) {
  static const json kNull;
  const auto it = object.find(key);
  return it == object.end() ? kNull : *it;
}

void templateContent(const json& document) {
  namespace templates = mensajero::core::templates;
  auto content = templates::parseTemplateContent(member(document, "template"));
  if (!content || !templates::validateTemplateContent(*content)) return;
  (void)templates::toJson(*content).dump();
  auto bound = templates::bindParameters(*content, member(document, "parameters"));
  if (!bound) return;
  (void)templates::renderText(*content, *bound);
  (void)templates::parametersJson(*bound).dump();
}

void interactiveContent(const json& document) {
  const json& interactive = member(document, "interactive");
  if (interactive.is_null()) return;
  mensajero::core::SendRequest request;
  request.message_type = "interactive";
  if (!mensajero::api::dto::readInteractiveContent(interactive, request)) return;
  if (!request.interactive || !mensajero::core::validateInteractiveContent(*request.interactive)) {
    return;
  }
  (void)mensajero::channels::renderInteractiveText(
      mensajero::core::interactiveMetadata(*request.interactive));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto document = mensajero::parseBoundedJson(body);
  if (!document || !document->is_object()) return 0;
  templateContent(*document);
  interactiveContent(*document);
  return 0;
}
