#include "security/crypto.h"

#include <set>

#include <gtest/gtest.h>

namespace mensajero::security {
namespace {

TEST(CryptoTest, HmacSanityVector) {
  EXPECT_EQ(hmacSha256Hex("secret", "test"),
            "0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914");
}

TEST(CryptoTest, HmacWithEmptyKeyAndBody) {
  // RFC 4231 does not cover this; the value is HMAC-SHA256("", "") as computed by openssl.
  EXPECT_EQ(hmacSha256Hex("", ""),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(CryptoTest, Sha256KnownValues) {
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(constantTimeEquals("", "a"));
}

TEST(CryptoTest, RandomHexHasRequestedLengthAndVaries) {
  const std::string a = randomHex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, randomHex(16));
  EXPECT_EQ(randomHex(0), "");
}

TEST(CryptoTest, NewUuidIsVersion4Lowercase) {
  const std::string uuid = newUuid();
  ASSERT_TRUE(isUuid(uuid)) << uuid;
  EXPECT_EQ(uuid[14], '4');
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
  EXPECT_EQ(uuid.find_first_not_of("0123456789abcdef-"), std::string::npos);
}

TEST(CryptoTest, NewUuidsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    seen.insert(newUuid());
  }
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(CryptoTest, IsUuidAcceptsEitherCaseAndRejectsOtherShapes) {
  EXPECT_TRUE(isUuid("123e4567-e89b-42d3-a456-426614174000"));
  EXPECT_TRUE(isUuid("123E4567-E89B-42D3-A456-426614174000"));
  for (const char* bad :
       {"", "123e4567e89b42d3a456426614174000", "123e4567-e89b-42d3-a456-42661417400",
        "123e4567-e89b-42d3-a456-4266141740000", "123e4567-e89b-42d3-a456_426614174000",
        "g23e4567-e89b-42d3-a456-426614174000", "{123e4567-e89b-42d3-a456-426614174000}"}) {
    EXPECT_FALSE(isUuid(bad)) << bad;
  }
}

TEST(CryptoTest, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("f"), "Zg==");
  EXPECT_EQ(base64Encode("fo"), "Zm8=");
  EXPECT_EQ(base64Encode("foo"), "Zm9v");
  EXPECT_EQ(base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64Encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(CryptoTest, HmacSha1Base64KnownVector) {
  // RFC 2104 style example (as on Wikipedia's HMAC page), hex
  // de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9.
  EXPECT_EQ(hmacSha1Base64("key", "The quick brown fox jumps over the lazy dog"),
            "3nybhbi3iqa8ino29wqQcBydtNk=");
}

}  // namespace
}  // namespace mensajero::security
