#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::Environment;
using config_test::loadError;
using config_test::loadText;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMetaChannel = R"yaml(
      - type: whatsapp
        provider: meta
        provider_config:
          phone_number_id: "106540352242922"
          access_token: ${META_ACCESS_TOKEN}
          app_secret: ${META_APP_SECRET}
          base_url: http://127.0.0.1:9901
          timeout_ms: 2500
          extra: {nested: [1, "two", true]}
)yaml";

const Environment kSecrets = {{"META_ACCESS_TOKEN", "EAAG-token"},
                              {"META_APP_SECRET", "0123456789"}};

// A valid Twilio provider_config (flow mapping), for channels that are not under test.
constexpr const char* kTwilioConfig =
    "{account_sid: AC0123456789abcdef0123456789abcdef, auth_token: t, from: '+14155238886'}";

std::string organization(const std::string& body) { return "organizations:\n  - " + body; }

TEST(ConfigOrganizationsTest, ReadsOrganizationAndChannel) {
  Config config = loadText(organization("id: 5B0C7A42-9D4E-4C1B-8F3A-2E6D1C0B9A87\n"
                                        "    name: Clinica Demo\n"
                                        "    default_region: MX\n"
                                        "    channels:") +
                               kMetaChannel,
                           kSecrets);
  ASSERT_EQ(config.organizations.size(), 1u);
  const OrganizationSeed& seed = config.organizations[0];
  EXPECT_EQ(seed.id, "5b0c7a42-9d4e-4c1b-8f3a-2e6d1c0b9a87");
  EXPECT_EQ(seed.name, "Clinica Demo");
  EXPECT_EQ(seed.default_region, "MX");
  ASSERT_EQ(seed.channels.size(), 1u);
  EXPECT_EQ(seed.channels[0].type, "whatsapp");
  EXPECT_EQ(seed.channels[0].provider, "meta");
  nlohmann::json provider_config = nlohmann::json::parse(seed.channels[0].provider_config_json);
  EXPECT_EQ(provider_config["phone_number_id"], "106540352242922");
  EXPECT_EQ(provider_config["access_token"], "EAAG-token");
  EXPECT_EQ(provider_config["timeout_ms"], 2500);
  EXPECT_EQ(provider_config["extra"], nlohmann::json::parse(R"({"nested":[1,"two",true]})"));
}

TEST(ConfigOrganizationsTest, OptionalFieldsKeepDefaults) {
  Config config = loadText(organization("name: Solo\n"));
  ASSERT_EQ(config.organizations.size(), 1u);
  EXPECT_FALSE(config.organizations[0].id.has_value());
  EXPECT_EQ(config.organizations[0].default_region, "US");
  EXPECT_TRUE(config.organizations[0].channels.empty());
}

// A token made of digits must not turn into a JSON number after substitution.
TEST(ConfigOrganizationsTest, SubstitutedValuesStayStrings) {
  Config config = loadText(organization("name: A\n    channels:") + kMetaChannel,
                           {{"META_ACCESS_TOKEN", "12345"}, {"META_APP_SECRET", "true"}});
  auto provider_config =
      nlohmann::json::parse(config.organizations[0].channels[0].provider_config_json);
  EXPECT_EQ(provider_config["access_token"], "12345");
  EXPECT_EQ(provider_config["app_secret"], "true");
}

TEST(ConfigOrganizationsTest, MissingVariableInProviderConfigIsNamed) {
  ConfigError error = loadError(organization("name: A\n    channels:") + kMetaChannel,
                                {{"META_ACCESS_TOKEN", "x"}});
  EXPECT_EQ(error.key(), "organizations[0].channels[0].provider_config.app_secret");
  EXPECT_THAT(error.what(), HasSubstr("META_APP_SECRET"));
}

