#include "core/webhook_tenancy.h"

#include <gtest/gtest.h>

#include "channels/meta/meta_provider.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::core {
namespace {

storage::StatusEvent statusOn(const std::string& phone_number_id) {
  storage::StatusEvent event;
  event.external_id = "wamid.S";
  event.phone_number_id = phone_number_id;
  event.status = domain::DeliveryStatus::Delivered;
  return event;
}

storage::InboundEvent inboundOn(const std::string& phone_number_id) {
  storage::InboundEvent event;
  event.external_id = "wamid.I";
  event.phone_number_id = phone_number_id;
  return event;
}

ChannelNumbers clinicNumbers() {
  ChannelNumbers numbers;
  numbers.instance_by_phone_number_id = {{"111", "channel-1"}, {"222", "channel-2"}};
  return numbers;
}

TEST(WebhookTenancyTest, KeepsOnlyEventsOnTheOrganizationsNumbers) {
  storage::WebhookWork work;
  work.statuses = {statusOn("111"), statusOn("999"), statusOn(""), statusOn("222")};
  work.inbound = {inboundOn("999"), inboundOn("222")};
  const RefusedEvents refused = keepOrganizationEvents(work, clinicNumbers());
  EXPECT_EQ(refused.statuses, 2);
  EXPECT_EQ(refused.inbound, 1);
  EXPECT_EQ(refused.total(), 3);
  ASSERT_EQ(work.statuses.size(), 2u);
  EXPECT_EQ(work.statuses[0].phone_number_id, "111");
  EXPECT_EQ(work.statuses[1].phone_number_id, "222");
  ASSERT_EQ(work.inbound.size(), 1u);
  // A kept inbound message is filed under the channel instance of its number.
  EXPECT_EQ(work.inbound[0].channel_instance_id, "channel-2");
}

TEST(WebhookTenancyTest, AnOrganizationWithoutNumbersKeepsNothing) {
  storage::WebhookWork work;
  work.statuses = {statusOn("111")};
  work.inbound = {inboundOn("111")};
  EXPECT_EQ(keepOrganizationEvents(work, ChannelNumbers{}).total(), 2);
  EXPECT_TRUE(work.statuses.empty());
  EXPECT_TRUE(work.inbound.empty());
}

storage::TemplateEvent templateOf(const std::string& account_id) {
  storage::TemplateEvent event;
  event.account_id = account_id;
  event.provider_template_id = "7700001";
  event.status = "approved";
  return event;
}

TEST(WebhookTenancyTest, TemplateEventsMustNameAConfiguredAccount) {
  storage::WebhookWork work;
  work.templates = {templateOf("301"), templateOf("999"), templateOf("")};
  ChannelNumbers numbers = clinicNumbers();
  numbers.account_ids = {"301"};
  const RefusedEvents refused = keepOrganizationEvents(work, numbers);
  EXPECT_EQ(refused.templates, 2);
  ASSERT_EQ(work.templates.size(), 1u);
  EXPECT_EQ(work.templates[0].account_id, "301");
}

TEST(WebhookTenancyTest, TemplateEventsAreKeptWhenNoAccountIsConfigured) {
  // They name no phone number; they can only match the organization's own templates.
  storage::WebhookWork work;
  work.templates = {templateOf("999")};
  EXPECT_EQ(keepOrganizationEvents(work, clinicNumbers()).total(), 0);
  EXPECT_EQ(work.templates.size(), 1u);
}

TEST(WebhookTenancyTest, LoadsTheMetaNumbersOfOneOrganizationOnly) {
  testing::TempDir dir;
  storage::StoreOptions options;
  options.url = "sqlite:" + dir.file("store.db");
  auto store = storage::openStore(options);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->migrate().ok());
  const auto organization = [&](const std::string& name) {
    storage::OrganizationRecord record;
    record.name = name;
    return (*store)->createOrganization(record).value().id;
  };
  const std::string clinic = organization("Clinic");
  const std::string other = organization("Other");
  const auto channel = [&](const std::string& organization_id, const std::string& provider,
                           const std::string& config) {
    storage::ChannelInstanceRecord record;
    record.organization_id = organization_id;
    record.provider = provider;
    record.provider_config = config;
    return (*store)->upsertChannelInstance(record).value().id;
  };
  const std::string meta =
      channel(clinic, "meta", R"({"phone_number_id":"111","access_token":"t","app_secret":"s"})");
  channel(clinic, "twilio", R"({"phone_number_id":"333"})");
  channel(other, "meta", R"({"phone_number_id":"222","access_token":"t","app_secret":"s"})");

  channels::ProviderRegistry providers;
  channels::meta::registerProvider(providers);
  auto numbers = loadChannelNumbers(**store, providers, clinic);
  ASSERT_TRUE(numbers.ok()) << numbers.error().message;
  EXPECT_TRUE(numbers->contains("111"));
  EXPECT_FALSE(numbers->contains("222"));
  EXPECT_FALSE(numbers->contains("333"));
  EXPECT_EQ(numbers->instance_by_phone_number_id.at("111"), meta);
}

}  // namespace
}  // namespace mensajero::core
