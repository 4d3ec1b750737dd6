#pragma once

#include <string_view>

namespace mensajero {

// Names the calling thread as `top`, `perf report --sort comm` and gdb show it (Linux keeps
// at most 15 bytes; longer names are cut). Profiles of issue 13 attribute time per thread
// by these names.
void nameThisThread(std::string_view name);

}  // namespace mensajero
