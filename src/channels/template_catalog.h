#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

// A provider's catalog of message templates (Meta's WhatsApp Business Management API is the
// one today), in terms no provider owns. Made by Provider::makeTemplateCatalog.
namespace mensajero::channels {

// One template as the gateway stores it, to be submitted for the provider's review.
struct TemplateSubmission {
  std::string name;              // [a-z0-9_]
  std::string language;          // e.g. "es_MX"
  std::string category;          // utility | marketing | authentication
  std::string parameter_format;  // positional | named
  // The gateway's template content (message_templates.template_content: parameter_format,
  // header, body, footer, buttons, with examples); the provider translates it.
  std::string content_json;
};

// The provider's answer to a submission.
struct SubmittedTemplate {
  std::string provider_template_id;
  std::string status;    // lower case: pending | approved | rejected | ...
  std::string category;  // lower case; the provider may recategorise
};

// One template of the provider's catalog, translated into the gateway's terms.
struct CatalogTemplate {
  std::string provider_template_id;
  std::string name;
  std::string language;
  std::string category;          // lower case
  std::string status;            // lower case
  std::string parameter_format;  // positional | named
  std::string content_json;      // the gateway's content shape (see TemplateSubmission)
};

// An entry of a page the catalog could not use, and why (no PHI: names and ids only).
struct SkippedTemplate {
  std::string name;  // may be empty when the entry had none
  std::string reason;
};

struct CatalogPage {
  std::vector<CatalogTemplate> templates;
  std::vector<SkippedTemplate> skipped;
  std::optional<std::string> next_cursor;  // nullopt on the last page
};

// Bounds on what a catalog accepts from its provider; an answer past them is refused.
inline constexpr int kMaxCatalogPages = 50;
inline constexpr int kMaxTemplatesPerPage = 250;

// Thread-safe; the HttpClient it was made with must outlive it.
class TemplateCatalog {
 public:
  virtual ~TemplateCatalog() = default;
  // Submits a template for review. Invalid with the provider's code ("meta_100") when the
  // provider refused it; Retryable/Unavailable when it could not be reached or answered
  // something that is not its answer ("provider_bad_response").
  virtual Result<SubmittedTemplate> submit(const TemplateSubmission& submission) = 0;
  // One page of the account's templates, from `cursor` (empty: the first page). Entries the
  // gateway cannot use are listed in `skipped`; an answer that is not a page at all (too big,
  // not JSON, too many entries) is an error "provider_bad_response".
  virtual Result<CatalogPage> list(std::string_view cursor) = 0;
};

using TemplateCatalogPtr = std::unique_ptr<TemplateCatalog>;

}  // namespace mensajero::channels
