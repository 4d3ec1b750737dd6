#include "core/templates/template_sync.h"

#include <utility>

#include "common/bounded_json.h"
#include "core/templates/template_json.h"
#include "core/templates/template_validation.h"

namespace mensajero::core::templates {
namespace {

Error unavailable(std::string message) {
  return makeError(ErrorCategory::Invalid, "template_catalog_unavailable", std::move(message));
}

// The provider's refusal (Invalid, with its own code) or its absence, in codes the API maps:
// 422 template_refused_by_provider, 502 provider_unavailable.
Error providerError(const Error& error) {
  if (error.category == ErrorCategory::Invalid) {
    return makeError(ErrorCategory::Invalid, "template_refused_by_provider",
                     error.code + ": " + error.message);
  }
  return makeError(ErrorCategory::Retryable, "provider_unavailable",
                   error.code + ": " + error.message);
}

channels::TemplateSubmission submissionOf(const storage::TemplateRecord& record) {
  return {record.name, record.language, std::string(domain::toText(record.category)),
          record.parameter_format, record.content_json};
}

// Our rules over one of the provider's templates, as a record ready to upsert; the error code
// and message when they refuse it.
Result<storage::TemplateRecord> recordOf(const channels::CatalogTemplate& entry,
                                         std::string_view organization_id, UnixMillis now) {
  auto json = parseBoundedJson(entry.content_json);
  if (!json) return json.error();
  auto content = parseTemplateContent(*json);
  if (!content) return content.error();
  auto category = domain::parseTemplateCategory(entry.category);
  auto status = domain::parseTemplateStatus(entry.status);
  if (!category || !status) {
    return makeError(ErrorCategory::Invalid, "template_status_unknown",
                     "unknown category or status");
  }
  if (Status valid = validateTemplate({entry.name, entry.language, *category, *content}); !valid) {
    return valid.error();
  }
  storage::TemplateRecord record;
  record.organization_id = std::string(organization_id);
  record.name = entry.name;
  record.language = entry.language;
  record.category = *category;
  record.content_json = toJson(*content).dump();
  record.parameter_format = std::string(toText(content->parameter_format));
  record.provider_template_id = entry.provider_template_id;
  record.status = *status;
  record.created_at = now;
  record.updated_at = now;
  return record;
}

// Upserts one entry and counts it; a refusal by our rules is a skip, a store error an error.
Status importEntry(storage::Store& store, const channels::CatalogTemplate& entry,
                   std::string_view organization_id, UnixMillis now, ImportReport& report) {
  auto record = recordOf(entry, organization_id, now);
  if (!record) {
    report.skipped.push_back({entry.name, record.error().code + ": " + record.error().message});
    return {};
  }
  auto existing = store.findTemplateByName(organization_id, entry.name, entry.language);
  if (!existing) return existing.error();
  auto stored = store.upsertTemplateByName(std::move(*record));
  if (!stored) return stored.error();
  ++(existing->has_value() ? report.updated : report.imported);
  return {};
}

}  // namespace

Result<channels::TemplateCatalogPtr> openTemplateCatalog(
    storage::Store& store, const channels::ProviderRegistry& providers,
    transport::HttpClient& client, std::string_view organization_id) {
  auto channels = store.listChannelInstances(organization_id);
  if (!channels) return channels.error();
  std::string why = "the organization has no WhatsApp channel";
  for (const auto& channel : *channels) {
    if (channel.channel_type != domain::ChannelType::WhatsApp) continue;
    const channels::Provider* provider = providers.find(channel.provider);
    if (provider == nullptr) continue;
    auto config = provider->parseConfig(channel.provider_config);
    if (!config) {
      why = config.error().message;
      continue;
    }
    auto catalog = provider->makeTemplateCatalog(**config, client);
    if (catalog) return catalog;
    // The config's problem names a key, never a value (channels/provider.h).
    why = catalog.error().message;
  }
  return unavailable(std::move(why));
}

Result<storage::TemplateRecord> submitTemplate(storage::Store& store,
                                               channels::TemplateCatalog& catalog,
                                               std::string_view organization_id,
                                               std::string_view template_id, UnixMillis now) {
  auto found = store.findTemplate(organization_id, template_id);
  if (!found) return found.error();
  if (!found->has_value()) {
    return makeError(ErrorCategory::NotFound, "template_not_found", "no such template");
  }
  storage::TemplateRecord record = std::move(**found);
  if (record.provider_template_id) {
    return makeError(
        ErrorCategory::Conflict, "template_already_submitted",
        "the template was submitted already (provider id " + *record.provider_template_id + ")");
  }
  if (record.status == domain::TemplateStatus::Disabled) {
    return makeError(ErrorCategory::Conflict, "template_disabled",
                     "a disabled template cannot be submitted");
  }
  auto submitted = catalog.submit(submissionOf(record));
  if (!submitted) return providerError(submitted.error());
  record.provider_template_id = submitted->provider_template_id;
  record.status =
      domain::parseTemplateStatus(submitted->status).value_or(domain::TemplateStatus::Pending);
  record.category = domain::parseTemplateCategory(submitted->category).value_or(record.category);
  record.status_reason.reset();
  record.updated_at = now;
  return store.updateTemplate(std::move(record));
}

Result<ImportReport> importTemplates(storage::Store& store, channels::TemplateCatalog& catalog,
                                     std::string_view organization_id, UnixMillis now) {
  ImportReport report;
  std::string cursor;
  while (true) {
    if (report.pages == channels::kMaxCatalogPages) {
      return makeError(ErrorCategory::Invalid, "template_catalog_too_large",
                       "the account lists more than " + std::to_string(channels::kMaxCatalogPages) +
                           " pages of templates");
    }
    auto page = catalog.list(cursor);
    if (!page) return providerError(page.error());
    ++report.pages;
    for (auto& skipped : page->skipped) report.skipped.push_back(std::move(skipped));
    for (const auto& entry : page->templates) {
      if (Status done = importEntry(store, entry, organization_id, now, report); !done) {
        return done.error();
      }
    }
    if (!page->next_cursor) return report;
    cursor = std::move(*page->next_cursor);
  }
}

}  // namespace mensajero::core::templates
