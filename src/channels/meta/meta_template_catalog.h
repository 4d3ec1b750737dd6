#pragma once

#include "channels/meta/meta_config.h"
#include "channels/template_catalog.h"
#include "transport/http_client.h"

namespace mensajero::channels::meta {

// The templates of one WhatsApp Business Account, through the WhatsApp Business Management
// API: POST and GET {base_url}/{api_version}/{waba_id}/message_templates. The config's
// waba_id must be set (MetaProvider::makeTemplateCatalog checks). Every answer is bounded
// (kMaxAnswerBytes, kMaxTemplatesPerPage, Meta's own lengths per entry); one past the bounds
// is refused as "provider_bad_response", a bad entry is skipped with its reason.
class MetaTemplateCatalog final : public TemplateCatalog {
 public:
  static constexpr std::size_t kMaxAnswerBytes = 4 * 1024 * 1024;
  static constexpr std::size_t kMaxCursorBytes = 1024;

  MetaTemplateCatalog(MetaConfig config, transport::HttpClient& client);

  Result<SubmittedTemplate> submit(const TemplateSubmission& submission) override;
  Result<CatalogPage> list(std::string_view cursor) override;

 private:
  transport::HttpCall call(std::string method, std::string query) const;

  MetaConfig config_;
  transport::HttpClient& client_;
};

}  // namespace mensajero::channels::meta
