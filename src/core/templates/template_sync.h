#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channels/provider_registry.h"
#include "channels/template_catalog.h"
#include "common/result.h"
#include "storage/store.h"

namespace mensajero::transport {
class HttpClient;
}

// Template sync with the WhatsApp provider (issue 11, item 2): submitting one of the
// organization's templates for review and importing the templates its account already has.
// The provider side is a channels::TemplateCatalog; nothing here names a provider.
namespace mensajero::core::templates {

// The catalog of the organization's WhatsApp account: the first WhatsApp channel instance
// (any status) whose provider manages templates and whose config has what that needs.
// Invalid "template_catalog_unavailable" naming why when there is none (no WhatsApp channel,
// or its config lacks the account id); store errors as they are. `client` must outlive it.
Result<channels::TemplateCatalogPtr> openTemplateCatalog(
    storage::Store& store, const channels::ProviderRegistry& providers,
    transport::HttpClient& client, std::string_view organization_id);

// Submits the organization's template `template_id` for review and stores what the provider
// answered: provider_template_id, status (pending) and category (the provider may change it).
// NotFound template_not_found; Conflict template_already_submitted when it has a provider id
// already, template_disabled when disabled; Invalid template_refused_by_provider (the
// provider's code and message in the message) when the provider refused it, Retryable
// provider_unavailable when it could not be asked or answered nonsense. NOTE: when the provider
// accepted it but storing its id failed, the next import links the template by name and language.
Result<storage::TemplateRecord> submitTemplate(storage::Store& store,
                                               channels::TemplateCatalog& catalog,
                                               std::string_view organization_id,
                                               std::string_view template_id, UnixMillis now);

struct ImportReport {
  int pages = 0;
  int imported = 0;                                // new to the organization
  int updated = 0;                                 // replaced an existing (name, language)
  std::vector<channels::SkippedTemplate> skipped;  // the provider's and ours (validation)
};

// Imports every template of the account into the organization (upsertTemplateByName), page
// by page, at most channels::kMaxCatalogPages pages. An entry the gateway's rules
// (template_validation.h) refuse is skipped with its error code. Errors: as submitTemplate's
// for the provider (what was imported before stays), Invalid "template_catalog_too_large" past the
// page bound, the store's.
Result<ImportReport> importTemplates(storage::Store& store, channels::TemplateCatalog& catalog,
                                     std::string_view organization_id, UnixMillis now);

}  // namespace mensajero::core::templates
