#include "template_send_check.h"

#include <string>

#include "meta_payloads.h"

namespace mensajero::provider_sim {
namespace {

using nlohmann::json;

http::Response refuse(int code, const std::string& message) {
  return http::Response::json(400,
                              metaErrorBody(code, "(#" + std::to_string(code) + ") " + message));
}

bool isNonEmptyString(const json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_string() &&
         !object[key].get<std::string>().empty();
}

// One parameter: its type names the member that holds its value.
std::optional<http::Response> checkParameter(const json& parameter) {
  if (!isNonEmptyString(parameter, "type")) return refuse(100, "Parameter type is required.");
  const std::string type = parameter["type"];
  if (type == "text" || type == "payload") {
    if (!parameter.contains(type) || !parameter[type].is_string()) {
      return refuse(132012, "Parameter format does not match format in the created template.");
    }
    if (parameter[type].get<std::string>().empty()) {
      return refuse(132000, "Number of parameters does not match the expected number of params.");
    }
    return std::nullopt;
  }
  if (type == "image" || type == "video" || type == "document") {
    const json* media = parameter.contains(type) ? &parameter[type] : nullptr;
    if (media == nullptr || !(isNonEmptyString(*media, "link") || isNonEmptyString(*media, "id"))) {
      return refuse(132012, "Parameter format does not match format in the created template.");
    }
    return std::nullopt;
  }
  if (type == "currency" || type == "date_time") return std::nullopt;
  return refuse(100, "Invalid parameter type " + type + ".");
}

std::optional<http::Response> checkComponent(const json& component) {
  if (!isNonEmptyString(component, "type")) return refuse(100, "Component type is required.");
  const std::string type = component["type"];
  if (type != "header" && type != "body" && type != "button") {
    return refuse(100, "Invalid component type " + type + ".");
  }
  if (type == "button" &&
      (!isNonEmptyString(component, "sub_type") || !isNonEmptyString(component, "index"))) {
    return refuse(100, "A button component needs sub_type and index (a string).");
  }
  const auto parameters = component.find("parameters");
  if (parameters == component.end() || !parameters->is_array() || parameters->empty()) {
    return refuse(132000, "Number of parameters does not match the expected number of params.");
  }
  std::size_t named = 0;
  for (const json& parameter : *parameters) {
    if (auto refused = checkParameter(parameter)) return refused;
    if (parameter.contains("parameter_name")) ++named;
  }
  if (named != 0 && named != parameters->size()) {
    return refuse(132012, "Parameter format does not match format in the created template.");
  }
  return std::nullopt;
}

}  // namespace

std::optional<http::Response> templateSendRefusal(const json& request) {
  if (!request.is_object() || request.value("type", json()) != "template") return std::nullopt;
  const auto found = request.find("template");
  if (found == request.end() || !found->is_object()) {
    return refuse(100, "The parameter template is required.");
  }
  const json& template_object = *found;
  if (!isNonEmptyString(template_object, "name")) {
    return refuse(100, "The parameter template['name'] is required.");
  }
  const auto language = template_object.find("language");
  if (language == template_object.end() || !isNonEmptyString(*language, "code")) {
    return refuse(100, "The parameter template['language']['code'] is required.");
  }
  const auto components = template_object.find("components");
  if (components == template_object.end()) return std::nullopt;
  if (!components->is_array()) return refuse(100, "template['components'] must be an array.");
  for (const json& component : *components) {
    if (auto refused = checkComponent(component)) return refused;
  }
  return std::nullopt;
}

}  // namespace mensajero::provider_sim