TEST(ConfigOrganizationsTest, NameIsRequiredAndUnique) {
  EXPECT_EQ(loadError(organization("default_region: MX\n")).key(), "organizations[0].name");
  EXPECT_EQ(loadError(organization("name: ''\n")).key(), "organizations[0].name");
  ConfigError duplicate = loadError(organization("name: A\n  - name: B\n  - name: A\n"));
  EXPECT_EQ(duplicate.key(), "organizations[2].name");
  EXPECT_THAT(duplicate.what(), HasSubstr("organizations[0]"));
}

TEST(ConfigOrganizationsTest, IdMustBeAUniqueUuid) {
  EXPECT_EQ(loadError(organization("name: A\n    id: 1234\n")).key(), "organizations[0].id");
  EXPECT_EQ(
      loadError(organization("name: A\n    id: 5b0c7a42-9d4e-4c1b-8f3a-2e6d1c0b9a8g\n")).key(),
      "organizations[0].id");
  const std::string id = "5b0c7a42-9d4e-4c1b-8f3a-2e6d1c0b9a87";
  EXPECT_EQ(
      loadError(organization("name: A\n    id: " + id + "\n  - name: B\n    id: " + id + "\n"))
          .key(),
      "organizations[1].id");
}

TEST(ConfigOrganizationsTest, RegionMustBeTwoUppercaseLetters) {
  for (const char* region : {"mx", "MEX", "M1", "''"}) {
    EXPECT_EQ(
        loadError(organization("name: A\n    default_region: " + std::string(region) + "\n")).key(),
        "organizations[0].default_region")
        << region;
  }
}

TEST(ConfigOrganizationsTest, UnknownKeysAreNamedButProviderConfigPassesThrough) {
  EXPECT_EQ(loadError(organization("name: A\n    region: MX\n")).key(), "organizations[0].region");
  EXPECT_EQ(loadError(organization("name: A\n    channels:\n      - type: sms\n"
                                   "        provider: twilio\n        provder: x\n"))
                .key(),
            "organizations[0].channels[0].provder");
  Config config = loadText(
      organization("name: A\n    channels:\n      - type: sms\n"
                   "        provider: twilio\n"
                   "        provider_config: {account_sid: AC0123456789abcdef0123456789abcdef,"
                   " auth_token: t, from: '+14155238886', any: 3}\n"));
  EXPECT_EQ(config.organizations[0].channels[0].provider_config_json,
            R"({"account_sid":"AC0123456789abcdef0123456789abcdef","any":3,)"
            R"("auth_token":"t","from":"+14155238886"})");
}

TEST(ConfigOrganizationsTest, ChannelTypeAndProviderAreChecked) {
  std::string prefix = organization(
      "name: A\n    channels:\n      - type: sms\n"
      "        provider: twilio\n        provider_config: " +
      std::string(kTwilioConfig) + "\n");
  EXPECT_EQ(loadError(prefix + "      - type: fax\n        provider: twilio\n").key(),
            "organizations[0].channels[1].type");
  EXPECT_EQ(loadError(prefix + "      - type: sms\n        provider: nexmo\n").key(),
            "organizations[0].channels[1].provider");
  EXPECT_EQ(loadError(prefix + "      - type: whatsapp\n        provider: smtp\n").key(),
            "organizations[0].channels[1].provider");
  EXPECT_EQ(loadError(prefix + "      - provider: twilio\n").key(),
            "organizations[0].channels[1].type");
  EXPECT_EQ(loadError(prefix + "      - type: email\n").key(),
            "organizations[0].channels[1].provider");
}

TEST(ConfigOrganizationsTest, ChannelsAreUniquePerTypeAndProvider) {
  ConfigError error =
      loadError(organization("name: A\n    channels:\n"
                             "      - {type: sms, provider: twilio, provider_config: " +
                             std::string(kTwilioConfig) +
                             "}\n"
                             "      - {type: whatsapp, provider: twilio, provider_config: " +
                             std::string(kTwilioConfig) +
                             "}\n"
                             "      - {type: sms, provider: twilio, provider_config: " +
                             std::string(kTwilioConfig) + "}\n"));
  EXPECT_EQ(error.key(), "organizations[0].channels[2]");
  EXPECT_THAT(error.what(), HasSubstr("channels[0]"));
}

