#include "channels/meta/meta_config.h"

#include <gtest/gtest.h>

namespace mensajero::channels::meta {
namespace {

TEST(MetaConfigTest, ParsesAllFields) {
  const Result<MetaConfig> config = parseMetaConfig(
      R"({"base_url":"http://127.0.0.1:8089/","api_version":"v24.0","phone_number_id":"106540352242922",)"
      R"("access_token":"tok","app_secret":"sec","verify_token":"ver","timeout_ms":2500})");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->base_url, "http://127.0.0.1:8089");
  EXPECT_EQ(config->api_version, "v24.0");
  EXPECT_EQ(config->phone_number_id, "106540352242922");
  EXPECT_EQ(config->access_token, "tok");
  EXPECT_EQ(config->app_secret, "sec");
  EXPECT_EQ(config->verify_token, "ver");
  EXPECT_EQ(config->timeout, std::chrono::milliseconds(2500));
}

TEST(MetaConfigTest, AppliesDefaults) {
  const Result<MetaConfig> config =
      parseMetaConfig(R"({"phone_number_id":"1","access_token":"tok"})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->base_url, kDefaultBaseUrl);
  EXPECT_EQ(config->api_version, kDefaultApiVersion);
  EXPECT_EQ(config->timeout, std::chrono::milliseconds(10'000));
}

TEST(MetaConfigTest, RoundTripsThroughJson) {
  MetaConfig original;
  original.base_url = "http://sim:1";
  original.phone_number_id = "1";
  original.access_token = "tok";
  original.app_secret = "sec";
  original.timeout = std::chrono::milliseconds(750);
  const Result<MetaConfig> parsed = parseMetaConfig(toJson(original));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->base_url, original.base_url);
  EXPECT_EQ(parsed->phone_number_id, original.phone_number_id);
  EXPECT_EQ(parsed->access_token, original.access_token);
  EXPECT_EQ(parsed->app_secret, original.app_secret);
  EXPECT_EQ(parsed->timeout, original.timeout);
}

TEST(MetaConfigTest, RejectsMissingOrMistypedFieldsByName) {
  struct Case {
    const char* json;
    const char* field;
  };
  for (const Case& c : {
           Case{R"({"access_token":"tok"})", "phone_number_id"},
           Case{R"({"phone_number_id":"1"})", "access_token"},
           Case{R"({"phone_number_id":"","access_token":"tok"})", "phone_number_id"},
           Case{R"({"phone_number_id":1,"access_token":"tok"})", "phone_number_id"},
           Case{R"({"phone_number_id":"1","access_token":"tok","timeout_ms":"5s"})", "timeout_ms"},
           Case{R"({"phone_number_id":"1","access_token":"tok","timeout_ms":1.5})", "timeout_ms"},
           Case{R"({"phone_number_id":"1","access_token":"tok","timeout_ms":0})", "timeout_ms"},
           Case{R"({"phone_number_id":"1","access_token":"tok","base_url":"/"})", "base_url"},
       }) {
    const Result<MetaConfig> config = parseMetaConfig(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_EQ(config.error().category, ErrorCategory::Invalid);
    EXPECT_NE(config.error().message.find(c.field), std::string::npos) << config.error().message;
  }
}

TEST(MetaConfigTest, ErrorsNeverEchoSecrets) {
  const Result<MetaConfig> config =
      parseMetaConfig(R"({"phone_number_id":"1","access_token":"s3cr3t","timeout_ms":-1})");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message.find("s3cr3t"), std::string::npos);
}

TEST(MetaConfigTest, RejectsNonObjects) {
  for (const char* json : {"", "[]", "not json", "null"}) {
    EXPECT_FALSE(parseMetaConfig(json).ok()) << json;
  }
}

}  // namespace
}  // namespace mensajero::channels::meta
