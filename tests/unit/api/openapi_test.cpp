// docs/openapi.yaml and the router must describe the same routes.
#include <algorithm>
#include <cctype>
#include <set>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "api/api.h"
#include "channels/meta/meta_provider.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"
#include "transport/http_client.h"

namespace mensajero::api {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::set<std::string> documentedRoutes() {
  const char* source = std::getenv("MENSAJERO_SOURCE_DIR");
  EXPECT_NE(source, nullptr);
  const YAML::Node spec = YAML::LoadFile(std::string(source) + "/docs/openapi.yaml");
  std::set<std::string> routes;
  for (const auto& path : spec["paths"]) {
    for (const auto& operation : path.second) {
      const auto method = operation.first.as<std::string>();
      if (method == "parameters" || method == "summary" || method == "description") continue;
      routes.insert(method + " " + path.first.as<std::string>());
    }
  }
  return routes;
}

std::set<std::string> registeredRoutes() {
  testing::TempDir dir;
  auto store = storage::openStore({"sqlite:" + dir.file("openapi.db")});
  EXPECT_TRUE(store.ok());
  resilience::SystemClock clock;
  transport::CurlHttpClient http_client;
  channels::ProviderRegistry providers;
  channels::meta::registerProvider(providers);
  delivery::ChannelRegistry channels(**store, providers, http_client);
  core::SendService sender(**store, clock, "test");
  delivery::BreakerBoard breakers(**store, clock, {});
  delivery::Dispatcher dispatcher(**store, channels, breakers, clock, {});
  core::WebhookProcessor processor(**store, providers, clock, {});
  monitoring::HealthService health(clock);
  monitoring::RequestMetrics metrics(clock);
  ApiOptions options;
  options.webhook_path_aliases = {{"whatsapp", "meta"}};
  Api api({**store, sender, dispatcher, breakers, processor, health, metrics, clock, providers,
           http_client},
          options);
  http::Router router;
  api.registerRoutes(router);
  std::set<std::string> routes;
  for (const auto& route : router.routes())
    routes.insert(lower(route.method) + " " + route.pattern);
  return routes;
}

TEST(OpenApiTest, EveryRouteIsDocumented) {
  const auto documented = documentedRoutes();
  for (const auto& route : registeredRoutes()) {
    EXPECT_TRUE(documented.count(route)) << route << " is missing from docs/openapi.yaml";
  }
}

TEST(OpenApiTest, EveryDocumentedRouteExists) {
  const auto registered = registeredRoutes();
  for (const auto& route : documentedRoutes()) {
    EXPECT_TRUE(registered.count(route)) << route << " is documented but not served";
  }
}

}  // namespace
}  // namespace mensajero::api
