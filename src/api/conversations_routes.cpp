#include <charconv>

#include "api/api.h"
#include "api/dto/conversation_dto.h"
#include "api/dto/service_window_dto.h"
#include "api/error_response.h"

namespace mensajero::api {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 200;

Result<int> pageLimit(const http::Request& request) {
  auto text = request.queryParam("limit");
  if (!text) return kDefaultPage;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > kMaxPage) {
    return makeError(ErrorCategory::Invalid, "invalid_request",
                     "limit must be an integer from 1 to 200");
  }
  return limit;
}

}  // namespace

void Api::registerConversationRoutes(http::Router& router) {
  router.addBlocking(
      "GET", "/api/v2/conversations/{conversationId}",
      authenticated(security::Scope::Read,
                    [this](const http::Request& request, const Caller& caller) {
                      auto limit = pageLimit(request);
                      if (!limit) {
                        auto response = errorResponse(limit.error());
                        response.status = 400;
                        return response;
                      }
                      auto page = services_.store.getConversation(
                          caller.organization_id, request.path_params.at("conversationId"), *limit,
                          request.queryParam("before"));
                      if (!page) return errorResponse(page.error());
                      if (!*page)
                        return http::Response::error(404, "not_found", "conversation not found");
                      nlohmann::json body = dto::conversationResponse(**page);
                      body["serviceWindow"] =
                          dto::serviceWindowJson((*page)->conversation, services_.clock.now());
                      return http::Response::json(200, body.dump());
                    }),
      apiKeyRoute());
}

}  // namespace mensajero::api
