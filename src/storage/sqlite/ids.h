#pragma once

#include <string>

namespace mensajero::storage::sqlite {

// A time-ordered (version 7) UUID, lowercase, for rows whose record carries no id.
// Thread-safe.
std::string newId();

}  // namespace mensajero::storage::sqlite
