// MetaChannel's media calls (provider reference §1.2 "Upload" and "Download"); the sending
// side is meta_channel.cpp.
#include <utility>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_channel.h"
#include "channels/meta/meta_errors.h"
#include "channels/meta/meta_json.h"
#include "channels/meta/multipart_form.h"
#include "security/crypto.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

constexpr std::chrono::milliseconds kMaxConnectTimeout{3'000};
// A media file moves more bytes than a send; its calls get at least this long.
constexpr std::chrono::milliseconds kMinTransferTimeout{30'000};

transport::HttpCall authorizedCall(const MetaConfig& config, std::string method, std::string url) {
  transport::HttpCall call;
  call.method = std::move(method);
  call.url = std::move(url);
  call.headers = {{"Authorization", "Bearer " + config.access_token}};
  call.timeout = std::max(config.timeout, kMinTransferTimeout);
  call.connect_timeout = std::min(config.timeout, kMaxConnectTimeout);
  return call;
}

// A non-2xx Graph answer: Meta's numeric code when the body has one, else the HTTP status.
Error errorOf(const transport::HttpReply& reply, std::string_view what) {
  const Json body = jf::parseOrNull(reply.body);
  const Json* error = jf::member(body, "error");
  const Json* code = error != nullptr ? jf::member(*error, "code") : nullptr;
  if (code != nullptr && code->is_number_integer()) {
    return classifyMetaError(reply.status, code->get<int>(), jf::getString(*error, "message"));
  }
  const bool retryable = reply.status >= 500 || reply.status == 408 || reply.status == 429;
  return makeError(retryable ? ErrorCategory::Retryable : ErrorCategory::Permanent,
                   "meta_http_" + std::to_string(reply.status),
                   std::string(what) + ": Graph API answered HTTP " + std::to_string(reply.status));
}

bool isSuccess(long status) { return status >= 200 && status < 300; }

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// "https://host[:port]" of a URL, lower-cased; empty when it has no scheme.
std::string originOf(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  const auto host_end = url.find_first_of("/?#", scheme_end + 3);
  return lowerCase(url.substr(0, host_end));
}

bool endsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The Bearer token may only go to Meta's media hosts or to where the Graph API itself is.
bool isTrustedDownloadUrl(const MetaConfig& config, std::string_view url) {
  const std::string origin = originOf(url);
  if (origin.empty()) return false;
  if (origin == originOf(config.base_url)) return true;
  if (!origin.starts_with("https://")) return false;
  std::string host = origin.substr(8);
  if (const auto colon = host.find(':'); colon != std::string::npos) host.resize(colon);
  if (host.find('@') != std::string::npos) return false;
  return endsWith(host, ".fbsbx.com") || endsWith(host, ".fbcdn.net") ||
         endsWith(host, ".facebook.com");
}

std::string hexToBytes(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

// Meta gives the SHA-256 in Base64 (webhooks); hex is accepted too.
bool matchesSha256(std::string_view bytes, std::string_view expected) {
  const std::string hex = security::sha256Hex(bytes);
  return expected == hex || expected == security::base64Encode(hexToBytes(hex));
}

}  // namespace

Result<std::string> MetaChannel::uploadMedia(const MediaFile& file) {
  MultipartForm form(boundaryFor(file.bytes));
  form.addField("messaging_product", "whatsapp");
  form.addField("type", file.mime_type);
  form.addFile("file", file.filename.empty() ? "file" : file.filename, file.mime_type, file.bytes);
  transport::HttpCall call = authorizedCall(
      config_, "POST",
      config_.base_url + "/" + config_.api_version + "/" + config_.phone_number_id + "/media");
  call.headers.emplace_back("Content-Type", form.contentType());
  call.body = form.finish();

  Result<transport::HttpReply> reply = client_.perform(call);
  if (!reply) return reply.error();
  if (!isSuccess(reply->status)) return errorOf(*reply, "media upload");
  std::string id = jf::getString(jf::parseOrNull(reply->body), "id");
  if (id.empty()) {
    return makeError(ErrorCategory::Retryable, "meta_bad_response",
                     "Graph API answered a media upload without an id");
  }
  return id;
}

Result<DownloadedMedia> MetaChannel::downloadMedia(const std::string& provider_media_id,
                                                   const std::string& sha256,
                                                   std::size_t max_bytes) {
  const bool plain_id =
      !provider_media_id.empty() && provider_media_id.size() <= 128 &&
      std::all_of(provider_media_id.begin(), provider_media_id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
      });
  if (!plain_id) {
    return makeError(ErrorCategory::Permanent, "invalid_media_id", "not a Meta media id");
  }
  Result<transport::HttpReply> described = client_.perform(authorizedCall(
      config_, "GET", config_.base_url + "/" + config_.api_version + "/" + provider_media_id));
  if (!described) return described.error();
  if (!isSuccess(described->status)) return errorOf(*described, "media lookup");
  const Json info = jf::parseOrNull(described->body);
  const std::string url = jf::getString(info, "url");
  if (!isTrustedDownloadUrl(config_, url)) {
    return makeError(ErrorCategory::Permanent, "meta_untrusted_media_url",
                     "Graph API named a media URL outside Meta's hosts; not fetched");
  }
  const Json* size = jf::member(info, "file_size");
  if (size != nullptr && size->is_number_integer() && size->get<long long>() > 0 &&
      static_cast<unsigned long long>(size->get<long long>()) > max_bytes) {
    return makeError(ErrorCategory::Permanent, "media_too_large",
                     "the file is larger than the gateway downloads");
  }
  Result<transport::HttpReply> fetched = client_.perform(authorizedCall(config_, "GET", url));
  if (!fetched) return fetched.error();
  if (!isSuccess(fetched->status)) return errorOf(*fetched, "media download");
  if (fetched->body.size() > max_bytes) {
    return makeError(ErrorCategory::Permanent, "media_too_large",
                     "the file is larger than the gateway downloads");
  }
  if (!sha256.empty() && !matchesSha256(fetched->body, sha256)) {
    return makeError(ErrorCategory::Permanent, "media_checksum_mismatch",
                     "the downloaded file does not match the SHA-256 Meta gave");
  }
  DownloadedMedia media;
  media.mime_type = jf::getString(info, "mime_type");
  if (media.mime_type.empty()) media.mime_type = fetched->header("content-type").value_or("");
  media.bytes = std::move(fetched->body);
  return media;
}

}  // namespace mensajero::channels::meta
