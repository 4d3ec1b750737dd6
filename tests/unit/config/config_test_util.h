#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "app/config.h"

namespace mensajero::app::config_test {

using Environment = std::map<std::string, std::string>;

// A file in the temp directory holding `text`, removed when this goes out of scope.
class TempYaml {
 public:
  explicit TempYaml(const std::string& text) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("mensajero-config-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
              ".yaml"))
                .string();
    std::ofstream(path_) << text;
  }
  ~TempYaml() { std::filesystem::remove(path_); }
  TempYaml(const TempYaml&) = delete;
  TempYaml& operator=(const TempYaml&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline Config loadText(const std::string& yaml, const Environment& environment = {}) {
  TempYaml file(yaml);
  return loadConfig(file.path(), environment);
}

// The ConfigError that loading `yaml` throws; fails the test when nothing is thrown.
inline ConfigError loadError(const std::string& yaml, const Environment& environment = {}) {
  try {
    loadText(yaml, environment);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return ConfigError("<none>", "no error");
}

}  // namespace mensajero::app::config_test
