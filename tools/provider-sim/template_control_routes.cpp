// The /_sim controls of the template routes (template_routes.h): seeding the catalog, its
// failure knobs, and Meta's template webhooks sent on demand.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "http/router.h"
#include "meta_payloads.h"
#include "request_json.h"
#include "sim_context.h"
#include "template_catalog_state.h"

namespace mensajero::provider_sim {
namespace {

using Json = nlohmann::json;
using State = std::shared_ptr<TemplateCatalogState>;

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_request", std::move(message));
}

Result<SimTemplate> seedEntry(const Json& entry, const std::string& waba_id) {
  if (!entry.is_object()) return invalid("templates[] entries must be objects");
  SimTemplate t;
  t.waba_id = waba_id;
  t.name = entry.value("name", "");
  t.language = entry.value("language", "es");
  t.category = entry.value("category", "UTILITY");
  t.status = entry.value("status", "APPROVED");
  t.parameter_format = entry.value("parameter_format", "POSITIONAL");
  if (entry.contains("components")) {
    t.components = entry["components"];
  } else {
    t.components = Json::array({{{"type", "BODY"}, {"text", entry.value("body", "Hola {{1}}")}}});
  }
  if (t.name.empty()) return invalid("templates[].name is required");
  return t;
}

http::Response seed(const State& state, const http::Request& request) {
  auto body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  auto waba_id = requiredString(*body, "waba_id");
  if (!waba_id) return errorResponse(waba_id.error());
  const Json& templates = body->value("templates", Json::array());
  if (!templates.is_array()) return errorResponse(invalid("'templates' must be an array"));
  Json ids = Json::array();
  for (const Json& entry : templates) {
    auto t = seedEntry(entry, *waba_id);
    if (!t) return errorResponse(t.error());
    auto stored = state->add(std::move(*t));
    if (!stored) return errorResponse(invalid("name and language already exist"));
    ids.push_back(stored->id);
  }
  return jsonResponse({{"ids", ids}});
}

http::Response control(const State& state, const http::Request& request) {
  auto body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  if (auto mode = optionalString(*body, "list_mode"); !mode) {
    return errorResponse(mode.error());
  } else if (*mode) {
    static const std::pair<const char*, ListMode> kModes[] = {{"normal", ListMode::Normal},
                                                              {"huge", ListMode::Huge},
                                                              {"bad_json", ListMode::BadJson},
                                                              {"too_many", ListMode::TooMany},
                                                              {"endless", ListMode::Endless}};
    const auto* found = std::find_if(std::begin(kModes), std::end(kModes),
                                     [&](const auto& m) { return **mode == m.first; });
    if (found == std::end(kModes)) return errorResponse(invalid("unknown list_mode"));
    state->setListMode(found->second);
  }
  if (const auto it = body->find("fail_next_create"); it != body->end() && it->is_object()) {
    state->failNextCreate(it->value("http_status", 400), it->value("code", 100),
                          it->value("message", "(#100) Invalid parameter"));
  }
  return jsonResponse({{"ok", true}});
}

http::Response listState(const State& state) {
  Json templates = Json::array();
  for (const auto& t : state->all()) templates.push_back(t.toJson());
  Json out = {{"templates", templates}, {"create_bodies", state->createBodies()}};
  return jsonResponse(out);
}

// The template a control request names: "template_id", or "name" and "language".
Result<SimTemplate> namedTemplate(const State& state, const Json& body) {
  auto id = optionalString(body, "template_id");
  if (!id) return id.error();
  std::optional<SimTemplate> found;
  if (*id) {
    found = state->find(**id);
  } else {
    found = state->findByName(body.value("name", ""), body.value("language", ""));
  }
  if (!found) return invalid("no such template in the simulator");
  return *found;
}

// Meta's envelope of one template change; entry.id is the WABA id.
Json templateWebhook(const std::string& waba_id, const std::string& field, Json value) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  Json change = {{"field", field}, {"value", std::move(value)}};
  Json entry = {{"id", waba_id}, {"time", now}, {"changes", Json::array({std::move(change)})}};
  return {{"object", "whatsapp_business_account"}, {"entry", Json::array({std::move(entry)})}};
}

