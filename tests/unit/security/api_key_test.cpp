#include "security/api_key.h"

#include <gtest/gtest.h>

#include "security/crypto.h"

namespace mensajero::security {
namespace {

TEST(ApiKeyTest, IssuedTokenHasPrefixAnd64HexDigits) {
  const IssuedApiKey key = issueApiKey();
  ASSERT_EQ(key.token.size(), 3u + 64u);
  EXPECT_EQ(key.token.substr(0, 3), "mj_");
  EXPECT_EQ(key.token.find_first_not_of("0123456789abcdef", 3), std::string::npos);
}

TEST(ApiKeyTest, StoredHashIsSha256OfToken) {
  const IssuedApiKey key = issueApiKey();
  EXPECT_EQ(key.hash, sha256Hex(key.token));
  EXPECT_EQ(key.hash, hashApiKey(key.token));
  EXPECT_EQ(key.hash.find(key.token.substr(3)), std::string::npos);
}

TEST(ApiKeyTest, HashIsStableAndKnown) {
  EXPECT_EQ(hashApiKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeyTest, IssuedKeysDiffer) { EXPECT_NE(issueApiKey().token, issueApiKey().token); }

TEST(ApiKeyTest, BearerTokenExtractsToken) {
  EXPECT_EQ(bearerToken("Bearer mj_abc"), "mj_abc");
  EXPECT_EQ(bearerToken("bearer mj_abc"), "mj_abc");
  EXPECT_EQ(bearerToken("BEARER   mj_abc  "), "mj_abc");
  EXPECT_EQ(bearerToken("\tBearer\tmj_abc"), "mj_abc");
}

TEST(ApiKeyTest, BearerTokenRejectsMalformedHeaders) {
  for (const char* bad : {"", "Bearer", "Bearer ", "Bearermj_abc", "Basic dXNlcjpwYXNz",
                          "Bearer a b", "mj_abc", "Token mj_abc"}) {
    EXPECT_EQ(bearerToken(bad), "") << bad;
  }
}

}  // namespace
}  // namespace mensajero::security
