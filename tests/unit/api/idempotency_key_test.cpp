#include "api/idempotency_key.h"

#include <gtest/gtest.h>

namespace mensajero::api {
namespace {

Result<std::optional<std::string>> keyOf(std::optional<std::string> value) {
  http::Request request;
  if (value) request.headers.push_back({"Idempotency-Key", *value});
  return idempotencyKeyOf(request);
}

TEST(IdempotencyKeyTest, AbsentHeaderIsNoKey) {
  auto key = keyOf(std::nullopt);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST(IdempotencyKeyTest, BareTokenAndQuotedSfStringAreTheSameKey) {
  EXPECT_EQ(**keyOf("8e03978e-40d5-43e8-bc93-6894a57f9324"),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(**keyOf("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
}

TEST(IdempotencyKeyTest, LengthIsOneTo255) {
  EXPECT_TRUE(keyOf(std::string(255, 'k')).ok());
  EXPECT_TRUE(keyOf("\"" + std::string(255, 'k') + "\"").ok());
  for (const std::string& bad : {std::string(256, 'k'), std::string(""), std::string("\"\"")}) {
    auto key = keyOf(bad);
    ASSERT_FALSE(key.ok()) << bad.size();
    EXPECT_EQ(key.error().code, "invalid_idempotency_key");
  }
}

TEST(IdempotencyKeyTest, SpacesQuotesControlAndNonAsciiAreRefused) {
  for (const std::string bad : {"a b", "a\"b", "a\\b", "a\tb", "clave-ñ", "\"open"}) {
    EXPECT_FALSE(keyOf(bad).ok()) << bad;
  }
}

TEST(IdempotencyKeyTest, FingerprintIgnoresMemberOrderAndSpacing) {
  const auto a = nlohmann::json::parse(R"({"message":{"type":"text","content":"Hola"},"x":1})");
  const auto b =
      nlohmann::json::parse(R"({ "x" : 1, "message" : {"content":"Hola","type":"text"}})");
  const auto c = nlohmann::json::parse(R"({"message":{"type":"text","content":"Hola!"},"x":1})");
  EXPECT_EQ(requestFingerprint(a), requestFingerprint(b));
  EXPECT_NE(requestFingerprint(a), requestFingerprint(c));
  EXPECT_EQ(requestFingerprint(a).size(), 64u);
}

}  // namespace
}  // namespace mensajero::api