TEST(ConfigOrganizationsTest, MetaChannelWithoutProviderConfigIsNamed) {
  ConfigError error =
      loadError(organization("name: A\n  - name: B\n    channels:\n"
                             "      - {type: sms, provider: twilio, provider_config: " +
                             std::string(kTwilioConfig) +
                             "}\n"
                             "      - {type: whatsapp, provider: meta}\n"));
  EXPECT_EQ(error.key(), "organizations[1].channels[1].provider_config.phone_number_id");
  EXPECT_THAT(error.what(), HasSubstr("required"));
}

ConfigError metaError(const std::string& provider_config) {
  return loadError(
      organization("name: A\n    channels:\n      - type: whatsapp\n"
                   "        provider: meta\n        provider_config: " +
                   provider_config + "\n"));
}

TEST(ConfigOrganizationsTest, MetaFieldsAreValidatedByName) {
  const std::string key = "organizations[0].channels[0].provider_config.";
  EXPECT_EQ(metaError("{access_token: t}").key(), key + "phone_number_id");
  EXPECT_EQ(metaError("{phone_number_id: '1'}").key(), key + "access_token");
  EXPECT_EQ(metaError("{phone_number_id: '1', access_token: ''}").key(), key + "access_token");
  EXPECT_EQ(metaError("{phone_number_id: '1', access_token: t, app_secret: 7}").key(),
            key + "app_secret");
  EXPECT_EQ(metaError("{phone_number_id: '1', access_token: t, base_url: ftp://x}").key(),
            key + "base_url");
  EXPECT_EQ(metaError("{phone_number_id: '1', access_token: t, timeout_ms: 0}").key(),
            key + "timeout_ms");
  EXPECT_EQ(metaError("{phone_number_id: '1', access_token: t, timeout_ms: '10'}").key(),
            key + "timeout_ms");
  EXPECT_EQ(metaError("[1]").key(), "organizations[0].channels[0].provider_config");
}

TEST(ConfigOrganizationsTest, ReadsTwilioSmsChannel) {
  Config config =
      loadText(organization("name: A\n    channels:\n      - type: sms\n        provider: twilio\n"
                            "        provider_config:\n"
                            "          account_sid: AC0123456789abcdef0123456789abcdef\n"
                            "          auth_token: ${TWILIO_AUTH_TOKEN}\n"
                            "          from: '+14155238886'\n          max_segments: 4\n"),
               {{"TWILIO_AUTH_TOKEN", "tok"}});
  const ChannelSeed& channel = config.organizations[0].channels[0];
  EXPECT_EQ(channel.type, "sms");
  EXPECT_EQ(channel.provider, "twilio");
  const nlohmann::json provider_config = nlohmann::json::parse(channel.provider_config_json);
  EXPECT_EQ(provider_config["auth_token"], "tok");
  EXPECT_EQ(provider_config["max_segments"], 4);
}

ConfigError twilioError(const std::string& provider_config, const std::string& type = "sms") {
  return loadError(organization(
      "name: A\n    channels:\n      - type: " + type +
      "\n        provider: twilio\n        provider_config: " + provider_config + "\n"));
}

TEST(ConfigOrganizationsTest, TwilioFieldsAreValidatedByName) {
  const std::string key = "organizations[0].channels[0].provider_config";
  const std::string sid = "account_sid: AC0123456789abcdef0123456789abcdef";
  EXPECT_EQ(twilioError("{auth_token: t, from: '+14155238886'}").key(), key + ".account_sid");
  EXPECT_EQ(twilioError("{account_sid: AC12, auth_token: t, from: '+14155238886'}").key(),
            key + ".account_sid");
  EXPECT_EQ(twilioError("{" + sid + ", from: '+14155238886'}").key(), key + ".auth_token");
  EXPECT_EQ(twilioError("{" + sid + ", auth_token: t}").key(), key + ".from");
  EXPECT_EQ(twilioError("{" + sid + ", auth_token: t, from: '14155238886'}").key(), key + ".from");
  EXPECT_EQ(
      twilioError("{" + sid + ", auth_token: t, from: '+14155238886', max_segments: 0}").key(),
      key + ".max_segments");
  EXPECT_EQ(twilioError("{" + sid +
                        ", auth_token: t, from: '+14155238886',"
                        " status_callback_url: 'https://a_b.example/x'}")
                .key(),
            key + ".status_callback_url");
  EXPECT_EQ(twilioError("[1]").key(), key);
  EXPECT_THAT(twilioError("{" + sid + ", auth_token: t, from: '14155238886'}").what(),
              HasSubstr("E.164"));
}

