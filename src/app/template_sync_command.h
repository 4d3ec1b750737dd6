#pragma once

#include <string>

#include "app/config.h"

namespace mensajero::app {

// `mensajero templates sync --org <id or name>`: imports every template of the organization's
// WhatsApp account (core/templates/template_sync.h). Prints one line per skipped template
// (name and reason) and, last, "imported=<n> updated=<n> skipped=<n>". Exit 0 on success, 1
// when the organization, its provider or the store failed (what was imported stays).
int runTemplatesSync(const Config& config, const std::string& organization);

}  // namespace mensajero::app
