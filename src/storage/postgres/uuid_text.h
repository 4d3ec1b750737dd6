#pragma once

#include <string_view>

namespace mensajero::storage::postgres {

// True for the 8-4-4-4-12 hexadecimal form (either case) PostgreSQL's uuid type reads. Ids are
// uuid columns here, while records carry ids as text that may come from outside (URL paths).
bool isUuid(std::string_view text);

}  // namespace mensajero::storage::postgres