TEST(ConfigOrganizationsTest, TwilioAuthTokenIsNotEchoed) {
  ConfigError error = twilioError(
      "{account_sid: AC0123456789abcdef0123456789abcdef, auth_token: 'sec ret', from: '+1415'}");
  EXPECT_THAT(error.what(), Not(HasSubstr("sec ret")));
}

TEST(ConfigOrganizationsTest, UnquotedNumericPhoneIdGetsAHint) {
  ConfigError error = metaError("{phone_number_id: 106540352242922, access_token: t}");
  EXPECT_EQ(error.key(), "organizations[0].channels[0].provider_config.phone_number_id");
  EXPECT_THAT(error.what(), HasSubstr("quote"));
}

TEST(ConfigOrganizationsTest, SecretsAreNotEchoedInErrors) {
  ConfigError error = metaError("{phone_number_id: '1', access_token: 987654321}");
  EXPECT_THAT(error.what(), Not(HasSubstr("987654321")));
}

TEST(ConfigOrganizationsTest, WrongShapesAreNamed) {
  EXPECT_EQ(loadError("organizations: {name: A}\n").key(), "organizations");
  EXPECT_EQ(loadError("organizations:\n  - name: A\n  -\n").key(), "organizations[1]");
  EXPECT_EQ(loadError(organization("name: A\n    channels: whatsapp\n")).key(),
            "organizations[0].channels");
  EXPECT_EQ(loadError(organization("name: {first: A}\n")).key(), "organizations[0].name");
}

}  // namespace
}  // namespace mensajero::app

namespace mensajero::app {
namespace {

using config_test::loadError;
using config_test::loadText;

TEST(ConfigFallbackChannelsTest, ReadsTheOrganizationsDefaultPlan) {
  const Config config =
      loadText("organizations:\n  - name: A\n    default_fallback_channels: [sms, voice]\n");
  ASSERT_EQ(config.organizations.size(), 1u);
  EXPECT_EQ(config.organizations[0].default_fallback_channels,
            (std::vector<std::string>{"sms", "voice"}));
  EXPECT_TRUE(
      loadText("organizations:\n  - name: A\n").organizations[0].default_fallback_channels.empty());
}

TEST(ConfigFallbackChannelsTest, RefusesWhatASendRequestWouldBeRefused) {
  for (const char* plan : {"[fax]", "[sms, sms]", "[sms, voice, email, sms]", "[whatsapp]"}) {
    const ConfigError error = loadError(
        std::string("organizations:\n  - name: A\n    default_fallback_channels: ") + plan + "\n");
    EXPECT_EQ(error.key(), "organizations[0].default_fallback_channels") << plan;
  }
  EXPECT_THAT(
      loadError("organizations:\n  - name: A\n    default_fallback_channels: [sms, sms]\n").what(),
      ::testing::HasSubstr("twice"));
}

TEST(ConfigDefaultLanguageTest, ReadsTheTemplateLanguageAndDefaultsToSpanish) {
  EXPECT_EQ(loadText("organizations:\n  - name: A\n    default_language: es_MX\n")
                .organizations[0]
                .default_language,
            "es_MX");
  EXPECT_EQ(loadText("organizations:\n  - name: A\n").organizations[0].default_language, "es");
  const ConfigError error =
      loadError("organizations:\n  - name: A\n    default_language: spanish\n");
  EXPECT_EQ(error.key(), "organizations[0].default_language");
}

}  // namespace
}  // namespace mensajero::app
