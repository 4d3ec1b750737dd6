#include "media_routes.h"

#include <utility>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "security/crypto.h"

namespace mensajero::provider_sim {
namespace {

constexpr std::size_t kMaxFileBytes = 32 << 20;

struct SimMedia {
  std::string id;
  std::string mime_type;
  std::string bytes;
  std::string sha256;           // Base64, as Meta gives it
  std::string phone_number_id;  // empty for seeded media
  std::string filename;
  std::string source;  // "upload" | "seed"
};

// The simulator's media files by id. Thread-safe.
class MediaShelf {
 public:
  std::string add(SimMedia media) {
    std::lock_guard lock(mutex_);
    media.id = std::to_string(next_id_++);
    std::string id = media.id;
    files_.emplace(id, std::move(media));
    return id;
  }
  std::optional<SimMedia> find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = files_.find(id);
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }
  nlohmann::json listJson() const {
    std::lock_guard lock(mutex_);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [id, media] : files_) {
      list.push_back({{"id", id},
                      {"mime_type", media.mime_type},
                      {"file_size", media.bytes.size()},
                      {"sha256", media.sha256},
                      {"phone_number_id", media.phone_number_id},
                      {"filename", media.filename},
                      {"source", media.source}});
    }
    return {{"count", list.size()}, {"media", list}};
  }

 private:
  mutable std::mutex mutex_;
  long long next_id_ = 900000000000001;  // digits, as Meta's ids are
  std::map<std::string, SimMedia> files_;
};

std::string sha256Base64(std::string_view bytes) {
  const std::string hex = security::sha256Hex(bytes);
  std::string raw;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return security::base64Encode(raw);
}

bool hasBearerToken(const http::Request& request) {
  const auto header = request.header("Authorization");
  return header && header->size() > 7 && header->substr(0, 7) == "Bearer ";
}

http::Response metaError(unsigned status, int code, std::string message) {
  const nlohmann::json body = {
      {"error", {{"message", std::move(message)}, {"type", "OAuthException"}, {"code", code}}}};
  return http::Response::json(status, body.dump());
}

struct FormPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::string value;
};

// The parameter `name` of a header value ("form-data; name=\"file\""), unquoted.
std::string headerParameter(std::string_view value, std::string_view name) {
  const std::string key = std::string(name) + "=";
  std::size_t at = 0;
  while ((at = value.find(key, at)) != std::string_view::npos) {
    if (at == 0 || value[at - 1] == ' ' || value[at - 1] == ';') break;
    at += key.size();
  }
  if (at == std::string_view::npos) return {};
  std::string_view rest = value.substr(at + key.size());
  if (!rest.empty() && rest.front() == '"') {
    rest.remove_prefix(1);
    return std::string(rest.substr(0, rest.find('"')));
  }
  return std::string(rest.substr(0, rest.find(';')));
}

// multipart/form-data parts (RFC 7578); nullopt when the body does not parse.
std::optional<std::map<std::string, FormPart>> parseMultipart(std::string_view content_type,
                                                              std::string_view body) {
  const std::string boundary = headerParameter(content_type, "boundary");
  if (boundary.empty() || content_type.find("multipart/form-data") != 0) return std::nullopt;
  const std::string delimiter = "--" + boundary;
  std::map<std::string, FormPart> parts;
  std::size_t at = body.find(delimiter);
  while (at != std::string_view::npos) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;
    if (body.substr(at, 2) != "\r\n") return std::nullopt;
    at += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", at);
    const std::size_t next = body.find("\r\n" + delimiter, at);
    if (headers_end == std::string_view::npos || next == std::string_view::npos ||
        headers_end > next) {
      return std::nullopt;
    }
    FormPart part;
    std::string_view headers = body.substr(at, headers_end - at);
    while (!headers.empty()) {
      const std::size_t line_end = headers.find("\r\n");
      const std::string_view line = headers.substr(0, line_end);
      const std::size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (name == "content-disposition") {
          part.name = headerParameter(value, "name");
          part.filename = headerParameter(value, "filename");
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      if (line_end == std::string_view::npos) break;
      headers.remove_prefix(line_end + 2);
    }
    part.value = std::string(body.substr(headers_end + 4, next - headers_end - 4));
    std::string name = part.name;
    parts[name] = std::move(part);
    at = next + 2;
  }
  return std::nullopt;
}

