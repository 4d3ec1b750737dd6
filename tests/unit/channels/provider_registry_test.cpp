#include "channels/provider_registry.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "channels/meta/meta_provider.h"

namespace mensajero::channels {
namespace {

TEST(ProviderRegistryTest, FindsARegisteredProviderByName) {
  ProviderRegistry registry;
  meta::registerProvider(registry);
  ASSERT_NE(registry.find("meta"), nullptr);
  EXPECT_EQ(registry.find("meta")->name(), "meta");
  EXPECT_EQ(registry.find("nexmo"), nullptr);
  EXPECT_EQ(registry.names(), std::vector<std::string>{"meta"});
}

TEST(ProviderRegistryTest, RefusesASecondProviderOfTheSameName) {
  ProviderRegistry registry;
  meta::registerProvider(registry);
  EXPECT_THROW(meta::registerProvider(registry), std::logic_error);
}

TEST(ProviderRegistryTest, WebhookIdentityComesFromTheProvidersConfig) {
  ProviderRegistry registry;
  meta::registerProvider(registry);
  const auto identity = registry.webhookIdentity(
      "meta", R"({"phone_number_id":"106","access_token":"t","app_secret":"s"})");
  ASSERT_TRUE(identity.has_value());
  EXPECT_EQ(identity->number_id, "106");
  EXPECT_TRUE(identity->verifiable);
  // A config that does not parse names no number and verifies nothing.
  const auto broken = registry.webhookIdentity("meta", "not json");
  ASSERT_TRUE(broken.has_value());
  EXPECT_TRUE(broken->number_id.empty());
  EXPECT_FALSE(broken->verifiable);
  // A provider this build lacks sends no webhooks it reads.
  EXPECT_FALSE(registry.webhookIdentity("smtp", "{}").has_value());
}

TEST(ProviderRegistryTest, ParseConfigNamesTheProviderAndField) {
  const meta::MetaProvider provider;
  auto parsed = provider.parseConfig(R"({"access_token":"s3cr3t"})");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "invalid_config");
  EXPECT_NE(parsed.error().message.find("meta config: phone_number_id"), std::string::npos)
      << parsed.error().message;
  EXPECT_EQ(parsed.error().message.find("s3cr3t"), std::string::npos);
}

}  // namespace
}  // namespace mensajero::channels
