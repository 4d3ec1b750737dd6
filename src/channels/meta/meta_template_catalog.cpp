#include "channels/meta/meta_template_catalog.h"

#include <utility>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_json.h"
#include "channels/meta/meta_template_components.h"
#include "channels/meta/meta_template_status.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

constexpr std::chrono::milliseconds kMaxConnectTimeout{3'000};
constexpr std::size_t kMaxNameBytes = 512;  // Meta's limit on template names
constexpr std::size_t kMaxLanguageBytes = 15;
constexpr std::size_t kMaxIdBytes = 64;
constexpr std::size_t kMaxErrorMessageBytes = 300;
constexpr const char* kListFields = "name,language,status,category,parameter_format,components";

Error badResponse(std::string message) {
  return makeError(ErrorCategory::Retryable, "provider_bad_response", std::move(message));
}

bool allOf(std::string_view text, std::string_view allowed_extra, bool upper) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upper && c >= 'A' && c <= 'Z') ||
           allowed_extra.find(c) != std::string_view::npos;
  });
}

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (allOf(std::string_view(&c, 1), "-_.~", true)) {
      out.push_back(c);
    } else {
      out += {'%', kHex[byte >> 4], kHex[byte & 0xF]};
    }
  }
  return out;
}

// A non-2xx answer: Meta's code decides the name, the HTTP status whether to retry. Meta's
// user-facing message (error_user_msg) says what to fix in the template; it quotes no PHI.
Error errorFromReply(const transport::HttpReply& reply) {
  const Json body = jf::parseOrNull(reply.body);
  const Json& error = jf::getOptional(body, "error");
  const Json* code = jf::member(error, "code");
  std::string name = code != nullptr && code->is_number_integer()
                         ? "meta_" + std::to_string(code->get<long long>())
                         : "meta_http_" + std::to_string(reply.status);
  std::string message = jf::getString(error, "error_user_msg");
  if (message.empty()) message = jf::getString(error, "message");
  if (message.empty()) message = "Graph API answered HTTP " + std::to_string(reply.status);
  if (message.size() > kMaxErrorMessageBytes) message.resize(kMaxErrorMessageBytes);
  const bool retryable = reply.status >= 500 || reply.status == 408 || reply.status == 429;
  const bool unauthorized = reply.status == 401 || reply.status == 403;
  return makeError(retryable      ? ErrorCategory::Retryable
                   : unauthorized ? ErrorCategory::Unauthorized
                                  : ErrorCategory::Invalid,
                   std::move(name), std::move(message));
}

// A successful answer's body as JSON, or why it is not one.
Result<Json> answerBody(const Result<transport::HttpReply>& reply) {
  if (!reply) return reply.error();
  if (reply->status < 200 || reply->status >= 300) return errorFromReply(*reply);
  if (reply->body.size() > MetaTemplateCatalog::kMaxAnswerBytes) {
    return badResponse("Graph API answer larger than " +
                       std::to_string(MetaTemplateCatalog::kMaxAnswerBytes) + " bytes");
  }
  Json body = jf::parseOrNull(reply->body);
  if (!body.is_object()) return badResponse("Graph API answer is not a JSON object");
  return body;
}

// An id as Meta sends it (a string of digits; a number is accepted too).
std::string idOf(const Json& entry) {
  const Json* id = jf::member(entry, "id");
  if (id != nullptr && id->is_number_unsigned()) return std::to_string(id->get<std::uint64_t>());
  std::string text = jf::getString(entry, "id");
  const bool usable = !text.empty() && text.size() <= kMaxIdBytes && allOf(text, "", false);
  return usable ? text : std::string();
}

// One entry of a page in the gateway's terms, or the reason it is skipped.
Result<CatalogTemplate> readEntry(const Json& entry) {
  auto skip = [](std::string reason) {
    return makeError(ErrorCategory::Invalid, "skipped", std::move(reason));
  };
  CatalogTemplate out;
  out.name = jf::getString(entry, "name");
  if (out.name.empty() || out.name.size() > kMaxNameBytes || !allOf(out.name, "_", false)) {
    return skip("name missing or not [a-z0-9_] up to 512 characters");
  }
  out.provider_template_id = idOf(entry);
  if (out.provider_template_id.empty()) return skip("id missing or not numeric");
  out.language = jf::getString(entry, "language");
  if (out.language.empty() || out.language.size() > kMaxLanguageBytes ||
      !allOf(out.language, "_-", true)) {
    return skip("language missing or malformed");
  }
  auto status = gatewayTemplateStatus(jf::getString(entry, "status"));
  if (!status) return skip("unknown status");
  out.status = std::move(*status);
  auto category = gatewayTemplateCategory(jf::getString(entry, "category"));
  if (!category) return skip("unknown category");
  out.category = std::move(*category);
  const std::string format = jf::getString(entry, "parameter_format");
  const bool named = format == "NAMED" || format == "named";
  out.parameter_format = named ? "named" : "positional";
  auto content = gatewayContent(jf::getOptional(entry, "components"), named);
  if (!content) return skip(content.error().message);
  out.content_json = std::move(*content);
  return out;
}

