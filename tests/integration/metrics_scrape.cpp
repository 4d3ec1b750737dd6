#include "integration/metrics_scrape.h"

#include <cstdlib>
#include <sstream>

namespace mensajero::testing {

Reply scrapeMetrics(Sandbox& sandbox, const std::string& token) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return sandbox.call("GET", sandbox.gatewayUrl("/metrics"), "", std::move(headers));
}

std::optional<double> seriesValue(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  std::string line;
  const std::string prefix = series + " ";
  while (std::getline(lines, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtod(line.c_str() + prefix.size(), nullptr);
  }
  return std::nullopt;
}

double metricValue(Sandbox& sandbox, const std::string& series) {
  return seriesValue(scrapeMetrics(sandbox).body, series).value_or(0);
}

}  // namespace mensajero::testing
