#include "template_routes.h"

#include <utility>

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "meta_payloads.h"
#include "request_json.h"
#include "template_catalog_state.h"

namespace mensajero::provider_sim {
namespace {

using Json = nlohmann::json;
using State = std::shared_ptr<TemplateCatalogState>;

constexpr std::size_t kDefaultPageSize = 25;
constexpr std::size_t kMaxPageSize = 1000;

bool hasBearerToken(const http::Request& request) {
  const auto header = request.header("Authorization");
  return header && header->size() > 7 && header->substr(0, 7) == "Bearer ";
}

http::Response metaError(unsigned status, int code, std::string_view message) {
  return http::Response::json(status, metaErrorBody(code, message));
}

bool validName(const std::string& name) {
  return !name.empty() && name.size() <= 512 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

bool validCategory(const std::string& category) {
  return category == "UTILITY" || category == "MARKETING" || category == "AUTHENTICATION";
}

// Meta's create: checks what Meta checks first (name, category, language, a BODY component).
http::Response create(const State& state, const http::Request& request) {
  if (!hasBearerToken(request)) return metaError(401, 190, "Invalid OAuth access token.");
  if (auto failure = state->takeCreateFailure()) {
    return metaError(static_cast<unsigned>(failure->http_status), failure->code, failure->message);
  }
  auto parsed = parseBoundedJson(request.body);
  if (!parsed || !parsed->is_object()) return metaError(400, 100, "(#100) Invalid JSON body.");
  const Json& body = *parsed;
  state->recordCreateBody(body);
  SimTemplate created;
  created.waba_id = request.path_params.at("waba_id");
  created.name = body.value("name", "");
  created.language = body.value("language", "");
  created.category = body.value("category", "");
  if (!validName(created.name)) return metaError(400, 100, "(#100) Invalid parameter: name.");
  if (!validCategory(created.category)) {
    return metaError(400, 100, "(#100) Invalid parameter: category.");
  }
  if (created.language.empty()) return metaError(400, 100, "(#100) Invalid parameter: language.");
  created.components = body.value("components", Json::array());
  const bool has_body = created.components.is_array() &&
                        std::any_of(created.components.begin(), created.components.end(),
                                    [](const Json& c) { return c.value("type", "") == "BODY"; });
  if (!has_body) return metaError(400, 100, "(#100) A BODY component is required.");
  created.parameter_format =
      body.value("parameter_format", "positional") == "named" ? "NAMED" : "POSITIONAL";
  created.status = "PENDING";
  auto stored = state->add(std::move(created));
  if (!stored) {
    return metaError(400, 100,
                     "(#100) Content in this language already exists for this template name.");
  }
  return http::Response::json(
      200, Json{{"id", stored->id}, {"status", "PENDING"}, {"category", stored->category}}.dump());
}

std::size_t offsetOf(const std::optional<std::string>& after) {
  if (!after || !after->starts_with("sim_after_")) return 0;
  try {
    return static_cast<std::size_t>(std::stoull(after->substr(10)));
  } catch (const std::exception&) {
    return 0;
  }
}

http::Response hostilePage(ListMode mode, const http::Request& request) {
  if (mode == ListMode::Huge) {
    return http::Response::json(200, R"({"data":[],"pad":")" + std::string(5 << 20, 'x') + "\"}");
  }
  if (mode == ListMode::BadJson) return http::Response::json(200, R"({"data":[{"name": )");
  Json data = Json::array();
  const std::size_t count = mode == ListMode::TooMany ? 1000 : 1;
  for (std::size_t i = 0; i < count; ++i) {
    data.push_back({{"id", std::to_string(900'000 + i)},
                    {"name", "endless_" + std::to_string(i)},
                    {"language", "es"},
                    {"status", "APPROVED"},
                    {"category", "UTILITY"},
                    {"components", Json::array({{{"type", "BODY"}, {"text", "Hola"}}})}});
  }
  const std::size_t offset = offsetOf(request.queryParam("after")) + 1;
  Json paging = {{"cursors", {{"after", "sim_after_" + std::to_string(offset)}}},
                 {"next", "http://sim/next"}};
  return http::Response::json(200, Json{{"data", data}, {"paging", paging}}.dump());
}

http::Response list(const State& state, const http::Request& request) {
  if (!hasBearerToken(request)) return metaError(401, 190, "Invalid OAuth access token.");
  if (const ListMode mode = state->listMode(); mode != ListMode::Normal) {
    return hostilePage(mode, request);
  }
  std::size_t limit = kDefaultPageSize;
  if (auto text = request.queryParam("limit")) {
    try {
      limit = std::clamp<std::size_t>(std::stoul(*text), 1, kMaxPageSize);
    } catch (const std::exception&) {
      return metaError(400, 100, "(#100) Invalid parameter: limit.");
    }
  }
  const std::size_t offset = offsetOf(request.queryParam("after"));
  bool more = false;
  Json data = Json::array();
  for (const auto& t : state->page(request.path_params.at("waba_id"), offset, limit, &more)) {
    data.push_back(t.toJson());
  }
  Json body = {{"data", data}};
  if (!data.empty()) {
    const std::string after = "sim_after_" + std::to_string(offset + data.size());
    body["paging"] = {{"cursors", {{"before", "sim_before"}, {"after", after}}}};
    if (more) body["paging"]["next"] = "http://sim" + request.path + "?after=" + after;
  }
  return http::Response::json(200, body.dump());
}

}  // namespace

// Defined in template_control_routes.cpp.
void addTemplateControlRoutes(http::Router& router, SimContext& context, const State& state);

void addTemplateRoutes(http::Router& router, SimContext& context) {
  auto state = std::make_shared<TemplateCatalogState>();
  router.add(
      "POST", "/{version}/{waba_id}/message_templates",
      [state](http::Request request, http::Respond respond) { respond(create(state, request)); });
  router.add(
      "GET", "/{version}/{waba_id}/message_templates",
      [state](http::Request request, http::Respond respond) { respond(list(state, request)); });
  addTemplateControlRoutes(router, context, state);
}

}  // namespace mensajero::provider_sim
