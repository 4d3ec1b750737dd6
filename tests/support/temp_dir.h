#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mensajero::testing {

// A fresh directory under the system temp dir, removed with everything in it on
// destruction unless MENSAJERO_KEEP_TEST_DIRS is set (to inspect logs after a failure).
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "mensajero-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    if (std::getenv("MENSAJERO_KEEP_TEST_DIRS") == nullptr) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace mensajero::testing
