// libFuzzer target: a configuration file through loadConfig. Its contract is to throw
// ConfigError for anything wrong; any other exception or a crash is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include <sys/mman.h>
#include <unistd.h>

#include "app/config.h"

namespace {

// The file loadConfig reads: an in-memory file, rewritten for every input, so fuzzing never
// touches the disk.
int configFile() {
  static const int fd = memfd_create("mensajero-fuzz-config", 0);
  if (fd < 0) std::abort();
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = configFile();
  if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
    std::abort();
  }
  // Variables the file may reference as ${NAME}.
  static const std::map<std::string, std::string> environment = {
      {"API_TOKEN", "token"},          {"PORT", "9090"},
      {"META_ACCESS_TOKEN", "token"},  {"META_APP_SECRET", "secret"},
      {"META_VERIFY_TOKEN", "verify"}, {"MENSAJERO_SERVER_PORT", "8081"}};
  try {
    (void)mensajero::app::loadConfig("/proc/self/fd/" + std::to_string(fd), environment);
  } catch (const mensajero::app::ConfigError&) {
    // The documented refusal.
  }
  return 0;
}