// paging.cursors.after, when paging.next says there is a next page.
Result<std::optional<std::string>> nextCursor(const Json& body) {
  const Json& paging = jf::getOptional(body, "paging");
  if (jf::getString(paging, "next").empty()) return std::optional<std::string>();
  std::string after = jf::getString(jf::getOptional(paging, "cursors"), "after");
  if (after.empty() || after.size() > MetaTemplateCatalog::kMaxCursorBytes) {
    return badResponse("paging.next without a usable paging.cursors.after");
  }
  return std::optional<std::string>(std::move(after));
}

}  // namespace

MetaTemplateCatalog::MetaTemplateCatalog(MetaConfig config, transport::HttpClient& client)
    : config_(std::move(config)), client_(client) {}

transport::HttpCall MetaTemplateCatalog::call(std::string method, std::string query) const {
  transport::HttpCall call;
  call.method = std::move(method);
  call.url = config_.base_url + "/" + config_.api_version + "/" + config_.waba_id +
             "/message_templates" + query;
  call.headers = {{"Authorization", "Bearer " + config_.access_token}};
  call.timeout = config_.timeout;
  call.connect_timeout = std::min(config_.timeout, kMaxConnectTimeout);
  return call;
}

Result<SubmittedTemplate> MetaTemplateCatalog::submit(const TemplateSubmission& submission) {
  auto components = metaComponents(submission.content_json);
  if (!components) return components.error();
  std::string category = submission.category;
  std::transform(category.begin(), category.end(), category.begin(),
                 [](char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
  const Json body = {
      {"name", submission.name},
      {"category", category},
      {"language", submission.language},
      {"parameter_format", submission.parameter_format == "named" ? "named" : "positional"},
      {"components", std::move(*components)},
  };
  transport::HttpCall create = call("POST", "");
  create.headers.emplace_back("Content-Type", "application/json");
  create.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);

  auto answer = answerBody(client_.perform(create));
  if (!answer) return answer.error();
  SubmittedTemplate submitted;
  submitted.provider_template_id = idOf(*answer);
  if (submitted.provider_template_id.empty()) return badResponse("answer without a numeric id");
  // A missing status reads as pending: every new template is reviewed.
  submitted.status = gatewayTemplateStatus(jf::getString(*answer, "status")).value_or("pending");
  submitted.category =
      gatewayTemplateCategory(jf::getString(*answer, "category")).value_or(submission.category);
  return submitted;
}

Result<CatalogPage> MetaTemplateCatalog::list(std::string_view cursor) {
  if (cursor.size() > kMaxCursorBytes) return badResponse("cursor too long");
  std::string query =
      "?fields=" + std::string(kListFields) + "&limit=" + std::to_string(kMaxTemplatesPerPage / 2);
  if (!cursor.empty()) query += "&after=" + percentEncode(cursor);

  auto answer = answerBody(client_.perform(call("GET", std::move(query))));
  if (!answer) return answer.error();
  const Json* data = jf::member(*answer, "data");
  if (data == nullptr || !data->is_array()) return badResponse("answer without a data array");
  if (data->size() > kMaxTemplatesPerPage) {
    return badResponse("a page of more than " + std::to_string(kMaxTemplatesPerPage) +
                       " templates");
  }
  CatalogPage page;
  for (const Json& entry : *data) {
    auto read = readEntry(entry);
    if (read) {
      page.templates.push_back(std::move(*read));
      continue;
    }
    std::string name = jf::getString(entry, "name");
    if (name.size() > kMaxNameBytes || !allOf(name, "_", false)) name.clear();
    page.skipped.push_back({std::move(name), read.error().message});
  }
  auto next = nextCursor(*answer);
  if (!next) return next.error();
  page.next_cursor = std::move(*next);
  return page;
}

}  // namespace mensajero::channels::meta
