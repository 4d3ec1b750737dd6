// POST /api/v2/templates/{templateId}/submit: one of the organization's templates to its
// WhatsApp provider for review (core/templates/template_sync.h).
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/dto/template_dto.h"
#include "api/error_response.h"
#include "core/templates/template_sync.h"

namespace mensajero::api {
namespace {

// The provider could not be asked, or answered something that is not an answer: 502, so a
// client tells it from the gateway's own unavailability (503).
http::Response submitError(const Error& error) {
  if (error.code == "provider_unavailable") {
    return http::Response::error(502, error.code, error.message, true);
  }
  return errorResponse(error);
}

}  // namespace

void Api::registerTemplateSyncRoutes(http::Router& router) {
  router.addBlocking(
      "POST", "/api/v2/templates/{templateId}/submit",
      authenticated(security::Scope::Admin,
                    [this](const http::Request& request, const Caller& caller) {
                      auto catalog = core::templates::openTemplateCatalog(
                          services_.store, services_.providers, services_.http_client,
                          caller.organization_id);
                      if (!catalog) return submitError(catalog.error());
                      auto submitted = core::templates::submitTemplate(
                          services_.store, **catalog, caller.organization_id,
                          request.path_params.at("templateId"), services_.clock.now());
                      if (!submitted) return submitError(submitted.error());
                      return http::Response::json(200, dto::templateJson(*submitted).dump());
                    }),
      apiKeyRoute());
}

}  // namespace mensajero::api