Json templateValue(const SimTemplate& t) {
  // message_template_id is a number on the wire (the ids here are digits that fit).
  return {{"message_template_id", std::stoull(t.id)},
          {"message_template_name", t.name},
          {"message_template_language", t.language}};
}

http::Response sendTemplateWebhook(SimContext& context, const std::string& waba_id,
                                   const std::string& field, Json value) {
  const WebhookTarget target = context.state.target();
  if (target.url.empty()) {
    return errorResponse(makeError(ErrorCategory::Conflict, "no_webhook_target",
                                   "set a webhook URL first (POST /_sim/webhook-target)"));
  }
  std::string payload = toWireJson(templateWebhook(waba_id, field, std::move(value)));
  const WebhookDelivery delivery = signedDelivery(target.url, target.app_secret, payload);
  const Result<long> sent = context.webhooks.sendNow(delivery);
  Json out = {{"http_status", sent.ok() ? sent.value() : 0L}, {"payload", payload}};
  if (!sent.ok()) out["transport_error"] = sent.error().code;
  return jsonResponse(out);
}

http::Response statusUpdate(SimContext& context, const State& state, const http::Request& request) {
  auto body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  auto found = namedTemplate(state, *body);
  if (!found) return errorResponse(found.error());
  auto event = requiredString(*body, "event");
  if (!event) return errorResponse(event.error());
  state->setStatus(found->id, *event);
  Json value = templateValue(*found);
  value["event"] = *event;
  value["reason"] = body->value("reason", Json());
  value["message_template_category"] = found->category;
  if (const auto it = body->find("rejection_info"); it != body->end()) {
    value["rejection_info"] = *it;
  }
  const std::string waba_id = body->value("waba_id", found->waba_id);
  return sendTemplateWebhook(context, waba_id, "message_template_status_update", std::move(value));
}

http::Response qualityUpdate(SimContext& context, const State& state,
                             const http::Request& request) {
  auto body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  auto found = namedTemplate(state, *body);
  if (!found) return errorResponse(found.error());
  auto score = requiredString(*body, "new_quality_score");
  if (!score) return errorResponse(score.error());
  Json value = templateValue(*found);
  value["previous_quality_score"] = body->value("previous_quality_score", "UNKNOWN");
  value["new_quality_score"] = *score;
  const std::string waba_id = body->value("waba_id", found->waba_id);
  return sendTemplateWebhook(context, waba_id, "message_template_quality_update", std::move(value));
}

}  // namespace

void addTemplateControlRoutes(http::Router& router, SimContext& context, const State& state) {
  SimContext* ctx = &context;
  router.add("GET", "/_sim/templates",
             [state](http::Request, http::Respond respond) { respond(listState(state)); });
  router.add("POST", "/_sim/templates", [state](http::Request request, http::Respond respond) {
    respond(seed(state, request));
  });
  router.add("DELETE", "/_sim/templates", [state](http::Request, http::Respond respond) {
    state->clear();
    respond(jsonResponse({{"ok", true}}));
  });
  router.add(
      "POST", "/_sim/templates/control",
      [state](http::Request request, http::Respond respond) { respond(control(state, request)); });
  // These wait for the gateway's answer, so they run on the server's blocking pool.
  router.addBlocking("POST", "/_sim/template-status", [ctx, state](const http::Request& request) {
    return statusUpdate(*ctx, state, request);
  });
  router.addBlocking("POST", "/_sim/template-quality", [ctx, state](const http::Request& request) {
    return qualityUpdate(*ctx, state, request);
  });
}

}  // namespace mensajero::provider_sim
