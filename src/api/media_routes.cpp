// POST /api/v2/media (upload) and GET /api/v2/media/{mediaId} (download), issue 11 item 5.
#include "api/api.h"
#include "api/error_response.h"
#include "core/media/media_upload.h"
#include "delivery/media_fetch.h"

namespace mensajero::api {
namespace {

// Media files are served as downloads of patient data: never cached by intermediaries, never
// rendered as another type by a browser.
http::Response fileResponse(std::string mime_type, std::string bytes) {
  http::Response response;
  response.status = 200;
  response.content_type = std::move(mime_type);
  response.body = std::move(bytes);
  response.withHeader("Cache-Control", "private, no-store");
  response.withHeader("X-Content-Type-Options", "nosniff");
  response.withHeader("Content-Disposition", "attachment");
  return response;
}

http::Response uploadError(const Error& error) {
  http::Response response = errorResponse(error);
  if (error.code == "unsupported_media_type") response.status = 415;
  if (error.code == "media_too_large") response.status = 413;
  return response;
}

nlohmann::json uploadedJson(const core::MediaUploaded& media) {
  return {{"id", media.id},
          {"kind", std::string(domain::toText(media.kind))},
          {"mimeType", media.mime_type},
          {"sizeBytes", media.size_bytes},
          {"sha256", media.sha256}};
}

}  // namespace

void Api::registerMediaRoutes(http::Router& router) {
  http::RouteOptions upload_options = apiKeyRoute();
  // Refused with 413 from Content-Length (or as soon as the body passes it), before the
  // upload is held in memory whole.
  upload_options.body_limit = options_.media_max_upload_bytes;
  router.addBlocking(
      "POST", "/api/v2/media",
      authenticated(
          security::Scope::Send,
          [this](const http::Request& request, const Caller& caller) {
            core::MediaUpload upload;
            upload.organization_id = caller.organization_id;
            upload.content_type = std::string(request.header("Content-Type").value_or(""));
            upload.filename = request.queryParam("filename");
            upload.bytes = request.body;
            auto stored = core::acceptMediaUpload(services_.store, services_.clock, upload);
            if (!stored) return uploadError(stored.error());
            // 201 for a new file, 200 for bytes the organization had uploaded.
            return http::Response::json(stored->created ? 201 : 200, uploadedJson(*stored).dump());
          }),
      upload_options);

  router.addBlocking(
      "GET", "/api/v2/media/{mediaId}",
      authenticated(security::Scope::Read,
                    [this](const http::Request& request, const Caller& caller) {
                      auto content = delivery::fetchMediaContent(
                          services_.store, services_.channels, caller.organization_id,
                          request.path_params.at("mediaId"), options_.media_max_upload_bytes);
                      if (!content) {
                        http::Response response = errorResponse(content.error());
                        if (content.error().code == "media_expired") response.status = 410;
                        // A provider's refusal or outage is not the client's fault.
                        if (content.error().category == ErrorCategory::Permanent &&
                            content.error().code != "media_expired") {
                          response.status = 502;
                        }
                        return response;
                      }
                      return fileResponse(std::move(content->mime_type), std::move(content->bytes));
                    }),
      apiKeyRoute());
}

}  // namespace mensajero::api
