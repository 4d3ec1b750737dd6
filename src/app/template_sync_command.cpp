#include "app/template_sync_command.h"

#include <iostream>

#include "app/providers.h"
#include "app/store_setup.h"
#include "core/templates/template_sync.h"
#include "resilience/clock.h"
#include "transport/http_client.h"

namespace mensajero::app {
namespace {

// The organization named by id, else by name.
Result<storage::OrganizationRecord> findOrganization(storage::Store& store,
                                                     const std::string& organization) {
  auto by_id = store.findOrganization(organization);
  if (by_id && by_id->has_value()) return **by_id;
  auto by_name = store.findOrganizationByName(organization);
  if (!by_name) return by_name.error();
  if (!by_name->has_value()) {
    return makeError(ErrorCategory::NotFound, "organization_not_found",
                     "no organization has that id or name");
  }
  return **by_name;
}

}  // namespace

int runTemplatesSync(const Config& config, const std::string& organization) {
  auto store = openMigratedStore(config);
  auto found = findOrganization(*store, organization);
  if (!found) {
    std::cerr << "error: " << found.error().message << '\n';
    return 1;
  }
  transport::CurlHttpClient client;
  auto catalog =
      core::templates::openTemplateCatalog(*store, builtInProviders(), client, found->id);
  if (!catalog) {
    std::cerr << "error: " << catalog.error().code << ": " << catalog.error().message << '\n';
    return 1;
  }
  auto report = core::templates::importTemplates(*store, **catalog, found->id,
                                                 resilience::SystemClock().now());
  if (!report) {
    std::cerr << "error: " << report.error().code << ": " << report.error().message << '\n';
    return 1;
  }
  for (const auto& skipped : report->skipped) {
    std::cout << "skipped " << (skipped.name.empty() ? "(unnamed)" : skipped.name) << ": "
              << skipped.reason << '\n';
  }
  std::cout << "imported=" << report->imported << " updated=" << report->updated
            << " skipped=" << report->skipped.size() << std::endl;
  return 0;
}

}  // namespace mensajero::app