http::Response upload(MediaShelf& shelf, const http::Request& request) {
  if (!hasBearerToken(request)) return metaError(401, 190, "Invalid OAuth access token.");
  const auto parts = parseMultipart(request.header("Content-Type").value_or(""), request.body);
  if (!parts) return metaError(400, 100, "(#100) The request is not multipart/form-data.");
  const auto product = parts->find("messaging_product");
  const auto type = parts->find("type");
  const auto file = parts->find("file");
  if (product == parts->end() || product->second.value != "whatsapp") {
    return metaError(400, 100, "(#100) The parameter messaging_product is required.");
  }
  if (type == parts->end() || type->second.value.empty()) {
    return metaError(400, 100, "(#100) The parameter type is required.");
  }
  if (file == parts->end() || file->second.value.empty()) {
    return metaError(400, 100, "(#100) The parameter file is required.");
  }
  if (file->second.content_type != type->second.value) {
    return metaError(400, 131053, "(#131053) Media upload error: type does not match the file.");
  }
  SimMedia media;
  media.mime_type = type->second.value;
  media.bytes = file->second.value;
  media.sha256 = sha256Base64(media.bytes);
  media.phone_number_id = request.path_params.at("phone_number_id");
  media.filename = file->second.filename;
  media.source = "upload";
  const std::string id = shelf.add(std::move(media));
  return http::Response::json(200, nlohmann::json({{"id", id}}).dump());
}

http::Response describe(MediaShelf& shelf, const http::Request& request) {
  if (!hasBearerToken(request)) return metaError(401, 190, "Invalid OAuth access token.");
  const auto media = shelf.find(request.path_params.at("media_id"));
  if (!media) return metaError(404, 100, "(#100) Unsupported get request.");
  const std::string host(request.header("Host").value_or("127.0.0.1"));
  const nlohmann::json body = {{"messaging_product", "whatsapp"},
                               {"url", "http://" + host + "/_sim/media/" + media->id + "/file"},
                               {"mime_type", media->mime_type},
                               {"sha256", media->sha256},
                               {"file_size", media->bytes.size()},
                               {"id", media->id}};
  return http::Response::json(200, body.dump());
}

http::Response file(MediaShelf& shelf, const http::Request& request) {
  // Meta's download URLs need the same token; without it they answer 401/404.
  if (!hasBearerToken(request)) return metaError(401, 190, "Invalid OAuth access token.");
  const auto media = shelf.find(request.path_params.at("media_id"));
  if (!media) return http::Response::error(404, "not_found", "no such media");
  http::Response response;
  response.content_type = media->mime_type;
  response.body = media->bytes;
  return response;
}

http::Response seed(MediaShelf& shelf, const http::Request& request) {
  if (request.body.empty()) return http::Response::error(400, "invalid_request", "empty body");
  SimMedia media;
  media.mime_type =
      std::string(request.header("Content-Type").value_or("application/octet-stream"));
  media.bytes = request.body;
  media.sha256 = sha256Base64(media.bytes);
  media.source = "seed";
  const std::string sha256 = media.sha256;
  const std::string id = shelf.add(std::move(media));
  return http::Response::json(201, nlohmann::json({{"id", id}, {"sha256", sha256}}).dump());
}

using MediaHandler = http::Response (*)(MediaShelf&, const http::Request&);

http::Handler handler(std::shared_ptr<MediaShelf> shelf, MediaHandler handle) {
  return [shelf = std::move(shelf), handle](http::Request request, http::Respond respond) {
    respond(handle(*shelf, request));
  };
}

}  // namespace

void addMediaRoutes(http::Router& router) {
  auto shelf = std::make_shared<MediaShelf>();
  http::RouteOptions large;
  large.body_limit = kMaxFileBytes;
  router.add("POST", "/{version}/{phone_number_id}/media", handler(shelf, upload), large);
  router.add("GET", "/{version}/{media_id}", handler(shelf, describe));
  router.add("GET", "/_sim/media/{media_id}/file", handler(shelf, file));
  router.add("POST", "/_sim/media", handler(shelf, seed), large);
  router.add("GET", "/_sim/media", [shelf](http::Request, http::Respond respond) {
    respond(http::Response::json(200, shelf->listJson().dump()));
  });
}

}  // namespace mensajero::provider_sim
