#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/dto/json_body.h"
#include "api/dto/template_dto.h"
#include "api/error_response.h"
#include "core/templates/template_json.h"

// /api/v2/templates: an organization's message templates. Approval is Meta's (submitted and
// synchronised elsewhere); here they are created, read, replaced and disabled, always within
// the caller's organization: another organization's id answers 404 like an unknown one.
namespace mensajero::api {
namespace {

using nlohmann::json;

http::Response notFound() {
  return http::Response::error(404, "template_not_found", "template not found");
}

http::Response templateResponse(unsigned status, const storage::TemplateRecord& record) {
  return http::Response::json(status, dto::templateJson(record).dump());
}

// Writes the new content of `record`. Meta reviews every edit, so an approved (or paused, or
// rejected) template goes back to pending until it is approved again; its provider id stays so
// the edit can be submitted as one.
void replaceContent(storage::TemplateRecord& record, const dto::TemplateReplacement& replacement,
                    UnixMillis now) {
  record.content_json = core::templates::toJson(replacement.content).dump();
  record.parameter_format =
      std::string(core::templates::toText(replacement.content.parameter_format));
  if (replacement.category) record.category = *replacement.category;
  record.status = domain::TemplateStatus::Pending;
  record.status_reason.reset();
  record.updated_at = now;
}

}  // namespace

void Api::registerTemplateRoutes(http::Router& router) {
  router.addBlocking(
      "POST", "/api/v2/templates",
      authenticated(security::Scope::Admin,
                    [this](const http::Request& request, const Caller& caller) {
                      auto body = dto::parseJsonObject(request.body);
                      if (!body) return errorResponse(body.error());
                      auto definition = dto::parseTemplateCreate(*body);
                      if (!definition) return errorResponse(definition.error());
                      storage::TemplateRecord record;
                      record.organization_id = caller.organization_id;
                      record.name = definition->name;
                      record.language = definition->language;
                      record.category = definition->category;
                      record.content_json = core::templates::toJson(definition->content).dump();
                      record.parameter_format = std::string(
                          core::templates::toText(definition->content.parameter_format));
                      record.created_at = record.updated_at = services_.clock.now();
                      auto created = services_.store.createTemplate(std::move(record));
                      if (!created) return errorResponse(created.error());
                      return templateResponse(201, *created);
                    }),
      apiKeyRoute());

  router.addBlocking(
      "GET", "/api/v2/templates",
      authenticated(security::Scope::Read,
                    [this](const http::Request& request, const Caller& caller) {
                      auto filter = dto::parseTemplateFilter(request.queryParam("status"),
                                                             request.queryParam("language"),
                                                             request.queryParam("category"));
                      if (!filter) {
                        auto response = errorResponse(filter.error());
                        response.status = 400;
                        return response;
                      }
                      auto found = services_.store.listTemplates(caller.organization_id, *filter);
                      if (!found) return errorResponse(found.error());
                      json list = json::array();
                      for (const auto& record : *found) list.push_back(dto::templateJson(record));
                      return http::Response::json(200, json{{"templates", list}}.dump());
                    }),
      apiKeyRoute());

  router.addBlocking("GET", "/api/v2/templates/{templateId}",
                     authenticated(security::Scope::Read,
                                   [this](const http::Request& request, const Caller& caller) {
                                     auto found = services_.store.findTemplate(
                                         caller.organization_id,
                                         request.path_params.at("templateId"));
                                     if (!found) return errorResponse(found.error());
                                     if (!*found) return notFound();
                                     return templateResponse(200, **found);
                                   }),
                     apiKeyRoute());

  router.addBlocking(
      "PUT", "/api/v2/templates/{templateId}",
      authenticated(security::Scope::Admin,
                    [this](const http::Request& request, const Caller& caller) {
                      auto body = dto::parseJsonObject(request.body);
                      if (!body) return errorResponse(body.error());
                      auto replacement = dto::parseTemplateReplacement(*body);
                      if (!replacement) return errorResponse(replacement.error());
                      auto found = services_.store.findTemplate(
                          caller.organization_id, request.path_params.at("templateId"));
                      if (!found) return errorResponse(found.error());
                      if (!*found) return notFound();
                      // Meta refuses to edit a disabled template; so do we.
                      if ((*found)->status == domain::TemplateStatus::Disabled) {
                        return http::Response::error(409, "template_disabled",
                                                     "a disabled template cannot be changed");
                      }
                      replaceContent(**found, *replacement, services_.clock.now());
                      auto updated = services_.store.updateTemplate(std::move(**found));
                      if (!updated) return errorResponse(updated.error());
                      return templateResponse(200, *updated);
                    }),
      apiKeyRoute());

  router.addBlocking(
      "POST", "/api/v2/templates/{templateId}/disable",
      authenticated(security::Scope::Admin,
                    [this](const http::Request& request, const Caller& caller) {
                      auto found = services_.store.findTemplate(
                          caller.organization_id, request.path_params.at("templateId"));
                      if (!found) return errorResponse(found.error());
                      if (!*found) return notFound();
                      (*found)->status = domain::TemplateStatus::Disabled;
                      (*found)->updated_at = services_.clock.now();
                      auto updated = services_.store.updateTemplate(std::move(**found));
                      if (!updated) return errorResponse(updated.error());
                      return templateResponse(200, *updated);
                    }),
      apiKeyRoute());
}

}  // namespace mensajero::api
